import { and, asc, eq } from 'drizzle-orm';
import type { ArchiveTransaction } from '../../db/client.js';
import { type DOCUMENT_TYPES, documentFieldsRecord, documentPersonLink } from '../../db/corpus.js';
import { documentLanguages, documentPeople, documents, documentTopics } from '../../db/schema.js';
import { changedFields, recordAudit, removedFields } from '../audit.js';
import { builder } from '../builder.js';
import { encodeArchiveId } from '../global-id.js';
import { Document, DocumentPersonLink } from './document.js';
import { DatePrecision, DocumentType, PersonRole } from './enums.js';
import {
  actorOf,
  type BuilderTypes,
  deletedOutputs,
  expectedVersionField,
  freeSlug,
  givenFields,
  InputProblems,
  loadTarget,
  recordChange,
  requireFreeSlug,
  writeTransaction,
} from './mutation-support.js';

/** The document columns a mutation may set, in the order the audit lists them. */
const DOCUMENT_FIELDS = [
  'slug',
  'title',
  'docType',
  'summary',
  'body',
  'dateText',
  'dateStart',
  'dateEnd',
  'datePrecision',
  'originPlace',
  'destinationPlace',
  'sourceArchive',
  'sourceCitation',
  'sourceUrl',
  'rights',
] as const;
type DocumentField = (typeof DOCUMENT_FIELDS)[number];
type DocumentRow = typeof documents.$inferSelect;
type Role = typeof PersonRole.$inferType;

// ---------------------------------------------------------------------------------------------
// Inputs

type FieldBuilder = PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>;

/** The document's own fields; on create the title and type are required, on update nothing is. */
function documentFieldInputs(t: FieldBuilder, creating: boolean) {
  const optional = creating ? '' : ' Omit to keep; null clears it.';
  return {
    slug: t.string({
      required: false,
      description: creating
        ? 'Stable key for URLs (lowercase kebab-case, unique). Omit to derive one from the title.'
        : 'New slug (lowercase kebab-case, unique). Omit to keep.',
    }),
    title: t.string({
      required: creating,
      description: `Title as catalogued (1 to 1000 characters).${creating ? '' : ' Omit to keep.'}`,
    }),
    docType: t.field({
      type: DocumentType,
      required: creating,
      description: `Kind of document.${creating ? '' : ' Omit to keep.'}`,
    }),
    summary: t.string({ required: false, description: `The archive's summary of the content.${optional}` }),
    body: t.string({ required: false, description: `Full transcript or translation.${optional}` }),
    dateText: t.string({
      required: false,
      description: `The date exactly as printed (up to 200 characters).${optional}`,
    }),
    dateStart: t.string({
      required: false,
      description: `First day the date can mean (YYYY-MM-DD); with dateEnd and datePrecision it must describe the same period.${optional}`,
    }),
    dateEnd: t.string({
      required: false,
      description: `Last day the date can mean (YYYY-MM-DD).${optional}`,
    }),
    datePrecision: t.field({
      type: DatePrecision,
      required: false,
      description: creating
        ? 'How precisely the document is dated; UNDATED when omitted.'
        : 'How precisely the document is dated. Omit to keep.',
    }),
    originPlace: t.string({ required: false, description: `Place sent from, as written.${optional}` }),
    destinationPlace: t.string({ required: false, description: `Place sent to, as written.${optional}` }),
    sourceArchive: t.string({ required: false, description: `Archive holding the original.${optional}` }),
    sourceCitation: t.string({
      required: false,
      description: `Fond, opis, delo, list or equivalent.${optional}`,
    }),
    sourceUrl: t.string({
      required: false,
      description: `Where the source publishes the document (a URL).${optional}`,
    }),
    rights: t.string({ required: false, description: `Rights statement for reuse.${optional}` }),
    languages: t.stringList({
      required: false,
      description: creating
        ? 'Original languages as BCP 47 codes (e.g. "ru"); none when omitted.'
        : 'Original languages as BCP 47 codes; replaces the list. Omit to keep; null or [] clears it.',
    }),
  };
}

const PersonLinkInput = builder.inputType('DocumentPersonLinkInput', {
  description: "A person's or organization's part in a new document.",
  fields: (t) => ({
    person: t.id({ required: true, description: 'Global ID of the person or organization.' }),
    role: t.field({ type: PersonRole, required: true, description: 'Their part in the document.' }),
    nameAsWritten: t.string({
      required: false,
      description: 'The name exactly as this document writes it (up to 500 characters).',
    }),
  }),
});

