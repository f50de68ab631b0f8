import { describe, expect, it } from 'vitest';
import { checkSearchIndex } from '../db/search-index.js';
import { generateCorpus } from '../src/data/generate.js';
import { createTestApp } from './helpers/app.js';
import { countRows, exportText, importText, jsonl } from './helpers/bulk.js';
import { documentRecord, personRecord, topicRecord } from './helpers/factories.js';

const synthetic = [...generateCorpus({ documents: 300, seed: 11 })].join('');

describe('import and export round trip', () => {
  it('when the seed corpus is exported, imported into an empty archive and exported again, then both exports are the same bytes', async () => {
    const source = createTestApp();
    const first = exportText(source.db);
    const target = createTestApp({ seed: false });
    const summary = await importText(target.db, first);
    expect(summary).toMatchObject({ committed: true, rejected: 0, byType: { document: 10 } });
    expect(exportText(target.db)).toBe(first);
  });

  it('when a synthetic corpus goes through export, import and export in small chunks, then the exports are identical and every record came across', async () => {
    const a = createTestApp({ seed: false });
    const loaded = await importText(a.db, synthetic);
    expect(loaded).toMatchObject({ committed: true, rejected: 0, inserted: loaded.records });
    const first = exportText(a.db, { chunkSize: 7 });
    expect(first.split('\n').filter(Boolean)).toHaveLength(loaded.records);
    const b = createTestApp({ seed: false });
    await importText(b.db, first);
    expect(exportText(b.db, { chunkSize: 13 })).toBe(first);
    for (const table of [
      'documents',
      'document_people',
      'document_topics',
      'document_languages',
      'person_names',
    ])
      expect(countRows(b.db, table)).toBe(countRows(a.db, table));
  });

  it('when a first import into an empty archive rebuilds the indexes at the end, then the schema is exactly as before and the planner uses them', async () => {
    const app = createTestApp({ seed: false });
    const schema = () =>
      app.db.$client.prepare('select type, name, sql from sqlite_master order by name').all();
    const before = schema();
    const summary = await importText(app.db, synthetic);
    expect(summary.committed).toBe(true);
    expect(schema()).toEqual(before);
    const plan = app.db.$client
      .prepare('explain query plan select id from documents order by date_sort_asc, id limit 20')
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toContain('documents_date_asc_idx');
  });

  it('when documents are bulk-loaded, then updated by a later import, then the search index agrees with the tables and finds them', async () => {
    const app = createTestApp({ seed: false });
    await importText(app.db, synthetic);
    expect(checkSearchIndex(app.db)).toEqual([]);
    const search = (query: string) =>
      app.data<{ search: { totalCount: number } }>(
        'query ($q: String) { search(query: $q, first: 1) { totalCount } }',
        {
          q: query,
        },
      );
    expect((await search('Zygmuntowicz')).search.totalCount).toBe(0);
    const first = synthetic.split('\n').find((l) => l.includes('"type":"document"'))!;
    const changed = JSON.parse(first);
    changed.title = 'Zygmuntowicz memorandum';
    const summary = await importText(app.db, `${JSON.stringify(changed)}\n`);
    expect(summary).toMatchObject({ updated: 1 });
    expect(checkSearchIndex(app.db)).toEqual([]);
    expect((await search('Zygmuntowicz')).search.totalCount).toBe(1);
  });

  it('when the CSV export is imported into an archive holding the same people and topics, then exporting CSV again gives the same bytes', async () => {
    const a = createTestApp({ seed: false });
    await importText(a.db, synthetic);
    const csv = exportText(a.db, { format: 'csv' });
    const b = createTestApp({ seed: false });
    const withoutDocuments = synthetic
      .split('\n')
      .filter((line) => line && !line.includes('"type":"document"'))
      .join('\n');
    await importText(b.db, withoutDocuments);
    const summary = await importText(b.db, csv, { format: 'csv' });
    expect(summary).toMatchObject({ committed: true, rejected: 0, inserted: 300 });
    expect(exportText(b.db, { format: 'csv' })).toBe(csv);
  });

  it('when the same file is imported twice, then the second run changes nothing: every record unchanged, versions and timestamps kept', async () => {
    const app = createTestApp({ seed: false });
    await importText(app.db, synthetic);
    const before = app.db.$client
      .prepare('select slug, version, updated_at from documents order by id')
      .all();
    const again = await importText(app.db, synthetic);
    expect(again).toMatchObject({ inserted: 0, updated: 0, rejected: 0, unchanged: again.records });
    expect(
      app.db.$client.prepare('select slug, version, updated_at from documents order by id').all(),
    ).toEqual(before);
  });

  it('when a record changes between imports, then it is updated in place with its version bumped and the others are left alone', async () => {
    const app = createTestApp({ seed: false });
    const file = (title: string, alias: string, role: 'AUTHOR' | 'RECIPIENT') =>
      jsonl(
        ['topic', topicRecord({ key: 'war' })],
        [
          'person',
          personRecord({
            key: 'stalin',
            name: 'Stalin',
            alternateNames: [{ name: alias, type: 'PSEUDONYM' }],
          }),
        ],
        ['person', personRecord({ key: 'mao', name: 'Mao' })],
        [
          'document',
          documentRecord({ slug: 'a', title, people: [{ person: 'stalin', role }], topics: ['war'] }),
        ],
        [
          'document',
          documentRecord({ slug: 'b', title: 'Untouched', people: [{ person: 'mao', role: 'AUTHOR' }] }),
        ],
      );
    await importText(app.db, file('Cable', 'Filippov', 'AUTHOR'));
    const ids = app.db.$client.prepare('select slug, id from documents order by slug').all();

    const summary = await importText(app.db, file('Cable to Mao', 'Fyn-Si', 'RECIPIENT'));
    expect(summary).toMatchObject({ inserted: 0, updated: 2, unchanged: 3 });
    expect(app.db.$client.prepare('select slug, id from documents order by slug').all()).toEqual(ids);
    const versions = app.db.$client
      .prepare(
        "select 'doc:' || slug as k, version from documents union all select 'person:' || slug, version from people order by 1",
      )
      .all();
    expect(versions).toEqual([
      { k: 'doc:a', version: 2 },
      { k: 'doc:b', version: 1 },
      { k: 'person:mao', version: 1 },
      { k: 'person:stalin', version: 2 },
    ]);
    expect(
      app.db.$client
        .prepare(
          'select role from document_people dp join documents d on d.id = dp.document_id where d.slug = ?',
        )
        .pluck()
        .all('a'),
    ).toEqual(['RECIPIENT']);
    expect(app.db.$client.prepare('select name from person_names').pluck().all()).toEqual(['Fyn-Si']);
  });

  it('when one file holds the same document twice, then the later record wins, links included', async () => {
    const app = createTestApp({ seed: false });
    const summary = await importText(
      app.db,
      jsonl(
        ['person', personRecord({ key: 'kim' })],
        ['person', personRecord({ key: 'mao' })],
        [
          'document',
          documentRecord({ slug: 'a', title: 'First', people: [{ person: 'kim', role: 'AUTHOR' }] }),
        ],
        [
          'document',
          documentRecord({ slug: 'a', title: 'Second', people: [{ person: 'mao', role: 'AUTHOR' }] }),
        ],
      ),
    );
    expect(summary).toMatchObject({ committed: true, inserted: 3, updated: 1 });
    expect(
      app.db.$client
        .prepare(
          'select d.title, p.slug, d.version from documents d join document_people dp on dp.document_id = d.id join people p on p.id = dp.person_id',
        )
        .all(),
    ).toEqual([{ title: 'Second', slug: 'mao', version: 2 }]);
  });

  it('when a filtered set is exported, then the file carries only the people and topics those documents use (with parent topics) and imports on its own', async () => {
    const app = createTestApp();
    const { documents } = await app.data<{ documents: { nodes: { slug: string }[] } }>(
      '{ documents(first: 20, filter: { docTypes: [CABLE, CIPHERED_TELEGRAM] }) { nodes { slug } } }',
    );
    const text = exportText(app.db, { filter: { docTypes: ['CABLE', 'CIPHERED_TELEGRAM'] } });
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const docs = lines.filter((l) => l.type === 'document');
    expect(docs).toHaveLength(2);
    expect(docs.map((d) => d.slug).sort()).toEqual(documents.nodes.map((n) => n.slug).sort());
    const used = new Set(docs.flatMap((d) => d.people.map((p: { person: string }) => p.person)));
    expect(new Set(lines.filter((l) => l.type === 'person').map((p) => p.key))).toEqual(used);
    const topics = lines.filter((l) => l.type === 'topic');
    const usedTopics = docs.flatMap((d) => d.topics as string[]);
    for (const key of usedTopics) expect(topics.map((t) => t.key)).toContain(key);
    topics.forEach((t, i) => {
      if (t.parent) expect(topics.slice(0, i).map((p) => p.key)).toContain(t.parent);
    });
    expect(topics.length).toBeGreaterThan(new Set(usedTopics).size); // parents came along
    expect(topics.length).toBeLessThan(countRows(app.db, 'topics'));
    const empty = createTestApp({ seed: false });
    expect(await importText(empty.db, text)).toMatchObject({ committed: true, rejected: 0 });
    expect(exportText(empty.db)).toBe(text);
  });
});
