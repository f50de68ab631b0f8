import { describe, expect, it } from 'vitest';
import { editorSession, M } from './helpers/mutations.js';
import { auditRows, countRows, idOf, recordBySlug } from './helpers/records.js';
import { databaseSnapshot } from './helpers/snapshot.js';

const VASILEVSKY = '1950-09-21-telegram-vasilevsky-to-stalin';

describe('createDocument', () => {
  it('when a valid document with people, topics and languages is created, then it reads back whole and lists, counts and facets include it', async () => {
    const { app, write } = editorSession();
    const facets = () =>
      app.data<{
        documents: { totalCount: number };
        october: { totalCount: number };
        person: { documentCount: number };
        topic: { documentCount: number };
        parent: { documentCount: number };
      }>(`{
        documents { totalCount }
        october: documents(filter: { date: { from: "1950-10-01", to: "1950-10-31" } }) { totalCount }
        person(slug: "shtykov") { documentCount(role: AUTHOR) }
        topic(slug: "aviation") { documentCount }
        parent: topic(slug: "soviet-military-aid") { documentCount }
      }`);
    const countsBefore = await facets();
    const result = await write('createDocument', {
      title: '  Telegram of a test  ',
      docType: 'CIPHERED_TELEGRAM',
      dateText: 'October 1950',
      dateStart: '1950-10-01',
      dateEnd: '1950-10-31',
      datePrecision: 'MONTH',
      languages: ['ru', 'ru', 'en'],
      people: [
        { person: idOf(app, 'Person', 'shtykov'), role: 'AUTHOR', nameAsWritten: 'Shtykov' },
        { person: idOf(app, 'Person', 'stalin'), role: 'RECIPIENT', nameAsWritten: 'Fyn-Si' },
        { person: idOf(app, 'Person', 'kim-il-sung'), role: 'MENTIONED' },
      ],
      topics: [idOf(app, 'Topic', 'aviation'), idOf(app, 'Topic', 'aviation')],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({
      createDocument: {
        document: {
          slug: 'telegram-of-a-test',
          title: 'Telegram of a test',
          version: 1,
          docType: 'CIPHERED_TELEGRAM',
          datePrecision: 'MONTH',
          dateStart: '1950-10-01',
          dateEnd: '1950-10-31',
          languages: ['en', 'ru'],
          people: [
            { role: 'AUTHOR', nameAsWritten: 'Shtykov', person: { slug: 'shtykov' } },
            { role: 'MENTIONED', nameAsWritten: null, person: { slug: 'kim-il-sung' } },
            { role: 'RECIPIENT', nameAsWritten: 'Fyn-Si', person: { slug: 'stalin' } },
          ],
          topics: [{ slug: 'aviation' }],
        },
      },
    });
    expect(await facets()).toEqual({
      documents: { totalCount: countsBefore.documents.totalCount + 1 },
      october: { totalCount: countsBefore.october.totalCount + 1 },
      person: { documentCount: countsBefore.person.documentCount + 1 },
      topic: { documentCount: countsBefore.topic.documentCount + 1 },
      parent: { documentCount: countsBefore.parent.documentCount + 1 },
    });
  });

  it('when the payload asks for nested people and topics, then it is read in one statement after the writes', async () => {
    const { app, key } = editorSession();
    const { result, statements } = await app.sqlOf(
      M.createDocument,
      {
        input: {
          title: 'A telegram with links',
          docType: 'TELEGRAM',
          people: [
            { person: idOf(app, 'Person', 'shtykov'), role: 'AUTHOR' },
            { person: idOf(app, 'Person', 'stalin'), role: 'RECIPIENT' },
          ],
          topics: [idOf(app, 'Topic', 'aviation'), idOf(app, 'Topic', 'diplomacy')],
        },
      },
      { key },
    );
    expect(result.errors).toBeUndefined();
    const afterAudit = statements.slice(
      statements.findIndex((s) => s.startsWith('insert into "audit_log"')) + 1,
    );
    expect(afterAudit).toHaveLength(1);
    expect(afterAudit[0]).toMatch(/^select .* from "documents" as "d0" where "d0"."id" = \?/);
  });

  it('when the slug is taken by a derived title, then a free one is chosen; when given and taken, then it is refused', async () => {
    const { app, write, fieldsOf } = editorSession();
    const first = await write<{ createDocument: { document: { slug: string } } }>('createDocument', {
      title: 'Note',
      docType: 'NOTE',
    });
    const second = await write<{ createDocument: { document: { slug: string } } }>('createDocument', {
      title: 'Note',
      docType: 'NOTE',
    });
    expect([first.data?.createDocument.document.slug, second.data?.createDocument.document.slug]).toEqual([
      'note',
      'note-2',
    ]);
    const taken = await write('createDocument', { title: 'X', docType: 'NOTE', slug: VASILEVSKY });
    expect(fieldsOf(taken)).toEqual([
      { path: 'input.slug', message: `another document has the slug "${VASILEVSKY}"` },
    ]);
    expect(countRows(app, 'documents')).toBe(12);
  });

  it('when an input has many problems, then all come back at once, each with its field path, and nothing is written', async () => {
    const { app, write, fieldsOf } = editorSession();
    const before = databaseSnapshot(app.db);
    const result = await write('createDocument', {
      slug: 'Not A Slug',
      title: ' ',
      docType: 'LETTER',
      dateText: 'x'.repeat(201),
      dateStart: '1950-02-30',
      dateEnd: '1950-01-01',
      datePrecision: 'RANGE',
      sourceUrl: 'not a url',
      languages: ['r'],
      people: [
        { person: idOf(app, 'Person', 'stalin'), role: 'AUTHOR', nameAsWritten: '' },
        { person: idOf(app, 'Topic', 'aviation'), role: 'AUTHOR' },
        { person: 'bm90IGFuIGlk', role: 'AUTHOR' },
        { person: 'UGVyc29uOjk5OTk=', role: 'AUTHOR' },
        { person: idOf(app, 'Person', 'stalin'), role: 'AUTHOR' },
      ],
      topics: ['VG9waWM6OTk5OQ=='],
    });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(result)).toEqual([
      { path: 'input.slug', message: 'must be lowercase kebab-case (a-z, 0-9, -)' },
      { path: 'input.title', message: expect.stringMatching(/>=1 characters/) },
      { path: 'input.dateText', message: expect.stringMatching(/<=200 characters/) },
      { path: 'input.dateStart', message: 'Invalid ISO date' },
      { path: 'input.sourceUrl', message: 'Invalid URL' },
      { path: 'input.languages.0', message: expect.stringMatching(/>=2 characters/) },
      { path: 'input.people.0.nameAsWritten', message: expect.stringMatching(/>=1 characters/) },
      { path: 'input.people.1.person', message: 'must be a Person ID, got a Topic ID' },
      { path: 'input.people.2.person', message: '"bm90IGFuIGlk" is not an ID of this API' },
      { path: 'input.people.3.person', message: 'no Person has the ID UGVyc29uOjk5OTk=' },
      { path: 'input.people.4', message: 'this person is already listed in the role AUTHOR' },
      { path: 'input.topics.0', message: 'no Topic has the ID VG9waWM6OTk5OQ==' },
    ]);
    expect(databaseSnapshot(app.db)).toEqual(before);
  });

  it.each([
    [
      { datePrecision: 'DAY', dateStart: '1950-10-01', dateEnd: '1950-10-02' },
      'input.dateEnd',
      'a DAY date runs from 1950-10-01 to 1950-10-01',
    ],
    [
      { datePrecision: 'MONTH', dateStart: '1950-02-01', dateEnd: '1950-02-27' },
      'input.dateEnd',
      'a MONTH date runs from 1950-02-01 to 1950-02-28',
    ],
    [
      { datePrecision: 'YEAR', dateStart: '1950-01-01' },
      'input.dateEnd',
      'a YEAR date needs both dateStart and dateEnd',
    ],
    [
      { datePrecision: 'UNDATED', dateStart: '1950-01-01', dateEnd: '1950-01-01' },
      'input.dateStart',
      'an undated document has no start or end date',
    ],
    [
      { dateStart: '1950-01-01', dateEnd: '1950-01-01' },
      'input.dateStart',
      'an undated document has no start or end date',
    ],
  ])('when the dates disagree (%j), then %s is refused', async (dates, path, message) => {
    const { write, fieldsOf } = editorSession();
    const result = await write('createDocument', { title: 'Dated', docType: 'NOTE', ...dates });
    expect(fieldsOf(result)).toEqual([{ path, message }]);
  });

  it('when GraphQL itself refuses the input (missing title, unknown enum), then the same error shape names every field', async () => {
    const { write } = editorSession();
    const result = await write('createDocument', { docType: 'FAX', datePrecision: 'WEEK' });
    expect(result.data).toBeUndefined();
    expect(
      result.errors
        ?.map((e) => [
          e.extensions?.code,
          (e.extensions?.fields as { path: string }[] | undefined)?.[0]?.path,
        ])
        .sort(),
    ).toEqual([
      ['BAD_USER_INPUT', 'input.datePrecision'],
      ['BAD_USER_INPUT', 'input.docType'],
      ['BAD_USER_INPUT', 'input.title'],
    ]);
  });
});

describe('updateDocument', () => {
  it('when fields are changed with the version read, then they change, the version goes up and the audit has old and new values', async () => {
    const { app, write } = editorSession();
    const { globalId, id } = recordBySlug(app, 'Document', VASILEVSKY);
    const result = await write<{ updateDocument: { document: Record<string, unknown> } }>('updateDocument', {
      id: globalId,
      expectedVersion: 1,
      summary: 'A new summary.',
      dateText: null,
      languages: ['ru'],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateDocument.document).toMatchObject({
      version: 2,
      summary: 'A new summary.',
      dateText: null,
      languages: ['ru'],
    });
    const entry = auditRows(app).at(-1);
    expect(entry).toMatchObject({
      keyName: 'Editor One',
      entity: 'Document',
      entityId: id,
      action: 'UPDATE',
    });
    expect(Object.keys(entry?.changes ?? {}).sort()).toEqual(['dateText', 'languages', 'summary']);
    expect(entry?.changes.languages).toEqual({ old: null, new: ['ru'] });
    expect(entry?.changes.dateText).toEqual({ old: 'September 21, 1950', new: null });
  });

  it('when nothing differs, then nothing is written: same version, no audit entry', async () => {
    const { app, write } = editorSession();
    const { globalId } = recordBySlug(app, 'Document', VASILEVSKY);
    const before = databaseSnapshot(app.db);
    const result = await write<{ updateDocument: { document: { version: number } } }>('updateDocument', {
      id: globalId,
      expectedVersion: 1,
      dateStart: '1950-09-21',
    });
    expect(result.data?.updateDocument.document.version).toBe(1);
    expect(databaseSnapshot(app.db)).toEqual(before);
  });

  it('when the version sent is stale, then CONFLICT names the current version and nothing is overwritten', async () => {
    const { app, write } = editorSession();
    const { globalId } = recordBySlug(app, 'Document', VASILEVSKY);
    await write('updateDocument', { id: globalId, expectedVersion: 1, title: 'First edit' });
    const before = databaseSnapshot(app.db);
    const stale = await write('updateDocument', {
      id: globalId,
      expectedVersion: 1,
      title: 'Second edit, from an old read',
    });
    expect(stale.errors?.[0]).toMatchObject({
      message: expect.stringContaining('is at version 2, not 1'),
      extensions: { code: 'CONFLICT', id: globalId, expectedVersion: 1, currentVersion: 2 },
    });
    expect(databaseSnapshot(app.db)).toEqual(before);
  });

  it('when a change makes the whole record inconsistent, then the stored fields it clashes with are judged too', async () => {
    const { app, write, fieldsOf } = editorSession();
    const { globalId } = recordBySlug(app, 'Document', VASILEVSKY);
    const result = await write('updateDocument', {
      id: globalId,
      expectedVersion: 1,
      dateEnd: '1950-09-20',
      title: null,
    });
    expect(fieldsOf(result)).toEqual([
      { path: 'input.title', message: 'Invalid input: expected string, received null' },
      { path: 'input.dateEnd', message: 'dateEnd is before dateStart' },
    ]);
  });

  it('when the id is of another type or names nothing, then it is refused as input', async () => {
    const { app, write, fieldsOf } = editorSession();
    const wrongType = await write('updateDocument', {
      id: idOf(app, 'Person', 'stalin'),
      expectedVersion: 1,
      title: 'x',
    });
    expect(fieldsOf(wrongType)).toEqual([
      { path: 'input.id', message: 'must be a Document ID, got a Person ID' },
    ]);
    const missing = await write('updateDocument', { id: 'RG9jdW1lbnQ6OTk5', expectedVersion: 1, title: 'x' });
    expect(fieldsOf(missing)).toEqual([
      { path: 'input.id', message: 'no Document has the ID RG9jdW1lbnQ6OTk5' },
    ]);
  });
});

describe('deleteDocument', () => {
  it('when a document is deleted, then its links go with it, people and topics stay, and lists and counts drop it', async () => {
    const { app, write } = editorSession();
    const { globalId, id } = recordBySlug(app, 'Document', VASILEVSKY);
    const links = app.db.$client
      .prepare('select count(*) from document_people where document_id = ?')
      .pluck();
    expect(links.get(id)).toBe(2);
    const result = await write('deleteDocument', { id: globalId, expectedVersion: 1 });
    expect(result.data).toEqual({ deleteDocument: { deletedId: globalId } });
    expect(links.get(id)).toBe(0);
    expect(
      app.db.$client.prepare('select count(*) from document_topics where document_id = ?').pluck().get(id),
    ).toBe(0);
    expect(
      app.db.$client.prepare('select count(*) from document_languages where document_id = ?').pluck().get(id),
    ).toBe(0);
    const after = await app.data(
      `query($id: ID!) {
      node(id: $id) { id }
      documents { totalCount }
      person(slug: "vasilevsky") { name documentCount }
      topic(slug: "munitions-and-supplies") { documentCount }
    }`,
      { id: globalId },
    );
    expect(after).toEqual({
      node: null,
      documents: { totalCount: 9 },
      person: { name: 'A.M. Vasilevsky', documentCount: 0 },
      topic: { documentCount: 0 },
    });
    const entry = auditRows(app).at(-1);
    expect(entry).toMatchObject({ entity: 'Document', entityId: id, action: 'DELETE' });
    // Only what the document had is recorded: no field that was empty anyway.
    expect(Object.entries(entry?.changes ?? {}).filter(([, change]) => change.old === null)).toEqual([]);
    expect(entry?.changes.body).toBeUndefined();
    expect(entry?.changes.title).toEqual({
      old: 'Telegram from Soviet Defense Minister A.M. Vasilevsky to Stalin',
      new: null,
    });
    expect(entry?.changes.people?.old).toEqual([
      {
        person: idOf(app, 'Person', 'vasilevsky'),
        role: 'AUTHOR',
        nameAsWritten: 'A.M. Vasilevsky',
        position: 0,
      },
      { person: idOf(app, 'Person', 'stalin'), role: 'RECIPIENT', nameAsWritten: 'Stalin', position: 0 },
    ]);
  });
});

describe('document links', () => {
  it('when a person is added, changed and removed, then the document shows each step, its version rises each time and each step is audited', async () => {
    const { app, write, fieldsOf } = editorSession();
    const document = idOf(app, 'Document', VASILEVSKY);
    const gromyko = idOf(app, 'Person', 'gromyko');
    const added = await write('addDocumentPerson', {
      document,
      expectedVersion: 1,
      person: gromyko,
      role: 'MENTIONED',
      nameAsWritten: 'Gromyko A.A.',
    });
    expect(added.data).toEqual({
      addDocumentPerson: {
        document: { version: 2 },
        link: { role: 'MENTIONED', nameAsWritten: 'Gromyko A.A.', person: { slug: 'gromyko' } },
      },
    });
    const again = await write('addDocumentPerson', {
      document,
      expectedVersion: 2,
      person: gromyko,
      role: 'MENTIONED',
    });
    expect(fieldsOf(again)).toEqual([
      { path: 'input.role', message: 'this person is already linked to the document as MENTIONED' },
    ]);
    const changed = await write('updateDocumentPerson', {
      document,
      expectedVersion: 2,
      person: gromyko,
      role: 'MENTIONED',
      newRole: 'RECIPIENT',
    });
    expect(changed.data).toEqual({
      updateDocumentPerson: {
        document: { version: 3 },
        link: { role: 'RECIPIENT', nameAsWritten: 'Gromyko A.A.', person: { slug: 'gromyko' } },
      },
    });
    const recipients = await app.data<{ document: { recipients: { slug: string }[] } }>(
      `query($id: ID!) { document(id: $id) { recipients { slug } } }`,
      { id: document },
    );
    expect(recipients.document.recipients.map((p) => p.slug)).toEqual(['stalin', 'gromyko']);
    const missing = await write('removeDocumentPerson', {
      document,
      expectedVersion: 3,
      person: gromyko,
      role: 'MENTIONED',
    });
    expect(fieldsOf(missing)).toEqual([
      { path: 'input.role', message: 'this person is not linked to the document as MENTIONED' },
    ]);
    const removed = await write('removeDocumentPerson', {
      document,
      expectedVersion: 3,
      person: gromyko,
      role: 'RECIPIENT',
    });
    expect(removed.data).toEqual({
      removeDocumentPerson: {
        document: {
          version: 4,
          people: [
            { role: 'AUTHOR', person: { slug: 'vasilevsky' } },
            { role: 'RECIPIENT', person: { slug: 'stalin' } },
          ],
        },
      },
    });
    const gromykoAs = (role: string, position: number) => ({
      person: gromyko,
      role,
      nameAsWritten: 'Gromyko A.A.',
      position,
    });
    expect(
      auditRows(app)
        .filter((e) => e.entity === 'Document')
        .map((e) => [e.action, e.changes.people]),
    ).toEqual([
      ['LINK', { old: null, new: gromykoAs('MENTIONED', 0) }],
      ['UPDATE', { old: gromykoAs('MENTIONED', 0), new: gromykoAs('RECIPIENT', 1) }],
      ['UNLINK', { old: gromykoAs('RECIPIENT', 1), new: null }],
    ]);
  });

  it('when links are placed at a position, then the source order is kept and the others move to make room', async () => {
    const { app, write, fieldsOf } = editorSession();
    const { globalId: document, id } = recordBySlug(
      app,
      'Document',
      '1950-09-29-telegram-shtykov-to-gromyko-and-stalin',
    );
    const recipients = async () =>
      (
        await app.data<{ document: { recipients: { slug: string }[] } }>(
          `query($id: ID!) { document(id: $id) { recipients { slug } } }`,
          {
            id: document,
          },
        )
      ).document.recipients.map((p) => p.slug);
    expect(await recipients()).toEqual(['gromyko', 'stalin']);
    await write('addDocumentPerson', {
      document,
      expectedVersion: 1,
      person: idOf(app, 'Person', 'vyshinsky'),
      role: 'RECIPIENT',
      position: 0,
    });
    expect(await recipients()).toEqual(['vyshinsky', 'gromyko', 'stalin']);
    await write('updateDocumentPerson', {
      document,
      expectedVersion: 2,
      person: idOf(app, 'Person', 'stalin'),
      role: 'RECIPIENT',
      position: 1,
    });
    expect(await recipients()).toEqual(['vyshinsky', 'stalin', 'gromyko']);
    await write('removeDocumentPerson', {
      document,
      expectedVersion: 3,
      person: idOf(app, 'Person', 'vyshinsky'),
      role: 'RECIPIENT',
    });
    expect(await recipients()).toEqual(['stalin', 'gromyko']);
    const positions = app.db.$client
      .prepare(
        `select position from document_people where document_id = ? and role = 'RECIPIENT' order by position`,
      )
      .pluck()
      .all(id);
    expect(positions).toEqual([0, 1]);
    const negative = await write('addDocumentPerson', {
      document,
      expectedVersion: 4,
      person: idOf(app, 'Person', 'vyshinsky'),
      role: 'RECIPIENT',
      position: -1,
    });
    expect(fieldsOf(negative)).toEqual([{ path: 'input.position', message: 'must be 0 (first) or more' }]);
  });

  it('when a topic is added and removed, then the topic counts follow at once and a second add or remove is refused', async () => {
    const { app, write, fieldsOf } = editorSession();
    const document = idOf(app, 'Document', VASILEVSKY);
    const topic = idOf(app, 'Topic', 'diplomacy');
    const count = async () =>
      (await app.data<{ topic: { documentCount: number } }>(`{ topic(slug: "diplomacy") { documentCount } }`))
        .topic.documentCount;
    expect(await count()).toBe(2);
    const added = await write('addDocumentTopic', { document, expectedVersion: 1, topic });
    expect(added.data).toEqual({
      addDocumentTopic: {
        document: {
          version: 2,
          topics: [{ slug: 'aviation' }, { slug: 'diplomacy' }, { slug: 'munitions-and-supplies' }],
        },
      },
    });
    expect(await count()).toBe(3);
    expect(fieldsOf(await write('addDocumentTopic', { document, expectedVersion: 2, topic }))).toEqual([
      { path: 'input.topic', message: 'the document is already filed under this topic' },
    ]);
    await write('removeDocumentTopic', { document, expectedVersion: 2, topic });
    expect(await count()).toBe(2);
    expect(fieldsOf(await write('removeDocumentTopic', { document, expectedVersion: 3, topic }))).toEqual([
      { path: 'input.topic', message: 'the document is not filed under this topic' },
    ]);
  });

  it('when a link change carries a stale document version, then CONFLICT and the link is not added', async () => {
    const { app, write } = editorSession();
    const document = idOf(app, 'Document', VASILEVSKY);
    await write('addDocumentTopic', { document, expectedVersion: 1, topic: idOf(app, 'Topic', 'diplomacy') });
    const stale = await write('addDocumentPerson', {
      document,
      expectedVersion: 1,
      person: idOf(app, 'Person', 'gromyko'),
      role: 'MENTIONED',
    });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect(
      app.db.$client
        .prepare('select count(*) from document_people where document_id = ?')
        .pluck()
        .get(recordBySlug(app, 'Document', VASILEVSKY).id),
    ).toBe(2);
  });
});