// ---------------------------------------------------------------------------------------------
// Validation and state

interface PersonLinkValue {
  person: string | number;
  role: Role;
  nameAsWritten?: string | null;
}

/** A document's fields and languages as the audit log and validation see them. */
function documentState(tx: ArchiveTransaction, row: DocumentRow) {
  const fields = Object.fromEntries(DOCUMENT_FIELDS.map((f) => [f, row[f]])) as Pick<
    DocumentRow,
    DocumentField
  >;
  return { ...fields, languages: languagesOf(tx, row.id) };
}

function languagesOf(tx: ArchiveTransaction, documentId: number): string[] {
  return tx
    .select({ language: documentLanguages.language })
    .from(documentLanguages)
    .where(eq(documentLanguages.documentId, documentId))
    .orderBy(asc(documentLanguages.language))
    .all()
    .map((r) => r.language);
}

/** The document's links as the audit log records them: people by global ID, in order. */
export function documentLinks(tx: ArchiveTransaction, documentId: number) {
  const people = tx
    .select()
    .from(documentPeople)
    .where(eq(documentPeople.documentId, documentId))
    .orderBy(asc(documentPeople.role), asc(documentPeople.position), asc(documentPeople.id))
    .all()
    .map(auditedLink);
  const topics = tx
    .select({ topicId: documentTopics.topicId })
    .from(documentTopics)
    .where(eq(documentTopics.documentId, documentId))
    .orderBy(asc(documentTopics.topicId))
    .all()
    .map((r) => encodeArchiveId('Topic', r.topicId));
  return { people, topics };
}

export function auditedLink(link: {
  personId: number;
  role: string;
  nameAsWritten: string | null;
  position: number;
}) {
  return {
    person: encodeArchiveId('Person', link.personId),
    role: link.role,
    nameAsWritten: link.nameAsWritten,
    position: link.position,
  };
}

/** Validates the document fields of an input merged over what is stored (nothing, on create). */
function validateFields(
  problems: InputProblems,
  candidate: Record<string, unknown>,
): ReturnType<typeof normalizeFields> | undefined {
  const parsed = documentFieldsRecord.safeParse(candidate);
  if (!parsed.success) {
    problems.addZod(parsed.error);
    return undefined;
  }
  return normalizeFields(parsed.data);
}

function normalizeFields(data: ReturnType<typeof documentFieldsRecord.parse>) {
  const fields = Object.fromEntries(DOCUMENT_FIELDS.map((f) => [f, data[f] ?? null])) as {
    [K in DocumentField]: Exclude<(typeof data)[K], undefined> | null;
  } & { slug: string; title: string; docType: (typeof DOCUMENT_TYPES)[number]; datePrecision: string };
  return { ...fields, languages: [...new Set(data.languages)].sort() };
}

function validateNameAsWritten(problems: InputProblems, path: (string | number)[], value: unknown) {
  const parsed = documentPersonLink.shape.nameAsWritten.safeParse(value);
  if (!parsed.success) {
    problems.addZod(parsed.error, {}, path);
    return undefined;
  }
  return parsed.data ?? null;
}

/** Checks the people of a new document; returns their rows (positions numbered per role). */
function validatePersonLinks(
  tx: ArchiveTransaction,
  problems: InputProblems,
  links: readonly PersonLinkValue[],
) {
  const seen = new Set<string>();
  const perRole = new Map<string, number>();
  const rows: { personId: number; role: Role; nameAsWritten: string | null; position: number }[] = [];
  links.forEach((link, i) => {
    const person = problems.existing(tx, ['people', i, 'person'], 'Person', link.person);
    const nameAsWritten = validateNameAsWritten(problems, ['people', i, 'nameAsWritten'], link.nameAsWritten);
    if (!person) return;
    const key = `${person.id}:${link.role}`;
    if (seen.has(key)) {
      problems.add(['people', i], `this person is already listed in the role ${link.role}`);
      return;
    }
    seen.add(key);
    const position = perRole.get(link.role) ?? 0;
    perRole.set(link.role, position + 1);
    rows.push({ personId: person.id, role: link.role, nameAsWritten: nameAsWritten ?? null, position });
  });
  return rows;
}

