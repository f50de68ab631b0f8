import { describe, expect, it } from 'vitest';
import { documentPeople } from '../db/schema.js';
import { editorSession, insertDuplicatePerson } from './helpers/mutations.js';
import { auditRows, idOf, recordBySlug } from './helpers/records.js';
import { databaseSnapshot } from './helpers/snapshot.js';

describe('createPerson and updatePerson', () => {
  it('when a person is created with alternate names, then they read back and are found by any of their names', async () => {
    const { app, write } = editorSession();
    const result = await write('createPerson', {
      name: 'Zhou Enlai',
      birthYear: 1898,
      deathYear: 1976,
      alternateNames: [
        { name: '周恩来', type: 'ORIGINAL_SCRIPT', language: 'zh' },
        { name: 'Chou En-lai', type: 'TRANSLITERATION' },
      ],
    });
    expect(result.data).toEqual({
      createPerson: {
        person: {
          id: expect.any(String),
          slug: 'zhou-enlai',
          name: 'Zhou Enlai',
          kind: 'PERSON',
          version: 1,
          birthYear: 1898,
          deathYear: 1976,
          alternateNames: [
            { name: 'Chou En-lai', type: 'TRANSLITERATION', language: null },
            { name: '周恩来', type: 'ORIGINAL_SCRIPT', language: 'zh' },
          ],
        },
      },
    });
    const found = await app.data<{ persons: { nodes: { slug: string }[] } }>(
      `{ persons(name: "chou en") { nodes { slug } } }`,
    );
    expect(found.persons.nodes).toEqual([{ slug: 'zhou-enlai' }]);
  });

  it('when a person input has several problems, then all are reported with their paths', async () => {
    const { app, write, fieldsOf } = editorSession();
    const before = databaseSnapshot(app.db);
    const result = await write('createPerson', {
      name: '',
      slug: 'stalin',
      birthYear: 1900,
      deathYear: 1890,
      alternateNames: [
        { name: 'X', type: 'VARIANT' },
        { name: 'X', type: 'PSEUDONYM' },
      ],
    });
    expect(fieldsOf(result)).toEqual([
      { path: 'input.name', message: expect.stringMatching(/>=1 characters/) },
      { path: 'input.deathYear', message: 'deathYear is before birthYear' },
      { path: 'input.alternateNames.1.name', message: 'this name is listed twice' },
      { path: 'input.slug', message: 'another person has the slug "stalin"' },
    ]);
    expect(databaseSnapshot(app.db)).toEqual(before);
  });

  it('when alternate names are replaced with the version read, then the list is the new one and the audit shows both lists', async () => {
    const { app, write } = editorSession();
    const { globalId, id } = recordBySlug(app, 'Person', 'shtykov');
    const result = await write('updatePerson', {
      id: globalId,
      expectedVersion: 1,
      alternateNames: [
        { name: 'Shytkov', type: 'MISSPELLING' },
        { name: 'Terentii Shtykov', type: 'VARIANT' },
      ],
    });
    expect(result.data).toMatchObject({
      updatePerson: {
        person: {
          version: 2,
          alternateNames: [
            { name: 'Shytkov', type: 'MISSPELLING' },
            { name: 'Terentii Shtykov', type: 'VARIANT' },
          ],
        },
      },
    });
    const entry = auditRows(app).at(-1);
    expect(entry).toMatchObject({ entity: 'Person', entityId: id, action: 'UPDATE' });
    expect(entry?.changes).toEqual({
      alternateNames: {
        old: [{ name: 'Shytkov', type: 'MISSPELLING', language: null }],
        new: [
          { name: 'Shytkov', type: 'MISSPELLING', language: null },
          { name: 'Terentii Shtykov', type: 'VARIANT', language: null },
        ],
      },
    });
    const stale = await write('updatePerson', { id: globalId, expectedVersion: 1, description: 'x' });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
  });
});

