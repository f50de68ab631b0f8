import { people } from '../../db/schema.js';
import { createApiKey } from '../../src/api-keys.js';
import { encodeArchiveId } from '../../src/global-id.js';
import { createTestApp, TEST_OPERATOR, type TestApp } from './app.js';
import { idOf } from './records.js';

/** GraphQL of every mutation, selecting enough of the payload to see it worked. */
export const M = {
  createDocument: `mutation($input: CreateDocumentInput!) { createDocument(input: $input) { document { id slug title version docType datePrecision dateStart dateEnd languages people { role nameAsWritten person { slug } } topics { slug } } } }`,
  updateDocument: `mutation($input: UpdateDocumentInput!) { updateDocument(input: $input) { document { id slug title version summary dateText dateStart dateEnd datePrecision languages } } }`,
  deleteDocument: `mutation($input: DeleteDocumentInput!) { deleteDocument(input: $input) { deletedId } }`,
  addDocumentPerson: `mutation($input: AddDocumentPersonInput!) { addDocumentPerson(input: $input) { document { version } link { role nameAsWritten person { slug } } } }`,
  updateDocumentPerson: `mutation($input: UpdateDocumentPersonInput!) { updateDocumentPerson(input: $input) { document { version } link { role nameAsWritten person { slug } } } }`,
  removeDocumentPerson: `mutation($input: RemoveDocumentPersonInput!) { removeDocumentPerson(input: $input) { document { version people { role person { slug } } } } }`,
  addDocumentTopic: `mutation($input: AddDocumentTopicInput!) { addDocumentTopic(input: $input) { document { version topics { slug } } } }`,
  removeDocumentTopic: `mutation($input: RemoveDocumentTopicInput!) { removeDocumentTopic(input: $input) { document { version topics { slug } } } }`,
  createPerson: `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id slug name kind version birthYear deathYear alternateNames { name type language } } } }`,
  updatePerson: `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { id slug name version description birthYear deathYear alternateNames { name type } } } }`,
  deletePerson: `mutation($input: DeletePersonInput!) { deletePerson(input: $input) { deletedId unlinkedDocumentCount } }`,
  mergePeople: `mutation($input: MergePeopleInput!) { mergePeople(input: $input) { mergedId documentCount person { slug name version alternateNames { name type } documentCount documents(first: 20) { nodes { slug } } } } }`,
  createTopic: `mutation($input: CreateTopicInput!) { createTopic(input: $input) { topic { id slug name version parent { slug } } } }`,
  updateTopic: `mutation($input: UpdateTopicInput!) { updateTopic(input: $input) { topic { id slug name description version } } }`,
  moveTopic: `mutation($input: MoveTopicInput!) { moveTopic(input: $input) { topic { slug version parent { slug } ancestors { slug } } } }`,
  deleteTopic: `mutation($input: DeleteTopicInput!) { deleteTopic(input: $input) { deletedId unlinkedDocumentCount } }`,
  createApiKey: `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { keyId name role prefix revokedAt } } }`,
  revokeApiKey: `mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { keyId name revokedAt } } }`,
} as const;
export type MutationName = keyof typeof M;

/** A second record of Shtykov, as a careless import would make it, linked to one document. */
export function insertDuplicatePerson(app: TestApp, slug = 'shtykov-duplicate') {
  const row = app.db
    .insert(people)
    .values({ slug, name: 'Shtykov T.F.', kind: 'PERSON' })
    .returning({ id: people.id })
    .get();
  return encodeArchiveId('Person', row.id);
}

/**
 * For each mutation, the role it needs and an input that succeeds on a freshly seeded archive
 * (after `setup`, which may add what the mutation works on).
 */
export const mutationCases: Record<
  MutationName,
  { role: 'EDITOR' | 'ADMIN'; input: (app: TestApp) => Record<string, unknown> }