function validateTopicRefs(
  tx: ArchiveTransaction,
  problems: InputProblems,
  ids: readonly (string | number)[],
) {
  const topicIds = new Set<number>();
  ids.forEach((id, i) => {
    const topic = problems.existing(tx, ['topics', i], 'Topic', id);
    if (topic) topicIds.add(topic.id);
  });
  return [...topicIds];
}

function replaceLanguages(tx: ArchiveTransaction, documentId: number, languages: readonly string[]) {
  tx.delete(documentLanguages).where(eq(documentLanguages.documentId, documentId)).run();
  if (languages.length)
    tx.insert(documentLanguages)
      .values(languages.map((language) => ({ documentId, language })))
      .run();
}

// ---------------------------------------------------------------------------------------------
// Payload fields

/** The payload's `document`, loaded with whatever the client selects in one statement. */
function documentOutput<P extends { documentId: number }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, P>,
  description: string,
) {
  return t.drizzleField({
    type: Document,
    description,
    resolve: async (query, payload, _args, ctx) => {
      const row = await ctx.db.query.documents.findFirst(query({ where: { id: payload.documentId } }));
      if (!row) throw new Error(`Document ${payload.documentId} vanished after its mutation.`);
      return row;
    },
  });
}

function linkOutput<P extends { linkId: number }>(t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, P>) {
  return t.drizzleField({
    type: DocumentPersonLink,
    description: 'The link as it now stands.',
    resolve: async (query, payload, _args, ctx) => {
      const row = await ctx.db.query.documentPeople.findFirst(query({ where: { id: payload.linkId } }));
      if (!row) throw new Error(`Link ${payload.linkId} vanished after its mutation.`);
      return row;
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Mutations

builder.relayMutationField(
  'createDocument',
  {
    description: 'A new document with its people and topics.',
    inputFields: (t) => ({
      ...documentFieldInputs(t, true),
      people: t.field({
        type: [PersonLinkInput],
        required: false,
        description: 'Its people, each with a role, in the order the source names them.',
      }),
      topics: t.idList({ required: false, description: 'Global IDs of its topics.' }),
    }),
  },
  {
    description: 'Adds a document. Needs the EDITOR role.',
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const problems = new InputProblems();
        const slug = input.slug ?? freeSlug(tx, 'Document', input.title ?? '', 'document');
        const fields = validateFields(problems, {
          ...givenFields(input, DOCUMENT_FIELDS),
          slug,
          languages: input.languages ?? [],
        });
        requireFreeSlug(tx, problems, 'Document', input.slug);
        const links = validatePersonLinks(tx, problems, input.people ?? []);
        const topicIds = validateTopicRefs(tx, problems, input.topics ?? []);
        problems.throwIfAny();
        const { languages, ...columns } = fields!;
        const { id } = tx.insert(documents).values(columns).returning({ id: documents.id }).get();
        replaceLanguages(tx, id, languages);
        if (links.length)
          tx.insert(documentPeople)
            .values(links.map((l) => ({ ...l, documentId: id })))
            .run();
        if (topicIds.length)
          tx.insert(documentTopics)
            .values(topicIds.map((topicId) => ({ documentId: id, topicId })))
            .run();
        recordAudit(tx, actorOf(ctx), {
          entity: 'Document',
          entityId: id,
          action: 'CREATE',
          changes: changedFields(null, { ...fields!, ...documentLinks(tx, id) }),
        });
        return { documentId: id };
      }),
  },
  {
    description: 'The result of createDocument.',
    outputFields: (t) => ({ document: documentOutput(t, 'The new document.') }),
  },
);

builder.relayMutationField(
  'updateDocument',
  {
    description: "Changes to a document's own fields; what is omitted stays as it is.",
    inputFields: (t) => ({
      id: t.id({ required: true, description: 'Global ID of the document.' }),
      expectedVersion: expectedVersionField(t),
      ...documentFieldInputs(t, false),
    }),
  },
  {
    description:
      "Corrects a document's fields (its people and topics have their own mutations). The result is validated as a whole: a new dateEnd must agree with the stored dateStart. Needs the EDITOR role.",
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const row = loadTarget(tx, 'Document', ['id'], input.id, input.expectedVersion);
        const before = documentState(tx, row);
        const problems = new InputProblems();
        const after = validateFields(problems, {
          ...before,
          ...givenFields(input, DOCUMENT_FIELDS),
          languages: input.languages === undefined ? before.languages : (input.languages ?? []),
        });
        requireFreeSlug(tx, problems, 'Document', input.slug, row.id);
        problems.throwIfAny();
        const changes = changedFields(before, after!);
        if (Object.keys(changes).length === 0) return { documentId: row.id };
        const { languages, ...columns } = after!;
        tx.update(documents).set(columns).where(eq(documents.id, row.id)).run();
        if (changes.languages) replaceLanguages(tx, row.id, languages);
        recordChange(tx, actorOf(ctx), 'Document', row.id, 'UPDATE', changes);
        return { documentId: row.id };
      }),
  },
  {
    description: 'The result of updateDocument.',
    outputFields: (t) => ({
      document: documentOutput(
        t,
        'The document as it now stands (unchanged, same version, when nothing differed).',
      ),
    }),
  },
);