describe('deletePerson', () => {
  it('when a person documents still name is deleted without force, then STILL_REFERENCED and nothing changes', async () => {
    const { app, write } = editorSession();
    const before = databaseSnapshot(app.db);
    const result = await write('deletePerson', { id: idOf(app, 'Person', 'gromyko'), expectedVersion: 1 });
    expect(result.errors?.[0]).toMatchObject({
      message:
        'Gromyko is linked to 1 document; unlink them first, merge the person into another, or delete with force: true.',
      extensions: { code: 'STILL_REFERENCED', documentCount: 1 },
    });
    expect(databaseSnapshot(app.db)).toEqual(before);
  });

  it('when deleted with force, then the links go, each document gets a new version and an UNLINK entry, and nothing is orphaned', async () => {
    const { app, write } = editorSession();
    const person = recordBySlug(app, 'Person', 'matveyev');
    const document = recordBySlug(app, 'Document', '1950-09-27-telegram-matveyev-to-stalin');
    const result = await write('deletePerson', { id: person.globalId, expectedVersion: 1, force: true });
    expect(result.data).toEqual({ deletePerson: { deletedId: person.globalId, unlinkedDocumentCount: 1 } });
    expect(recordBySlug(app, 'Document', '1950-09-27-telegram-matveyev-to-stalin').version).toBe(2);
    const orphans = app.db.$client
      .prepare(
        'select (select count(*) from document_people where person_id not in (select id from people)) + (select count(*) from person_names where person_id not in (select id from people))',
      )
      .pluck()
      .get();
    expect(orphans).toBe(0);
    expect(
      auditRows(app)
        .filter((e) => e.entity !== 'ApiKey')
        .map((e) => [e.entity, e.entityId, e.action]),
    ).toEqual([
      ['Document', document.id, 'UNLINK'],
      ['Person', person.id, 'DELETE'],
    ]);
    expect(auditRows(app).at(-1)?.changes).toMatchObject({
      name: { old: 'Matveyev', new: null },
      alternateNames: {
        old: [{ name: 'Razuvayev V.N.', type: expect.any(String), language: null }],
        new: null,
      },
      documents: { old: [document.globalId], new: null },
    });
  });
});

