import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { M, type MutationName, mutationCases } from './helpers/mutations.js';
import { idOf } from './helpers/records.js';
import { databaseSnapshot } from './helpers/snapshot.js';

/** Makes the next matching statement fail inside SQLite, as a full disk or a bug would. */
function failOn(app: TestApp, event: string, table: string) {
  app.db.$client.exec(
    `create temp trigger forced_failure before ${event} on main.${table} begin select raise(abort, 'forced failure'); end`,
  );
}

async function expectNothingChanged(
  app: TestApp,
  name: MutationName,
  input: Record<string, unknown>,
  key: string,
) {
  const before = databaseSnapshot(app.db);
  const result = await app.request(M[name], { input }, { key });
  expect(result.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
    ['Unexpected error.', 'INTERNAL_SERVER_ERROR'],
  ]);
  expect(databaseSnapshot(app.db)).toEqual(before);
}

describe('a failure at the last step of any mutation leaves the archive exactly as it was', () => {
  for (const name of Object.keys(mutationCases) as MutationName[])
    it(`when writing the audit entry of ${name} fails, then nothing of it stays and the error is masked`, async () => {
      const app = createTestApp();
      const key = app.keyFor('ADMIN');
      const input = mutationCases[name].input(app);
      failOn(app, 'insert', 'audit_log');
      await expectNothingChanged(app, name, input, key);
    });
});

describe('a failure in the middle of a mutation rolls back what it had written before', () => {
  it('when the second link of a new document fails, then the document, its languages and first link are not kept', async () => {
    const app = createTestApp();
    const key = app.keyFor('EDITOR');
    app.db.$client.exec(
      `create temp trigger forced_failure before insert on main.document_people when new.role = 'RECIPIENT' begin select raise(abort, 'forced failure'); end`,
    );
    await expectNothingChanged(
      app,
      'createDocument',
      {
        title: 'Half a telegram',
        docType: 'TELEGRAM',
        languages: ['ru'],
        people: [
          { person: idOf(app, 'Person', 'shtykov'), role: 'AUTHOR' },
          { person: idOf(app, 'Person', 'stalin'), role: 'RECIPIENT' },
        ],
      },
      key,
    );
  });

  it('when deleting the duplicate at the end of a merge fails, then no link or name has moved', async () => {
    const app = createTestApp();
    const key = app.keyFor('EDITOR');
    const input = mutationCases.mergePeople.input(app);
    failOn(app, 'delete', 'people');
    await expectNothingChanged(app, 'mergePeople', input, key);
  });

  it('when a forced delete fails after unlinking documents, then the links and the person are back', async () => {
    const app = createTestApp();
    const key = app.keyFor('EDITOR');
    failOn(app, 'delete', 'people');
    await expectNothingChanged(
      app,
      'deletePerson',
      { id: idOf(app, 'Person', 'stalin'), expectedVersion: 1, force: true },
      key,
    );
  });

  it('when bumping a document version fails during a forced topic delete, then the topic and all its links stay', async () => {
    const app = createTestApp();
    const key = app.keyFor('EDITOR');
    failOn(app, 'update', 'documents');
    await expectNothingChanged(
      app,
      'deleteTopic',
      { id: idOf(app, 'Topic', 'diplomacy'), expectedVersion: 1, force: true },
      key,
    );
  });

  it('when the failure is gone, then the same mutation succeeds: the rollback left nothing locked or half-open', async () => {
    const app = createTestApp();
    const key = app.keyFor('EDITOR');
    failOn(app, 'insert', 'audit_log');
    const input = { title: 'Second try', docType: 'NOTE' };
    expect((await app.request(M.createDocument, { input }, { key })).errors).toHaveLength(1);
    app.db.$client.exec('drop trigger forced_failure');
    const retried = await app.request<{ createDocument: { document: { slug: string } } }>(
      M.createDocument,
      { input },
      { key },
    );
    expect(retried.data?.createDocument.document.slug).toBe('second-try');
  });
});