builder.relayMutationField(
  'deleteDocument',
  {
    description: 'The document to delete.',
    inputFields: (t) => ({
      id: t.id({ required: true, description: 'Global ID of the document.' }),
      expectedVersion: expectedVersionField(t),
    }),
  },
  {
    description:
      'Deletes a document with its links to people and topics and its search entry; the people and topics themselves stay. Needs the EDITOR role.',
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const row = loadTarget(tx, 'Document', ['id'], input.id, input.expectedVersion);
        const before = { ...documentState(tx, row), ...documentLinks(tx, row.id) };
        tx.delete(documents).where(eq(documents.id, row.id)).run();
        recordAudit(tx, actorOf(ctx), {
          entity: 'Document',
          entityId: row.id,
          action: 'DELETE',
          changes: removedFields(before),
        });
        return { deletedId: encodeArchiveId('Document', row.id) };
      }),
  },
  {
    description: 'The result of deleteDocument.',
    outputFields: (t) => deletedOutputs(t, 'document'),
  },
);

/** The document a link change applies to, with the version read: a link change is a change to it. */
function linkedDocumentInputs(t: FieldBuilder) {
  return {
    document: t.id({ required: true, description: 'Global ID of the document.' }),
    expectedVersion: t.int({
      required: true,
      description:
        "The document's `version` as you read it; a link change is a change to the document. If it has changed since, nothing is written and a CONFLICT error gives the current version.",
    }),
  };
}

/** Input fields naming one person link of a document. */
function linkTargetInputs(t: FieldBuilder) {
  return {
    ...linkedDocumentInputs(t),
    person: t.id({ required: true, description: 'Global ID of the person or organization.' }),
    role: t.field({ type: PersonRole, required: true, description: 'Their part in the document.' }),
  };
}

function findLink(tx: ArchiveTransaction, documentId: number, personId: number, role: string) {
  return tx
    .select()
    .from(documentPeople)
    .where(
      and(
        eq(documentPeople.documentId, documentId),
        eq(documentPeople.personId, personId),
        eq(documentPeople.role, role),
      ),
    )
    .get();
}

/** The link an input names by document, person and role; a problem when there is none. */
function existingLink(
  tx: ArchiveTransaction,
  problems: InputProblems,
  documentId: number,
  input: { person: string | number; role: string },
) {
  const person = problems.existing(tx, ['person'], 'Person', input.person);
  const link = person ? findLink(tx, documentId, person.id, input.role) : undefined;
  if (person && !link) problems.add(['role'], `this person is not linked to the document as ${input.role}`);
  return { person, link };
}

/**
 * Puts a link at `position` among the document's links in its role (0 = first; past the end or
 * omitted = last) and renumbers them 0, 1, 2... Without a link, only renumbers (after a link
 * left the role). Returns the link's position.
 */
function placeLink(
  tx: ArchiveTransaction,
  documentId: number,
  role: string,
  link?: { id: number; position?: number | null },
): number {
  const others = tx
    .select({ id: documentPeople.id, position: documentPeople.position })
    .from(documentPeople)
    .where(and(eq(documentPeople.documentId, documentId), eq(documentPeople.role, role)))
    .orderBy(asc(documentPeople.position), asc(documentPeople.id))
    .all()
    .filter((l) => l.id !== link?.id);
  const at = Math.min(link?.position ?? others.length, others.length);
  const ordered = link
    ? [...others.slice(0, at), { id: link.id, position: -1 }, ...others.slice(at)]
    : others;
  ordered.forEach((row, index) => {
    if (row.position !== index)
      tx.update(documentPeople).set({ position: index }).where(eq(documentPeople.id, row.id)).run();
  });
  return at;
}