describe('mergePeople', () => {
  it('when a duplicate is merged, then its links and names move, its name becomes an alternate name, shared links collapse and it is gone', async () => {
    const { app, write } = editorSession();
    const keep = recordBySlug(app, 'Person', 'shtykov');
    const duplicate = insertDuplicatePerson(app);
    const duplicateId = Number(Buffer.from(duplicate, 'base64').toString().split(':')[1]);
    const cable = recordBySlug(app, 'Document', '1950-10-12-cable-8th-directorate-to-shtykov-and-vasilyev');
    const luncheon = recordBySlug(
      app,
      'Document',
      '1950-01-19-telegram-shtykov-to-vyshinsky-luncheon-mfa-dprk',
    );
    const vasilevsky = recordBySlug(app, 'Document', '1950-09-21-telegram-vasilevsky-to-stalin');
    app.db
      .insert(documentPeople)
      .values([
        // The same part in the same document as the kept record: collapses into its link.
        {
          documentId: cable.id,
          personId: duplicateId,
          role: 'RECIPIENT',
          nameAsWritten: 'Shtykov T.F.',
          position: 9,
        },
        // Another part in a document the kept record is in: moves over as a second link.
        {
          documentId: luncheon.id,
          personId: duplicateId,
          role: 'MENTIONED',
          nameAsWritten: null,
          position: 9,
        },
        // A document the kept record is not in: moves over.
        {
          documentId: vasilevsky.id,
          personId: duplicateId,
          role: 'MENTIONED',
          nameAsWritten: 'Shtykov',
          position: 9,
        },
      ])
      .run();
    app.db.$client
      .prepare(
        `insert into person_names (person_id, name, name_type) values (?, 'Shytkov', 'MISSPELLING'), (?, 'T. Shtykov', 'VARIANT')`,
      )
      .run(duplicateId, duplicateId);
    const result = await write<{
      mergePeople: { mergedId: string; documentCount: number; person: Record<string, unknown> };
    }>('mergePeople', {
      keep: keep.globalId,
      keepExpectedVersion: 1,
      merge: duplicate,
      mergeExpectedVersion: 1,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.mergePeople).toMatchObject({
      mergedId: duplicate,
      documentCount: 3,
      person: {
        slug: 'shtykov',
        name: 'Shtykov',
        version: 2,
        alternateNames: [
          { name: 'Shtykov T.F.', type: 'VARIANT' },
          { name: 'Shytkov', type: 'MISSPELLING' },
          { name: 'T. Shtykov', type: 'VARIANT' },
        ],
      },
    });
    const links = app.db.$client
      .prepare(
        'select document_id, role, name_as_written from document_people where person_id = ? and document_id in (?, ?, ?) order by document_id, role',
      )
      .all(keep.id, cable.id, luncheon.id, vasilevsky.id);
    expect(links).toEqual(
      [
        { document_id: cable.id, role: 'RECIPIENT', name_as_written: 'Cdes. Shtykov' },
        { document_id: luncheon.id, role: 'AUTHOR', name_as_written: expect.anything() },
        { document_id: luncheon.id, role: 'MENTIONED', name_as_written: null },
        { document_id: vasilevsky.id, role: 'MENTIONED', name_as_written: 'Shtykov' },
      ].sort((a, b) => a.document_id - b.document_id),
    );
    expect(app.db.$client.prepare('select count(*) from people where id = ?').pluck().get(duplicateId)).toBe(
      0,
    );
    expect(
      app.db.$client
        .prepare('select count(*) from person_names where person_id = ?')
        .pluck()
        .get(duplicateId),
    ).toBe(0);
    for (const doc of [cable, luncheon, vasilevsky])
      expect(
        recordBySlug(
          app,
          'Document',
          app.db.$client.prepare('select slug from documents where id = ?').pluck().get(doc.id) as string,
        ).version,
      ).toBe(2);
    const entries = auditRows(app).filter((e) => e.entity !== 'ApiKey');
    expect(entries.map((e) => [e.entity, e.action])).toEqual([
      ['Document', 'UPDATE'],
      ['Document', 'UPDATE'],
      ['Document', 'UPDATE'],
      ['Person', 'MERGE'],
      ['Person', 'DELETE'],
    ]);
    expect(entries[3]?.changes.mergedPerson).toEqual({
      old: null,
      new: { id: duplicate, slug: 'shtykov-duplicate', name: 'Shtykov T.F.' },
    });
    expect(entries[4]?.changes.mergedInto).toEqual({ old: null, new: keep.globalId });
  });

  it('when a person would be merged into themselves, then it is refused as input and nothing changes', async () => {
    const { app, write, fieldsOf } = editorSession();
    const keep = idOf(app, 'Person', 'stalin');
    const before = databaseSnapshot(app.db);
    const result = await write('mergePeople', {
      keep,
      keepExpectedVersion: 1,
      merge: keep,
      mergeExpectedVersion: 1,
    });
    expect(fieldsOf(result)).toEqual([
      { path: 'input.merge', message: 'a person cannot be merged into themselves' },
    ]);
    expect(databaseSnapshot(app.db)).toEqual(before);
  });

  it('when either version is stale or an id is not a person, then nothing is merged', async () => {
    const { app, write, fieldsOf } = editorSession();
    const keep = idOf(app, 'Person', 'shtykov');
    const duplicate = insertDuplicatePerson(app);
    const before = databaseSnapshot(app.db);
    const stale = await write('mergePeople', {
      keep,
      keepExpectedVersion: 1,
      merge: duplicate,
      mergeExpectedVersion: 7,
    });
    expect(stale.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      id: duplicate,
      currentVersion: 1,
      expectedVersion: 7,
    });
    const wrong = await write('mergePeople', {
      keep,
      keepExpectedVersion: 1,
      merge: idOf(app, 'Topic', 'aviation'),
      mergeExpectedVersion: 1,
    });
    expect(fieldsOf(wrong)).toEqual([
      { path: 'input.merge', message: 'must be a Person ID, got a Topic ID' },
    ]);
    expect(databaseSnapshot(app.db)).toEqual(before);
  });
});