> = {
  createDocument: { role: 'EDITOR', input: () => ({ title: 'A new telegram', docType: 'TELEGRAM' }) },
  updateDocument: {
    role: 'EDITOR',
    input: (app) => ({
      id: idOf(app, 'Document', '1950-09-21-telegram-vasilevsky-to-stalin'),
      expectedVersion: 1,
      summary: 'Corrected.',
    }),
  },
  deleteDocument: {
    role: 'EDITOR',
    input: (app) => ({
      id: idOf(app, 'Document', '1950-09-21-telegram-vasilevsky-to-stalin'),
      expectedVersion: 1,
    }),
  },
  addDocumentPerson: {
    role: 'EDITOR',
    input: (app) => ({
      document: idOf(app, 'Document', '1950-09-21-telegram-vasilevsky-to-stalin'),
      expectedVersion: 1,
      person: idOf(app, 'Person', 'gromyko'),
      role: 'MENTIONED',
    }),
  },
  updateDocumentPerson: {
    role: 'EDITOR',
    input: (app) => ({
      document: idOf(app, 'Document', '1950-09-21-telegram-vasilevsky-to-stalin'),
      expectedVersion: 1,
      person: idOf(app, 'Person', 'stalin'),
      role: 'RECIPIENT',
      nameAsWritten: 'Comrade Stalin',
    }),
  },
  removeDocumentPerson: {
    role: 'EDITOR',
    input: (app) => ({
      document: idOf(app, 'Document', '1950-09-21-telegram-vasilevsky-to-stalin'),
      expectedVersion: 1,
      person: idOf(app, 'Person', 'stalin'),
      role: 'RECIPIENT',
    }),
  },
  addDocumentTopic: {
    role: 'EDITOR',
    input: (app) => ({
      document: idOf(app, 'Document', '1950-09-21-telegram-vasilevsky-to-stalin'),
      expectedVersion: 1,
      topic: idOf(app, 'Topic', 'korean-war'),
    }),
  },
  removeDocumentTopic: {
    role: 'EDITOR',
    input: (app) => ({
      document: idOf(app, 'Document', '1950-09-21-telegram-vasilevsky-to-stalin'),
      expectedVersion: 1,
      topic: idOf(app, 'Topic', 'aviation'),
    }),
  },
  createPerson: { role: 'EDITOR', input: () => ({ name: 'New Person' }) },
  updatePerson: {
    role: 'EDITOR',
    input: (app) => ({ id: idOf(app, 'Person', 'gromyko'), expectedVersion: 1, description: 'Corrected.' }),
  },
  deletePerson: {
    role: 'EDITOR',
    input: (app) => ({ id: idOf(app, 'Person', 'gromyko'), expectedVersion: 1, force: true }),
  },
  mergePeople: {
    role: 'EDITOR',
    input: (app) => ({
      keep: idOf(app, 'Person', 'shtykov'),
      keepExpectedVersion: 1,
      merge: insertDuplicatePerson(
        app,
        `shtykov-duplicate-${Math.floor(app.db.$client.prepare('select count(*) n from people').pluck().get() as number)}`,
      ),
      mergeExpectedVersion: 1,
    }),
  },
  createTopic: { role: 'EDITOR', input: () => ({ name: 'New topic' }) },
  updateTopic: {
    role: 'EDITOR',
    input: (app) => ({ id: idOf(app, 'Topic', 'aviation'), expectedVersion: 1, description: 'Corrected.' }),
  },
  moveTopic: {
    role: 'EDITOR',
    input: (app) => ({
      id: idOf(app, 'Topic', 'aviation'),
      expectedVersion: 1,
      parent: idOf(app, 'Topic', 'korean-war'),
    }),
  },
  deleteTopic: {
    role: 'EDITOR',
    input: (app) => ({ id: idOf(app, 'Topic', 'aviation'), expectedVersion: 1, force: true }),
  },
  createApiKey: { role: 'ADMIN', input: () => ({ name: 'New holder', role: 'EDITOR' }) },
  revokeApiKey: {
    role: 'ADMIN',
    input: (app) => ({
      key: String(
        createApiKey(
          app.db,
          {
            name: `to revoke ${app.db.$client.prepare('select count(*) from api_keys').pluck().get()}`,
            role: 'EDITOR',
          },
          TEST_OPERATOR,
        ).row.id,
      ),
    }),
  },
};

/** A freshly seeded archive and an editor ("Editor One") who writes to it. */
export function editorSession() {
  const app = createTestApp();
  const key = app.keyFor('EDITOR', 'Editor One');
  const write = <T = Record<string, unknown>>(name: MutationName, input: Record<string, unknown>) =>
    app.request<T>(M[name], { input }, { key });
  /** The field list of a refused input (`extensions.fields` of its one error). */
  const fieldsOf = (result: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    result.errors?.[0]?.extensions?.fields;
  return { app, key, write, fieldsOf };
}