function validatePosition(problems: InputProblems, position: number | null | undefined) {
  if (position != null && position < 0) problems.add(['position'], 'must be 0 (first) or more');
}

builder.relayMutationField(
  'addDocumentPerson',
  {
    description: 'A person to link to a document in a role.',
    inputFields: (t) => ({
      ...linkTargetInputs(t),
      nameAsWritten: t.string({
        required: false,
        description: 'The name exactly as this document writes it (up to 500 characters).',
      }),
      position: t.int({
        required: false,
        description:
          "Place among the document's links in this role, in the source's order (0 = first). Omit to add it last.",
      }),
    }),
  },
  {
    description:
      'Links a person or organization to a document in a role, at the place the source names them. Needs the EDITOR role.',
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const doc = loadTarget(tx, 'Document', ['document'], input.document, input.expectedVersion);
        const problems = new InputProblems();
        const person = problems.existing(tx, ['person'], 'Person', input.person);
        const nameAsWritten = validateNameAsWritten(problems, ['nameAsWritten'], input.nameAsWritten);
        if (person && findLink(tx, doc.id, person.id, input.role))
          problems.add(['role'], `this person is already linked to the document as ${input.role}`);
        validatePosition(problems, input.position);
        problems.throwIfAny();
        const link = tx
          .insert(documentPeople)
          .values({
            documentId: doc.id,
            personId: person!.id,
            role: input.role,
            nameAsWritten: nameAsWritten ?? null,
          })
          .returning()
          .get();
        const position = placeLink(tx, doc.id, input.role, { id: link.id, position: input.position });
        recordChange(tx, actorOf(ctx), 'Document', doc.id, 'LINK', {
          people: { old: null, new: auditedLink({ ...link, position }) },
        });
        return { documentId: doc.id, linkId: link.id };
      }),
  },
  {
    description: 'The result of addDocumentPerson.',
    outputFields: (t) => ({
      document: documentOutput(t, 'The document, with its new version.'),
      link: linkOutput(t),
    }),
  },
);

builder.relayMutationField(
  'updateDocumentPerson',
  {
    description: 'A person link of a document and what to change in it.',
    inputFields: (t) => ({
      ...linkTargetInputs(t),
      nameAsWritten: t.string({
        required: false,
        description: 'New name as written (up to 500 characters). Omit to keep; null clears it.',
      }),
      newRole: t.field({
        type: PersonRole,
        required: false,
        description: 'Move the link to this role. Omit to keep.',
      }),
      position: t.int({
        required: false,
        description:
          "Move the link to this place among the document's links in its (new) role (0 = first). Omit to keep it, or to put it last when the role changes.",
      }),
    }),
  },
  {
    description:
      'Changes the role, the name as written or the place of one person link of a document. Needs the EDITOR role.',
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const doc = loadTarget(tx, 'Document', ['document'], input.document, input.expectedVersion);
        const problems = new InputProblems();
        const { person, link } = existingLink(tx, problems, doc.id, input);
        const nameAsWritten =
          input.nameAsWritten === undefined
            ? link?.nameAsWritten
            : validateNameAsWritten(problems, ['nameAsWritten'], input.nameAsWritten);
        const role = input.newRole ?? input.role;
        if (person && role !== input.role && findLink(tx, doc.id, person.id, role))
          problems.add(['newRole'], `this person is already linked to the document as ${role}`);
        validatePosition(problems, input.position);
        problems.throwIfAny();
        const current = link!;
        const moving = role !== current.role || input.position != null;
        const next = { role, nameAsWritten: nameAsWritten ?? null };
        if (!moving && next.nameAsWritten === current.nameAsWritten)
          return { documentId: doc.id, linkId: current.id };
        tx.update(documentPeople).set(next).where(eq(documentPeople.id, current.id)).run();
        const position = moving
          ? placeLink(tx, doc.id, role, {
              id: current.id,
              position: input.position ?? (role === current.role ? current.position : null),
            })
          : current.position;
        if (role !== current.role) placeLink(tx, doc.id, current.role);
        const changes = changedFields(
          { people: auditedLink(current) },
          { people: auditedLink({ ...current, ...next, position }) },
        );
        if (Object.keys(changes).length)
          recordChange(tx, actorOf(ctx), 'Document', doc.id, 'UPDATE', changes);
        return { documentId: doc.id, linkId: current.id };
      }),
  },
  {
    description: 'The result of updateDocumentPerson.',
    outputFields: (t) => ({
      document: documentOutput(t, 'The document, with its new version.'),
      link: linkOutput(t),
    }),
  },
);

