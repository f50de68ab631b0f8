import { describe, expect, it } from 'vitest';
import { editorSession, insertDuplicatePerson, M } from './helpers/mutations.js';
import { idOf, recordBySlug } from './helpers/records.js';
import { databaseSnapshot } from './helpers/snapshot.js';

const SEARCH = `query($q: String!) {
  search(query: $q, first: 20) {
    totalCount
    nodes { slug }
    facets { docTypes { docType count } people(limit: 100) { person { slug } role count } }
  }
}`;

interface SearchResult {
  search: {
    totalCount: number;
    nodes: { slug: string }[];
    facets: {
      docTypes: { docType: string; count: number }[];
      people: { person: { slug: string }; role: string; count: number }[];
    };
  };
}

describe('search and facets follow every write at once', () => {
  it('when a document is created, corrected and deleted, then search and facets show each state immediately', async () => {
    const { app, write } = editorSession();
    const search = async (q: string) => (await app.data<SearchResult>(SEARCH, { q })).search;
    expect((await search('Sinuiju')).totalCount).toBe(0);
    const created = await write<{ createDocument: { document: { id: string; slug: string } } }>(
      'createDocument',
      {
        title: 'Report on the Sinuiju airfield',
        docType: 'REPORT',
        people: [{ person: idOf(app, 'Person', 'vasilevsky'), role: 'AUTHOR' }],
      },
    );
    const { id, slug } = created.data?.createDocument.document ?? { id: '', slug: '' };
    const found = await search('Sinuiju');
    expect(found.nodes).toEqual([{ slug }]);
    expect(found.facets.docTypes).toEqual([{ docType: 'REPORT', count: 1 }]);
    expect(found.facets.people).toEqual([{ person: { slug: 'vasilevsky' }, role: 'AUTHOR', count: 1 }]);

    await write('updateDocument', { id, expectedVersion: 1, title: 'Report on the Antung airfield' });
    expect((await search('Sinuiju')).totalCount).toBe(0);
    expect((await search('Antung')).nodes).toEqual([{ slug }]);

    await write('deleteDocument', { id, expectedVersion: 2 });
    expect((await search('Antung')).totalCount).toBe(0);
    const { id: rowId } = { id: Number(Buffer.from(id, 'base64').toString().split(':')[1]) };
    expect(
      app.db.$client.prepare('select count(*) from documents_fts_text where id = ?').pluck().get(rowId),
    ).toBe(0);
  });

  it('when a person gains a name or absorbs a duplicate, then their documents are found by it at once', async () => {
    const { app, write } = editorSession();
    const search = async (q: string) => (await app.data<SearchResult>(SEARCH, { q })).search;
    const gromyko = recordBySlug(app, 'Person', 'gromyko');
    expect((await search('Andrei')).totalCount).toBe(0);
    await write('updatePerson', {
      id: gromyko.globalId,
      expectedVersion: 1,
      alternateNames: [{ name: 'Andrei Gromyko', type: 'VARIANT' }],
    });
    expect((await search('Andrei')).nodes).toEqual([
      { slug: '1950-09-29-telegram-shtykov-to-gromyko-and-stalin' },
    ]);

    const duplicate = insertDuplicatePerson(app);
    await write('mergePeople', {
      keep: idOf(app, 'Person', 'shtykov'),
      keepExpectedVersion: 1,
      merge: duplicate,
      mergeExpectedVersion: 1,
    });
    // The duplicate's name is now an alternate name of Shtykov: every Shtykov document matches it.
    const shtykovDocuments = app.db.$client
      .prepare('select count(distinct document_id) from document_people where person_id = ?')
      .pluck()
      .get(recordBySlug(app, 'Person', 'shtykov').id);
    expect((await search('"Shtykov T.F."')).totalCount).toBe(shtykovDocuments);
  });

  it('when a write fails half-way, then the search index is exactly as before', async () => {
    const { app, key } = editorSession();
    app.db.$client.exec(
      `create temp trigger forced_failure before insert on main.audit_log begin select raise(abort, 'forced failure'); end`,
    );
    const indexBefore = app.db.$client.prepare('select * from documents_fts_text order by id').all();
    const before = databaseSnapshot(app.db);
    const result = await app.request(
      M.updateDocument,
      {
        input: {
          id: idOf(app, 'Document', '1950-09-21-telegram-vasilevsky-to-stalin'),
          expectedVersion: 1,
          title: 'Sinuiju',
        },
      },
      { key },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(app.db.$client.prepare('select * from documents_fts_text order by id').all()).toEqual(indexBefore);
    expect(databaseSnapshot(app.db)).toEqual(before);
    expect((await app.data<SearchResult>(SEARCH, { q: 'Sinuiju' })).search.totalCount).toBe(0);
  });
});