builder.relayMutationField(
  'removeDocumentPerson',
  {
    description: 'A person link of a document to remove.',
    inputFields: (t) => linkTargetInputs(t),
  },
  {
    description:
      'Unlinks a person or organization from a document in one role (links in other roles stay). Needs the EDITOR role.',
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const doc = loadTarget(tx, 'Document', ['document'], input.document, input.expectedVersion);
        const problems = new InputProblems();
        const { link } = existingLink(tx, problems, doc.id, input);
        problems.throwIfAny();
        tx.delete(documentPeople).where(eq(documentPeople.id, link!.id)).run();
        placeLink(tx, doc.id, link!.role);
        recordChange(tx, actorOf(ctx), 'Document', doc.id, 'UNLINK', {
          people: { old: auditedLink(link!), new: null },
        });
        return { documentId: doc.id };
      }),
  },
  {
    description: 'The result of removeDocumentPerson.',
    outputFields: (t) => ({ document: documentOutput(t, 'The document, with its new version.') }),
  },
);

function topicLinkInputs(t: FieldBuilder) {
  return {
    ...linkedDocumentInputs(t),
    topic: t.id({ required: true, description: 'Global ID of the topic.' }),
  };
}

function hasTopic(tx: ArchiveTransaction, documentId: number, topicId: number) {
  return (
    tx
      .select({ topicId: documentTopics.topicId })
      .from(documentTopics)
      .where(and(eq(documentTopics.documentId, documentId), eq(documentTopics.topicId, topicId)))
      .get() !== undefined
  );
}

builder.relayMutationField(
  'addDocumentTopic',
  { description: 'A topic to file a document under.', inputFields: (t) => topicLinkInputs(t) },
  {
    description: 'Files a document under a topic. Needs the EDITOR role.',
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const doc = loadTarget(tx, 'Document', ['document'], input.document, input.expectedVersion);
        const problems = new InputProblems();
        const topic = problems.existing(tx, ['topic'], 'Topic', input.topic);
        if (topic && hasTopic(tx, doc.id, topic.id))
          problems.add(['topic'], 'the document is already filed under this topic');
        problems.throwIfAny();
        tx.insert(documentTopics).values({ documentId: doc.id, topicId: topic!.id }).run();
        recordChange(tx, actorOf(ctx), 'Document', doc.id, 'LINK', {
          topics: { old: null, new: encodeArchiveId('Topic', topic!.id) },
        });
        return { documentId: doc.id };
      }),
  },
  {
    description: 'The result of addDocumentTopic.',
    outputFields: (t) => ({ document: documentOutput(t, 'The document, with its new version.') }),
  },
);

builder.relayMutationField(
  'removeDocumentTopic',
  { description: 'A topic to take a document out of.', inputFields: (t) => topicLinkInputs(t) },
  {
    description: 'Takes a document out of a topic. Needs the EDITOR role.',
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const doc = loadTarget(tx, 'Document', ['document'], input.document, input.expectedVersion);
        const problems = new InputProblems();
        const topic = problems.existing(tx, ['topic'], 'Topic', input.topic);
        if (topic && !hasTopic(tx, doc.id, topic.id))
          problems.add(['topic'], 'the document is not filed under this topic');
        problems.throwIfAny();
        tx.delete(documentTopics)
          .where(and(eq(documentTopics.documentId, doc.id), eq(documentTopics.topicId, topic!.id)))
          .run();
        recordChange(tx, actorOf(ctx), 'Document', doc.id, 'UNLINK', {
          topics: { old: encodeArchiveId('Topic', topic!.id), new: null },
        });
        return { documentId: doc.id };
      }),
  },
  {
    description: 'The result of removeDocumentTopic.',
    outputFields: (t) => ({ document: documentOutput(t, 'The document, with its new version.') }),
  },
);
