import { and, asc, eq, inArray } from 'drizzle-orm';
import type { ArchiveTransaction } from '../../db/client.js';
import { personRecord } from '../../db/corpus.js';
import { documentPeople, people, personNames } from '../../db/schema.js';
import { changedFields, recordAudit, removedFields } from '../audit.js';
import { builder } from '../builder.js';
import { encodeArchiveId } from '../global-id.js';
import { auditedLink } from './document-mutations.js';
import { NameType, PersonKind } from './enums.js';
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
  recordForcedUnlinks,
  requireFreeSlug,
  stillReferencedError,
  writeTransaction,
} from './mutation-support.js';
import { Person } from './person.js';

const PERSON_FIELDS = ['slug', 'name', 'kind', 'description', 'birthYear', 'deathYear'] as const;
type PersonRow = typeof people.$inferSelect;
type FieldBuilder = PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>;

const AlternateNameInput = builder.inputType('AlternateNameInput', {
  description: 'Another name under which the person or organization appears in the sources.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'The name as found (1 to 300 characters).' }),
    type: t.field({ type: NameType, required: true, description: 'How it relates to the preferred name.' }),
    language: t.string({
      required: false,
      description: 'Language or script of the name (BCP 47), when known.',
    }),
  }),
});

function personFieldInputs(t: FieldBuilder, creating: boolean) {
  const keep = creating ? '' : ' Omit to keep.';
  const clear = creating ? '' : ' Omit to keep; null clears it.';
  return {
    slug: t.string({
      required: false,
      description: creating
        ? 'Stable key (lowercase kebab-case, unique). Omit to derive one from the name.'
        : 'New slug (lowercase kebab-case, unique). Omit to keep.',
    }),
    name: t.string({ required: creating, description: `Preferred name (1 to 300 characters).${keep}` }),
    kind: t.field({
      type: PersonKind,
      required: false,
      description: creating
        ? 'Individual or organization; PERSON when omitted.'
        : 'Individual or organization. Omit to keep.',
    }),
    description: t.string({
      required: false,
      description: `Short description, such as an office held.${clear}`,
    }),
    birthYear: t.int({ required: false, description: `Year of birth or founding.${clear}` }),
    deathYear: t.int({
      required: false,
      description: `Year of death or dissolution; not before birthYear.${clear}`,
    }),
    alternateNames: t.field({
      type: [AlternateNameInput],
      required: false,
      description: creating
        ? 'Pseudonyms, transliterations, original-script forms, misprints; each name once.'
        : 'Replaces the alternate names. Omit to keep; [] clears them.',
    }),
  };
}

interface AlternateName {
  name: string;
  type: string;
  language: string | null;
}

function alternateNamesOf(tx: ArchiveTransaction, personId: number): AlternateName[] {
  return tx
    .select({ name: personNames.name, type: personNames.nameType, language: personNames.language })
    .from(personNames)
    .where(eq(personNames.personId, personId))
    .orderBy(asc(personNames.name))
    .all();
}

function personState(tx: ArchiveTransaction, row: PersonRow) {
  const fields = Object.fromEntries(PERSON_FIELDS.map((f) => [f, row[f]])) as Pick<
    PersonRow,
    (typeof PERSON_FIELDS)[number]
  >;
  return { ...fields, alternateNames: alternateNamesOf(tx, row.id) };
}

/** Validates a person merged over what is stored, with the corpus loader's own rules. */
function validatePerson(problems: InputProblems, candidate: Record<string, unknown>) {
  const { slug, ...rest } = candidate;
  const parsed = personRecord.safeParse({ ...rest, key: slug });
  if (!parsed.success) {
    problems.addZod(parsed.error, { key: 'slug' });
    return undefined;
  }
  const { key, alternateNames, ...fields } = parsed.data;
  return {
    slug: key,
    name: fields.name,
    kind: fields.kind,
    description: fields.description ?? null,
    birthYear: fields.birthYear ?? null,
    deathYear: fields.deathYear ?? null,
    alternateNames: alternateNames
      .map((n) => ({ name: n.name, type: n.type as string, language: n.language ?? null }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

function replaceAlternateNames(tx: ArchiveTransaction, personId: number, names: readonly AlternateName[]) {
  tx.delete(personNames).where(eq(personNames.personId, personId)).run();
  if (names.length)
    tx.insert(personNames)
      .values(names.map((n) => ({ personId, name: n.name, nameType: n.type, language: n.language })))
      .run();
}

function personOutput<P extends { personId: number }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, P>,
  description: string,
) {
  return t.drizzleField({
    type: Person,
    description,
    resolve: async (query, payload, _args, ctx) => {
      const row = await ctx.db.query.people.findFirst(query({ where: { id: payload.personId } }));
      if (!row) throw new Error(`Person ${payload.personId} vanished after its mutation.`);
      return row;
    },
  });
}

builder.relayMutationField(
  'createPerson',
  {
    description: 'A new person or organization.',
    inputFields: (t) => personFieldInputs(t, true),
  },
  {
    description: 'Adds a person or organization. Needs the EDITOR role.',
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const problems = new InputProblems();
        const person = validatePerson(problems, {
          ...givenFields(input, PERSON_FIELDS),
          slug: input.slug ?? freeSlug(tx, 'Person', input.name ?? '', 'person'),
          alternateNames: input.alternateNames ?? [],
        });
        requireFreeSlug(tx, problems, 'Person', input.slug);
        problems.throwIfAny();
        const { alternateNames, ...columns } = person!;
        const { id } = tx.insert(people).values(columns).returning({ id: people.id }).get();
        replaceAlternateNames(tx, id, alternateNames);
        recordAudit(tx, actorOf(ctx), {
          entity: 'Person',
          entityId: id,
          action: 'CREATE',
          changes: changedFields(null, person!),
        });
        return { personId: id };
      }),
  },
  {
    description: 'The result of createPerson.',
    outputFields: (t) => ({ person: personOutput(t, 'The new person or organization.') }),
  },
);

builder.relayMutationField(
  'updatePerson',
  {
    description: 'Changes to a person or organization; what is omitted stays as it is.',
    inputFields: (t) => ({
      id: t.id({ required: true, description: 'Global ID of the person or organization.' }),
      expectedVersion: expectedVersionField(t),
      ...personFieldInputs(t, false),
    }),
  },
  {
    description:
      'Corrects a person or organization; the result is validated as a whole. Needs the EDITOR role.',
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const row = loadTarget(tx, 'Person', ['id'], input.id, input.expectedVersion);
        const before = personState(tx, row);
        const problems = new InputProblems();
        const after = validatePerson(problems, {
          ...before,
          ...givenFields(input, PERSON_FIELDS),
          alternateNames:
            input.alternateNames === undefined ? before.alternateNames : (input.alternateNames ?? []),
        });
        requireFreeSlug(tx, problems, 'Person', input.slug, row.id);
        problems.throwIfAny();
        const changes = changedFields(before, after!);
        if (Object.keys(changes).length === 0) return { personId: row.id };
        const { alternateNames, ...columns } = after!;
        tx.update(people).set(columns).where(eq(people.id, row.id)).run();
        if (changes.alternateNames) replaceAlternateNames(tx, row.id, alternateNames);
        recordChange(tx, actorOf(ctx), 'Person', row.id, 'UPDATE', changes);
        return { personId: row.id };
      }),
  },
  {
    description: 'The result of updatePerson.',
    outputFields: (t) => ({
      person: personOutput(
        t,
        'The person as they now stand (unchanged, same version, when nothing differed).',
      ),
    }),
  },
);

builder.relayMutationField(
  'deletePerson',
  {
    description: 'The person or organization to delete.',
    inputFields: (t) => ({
      id: t.id({ required: true, description: 'Global ID of the person or organization.' }),
      expectedVersion: expectedVersionField(t),
      force: t.boolean({
        required: false,
        defaultValue: false,
        description:
          'Also unlink them from every document that names them (each document gets a new version and an audit entry). Without it, a person still linked to documents is not deleted.',
      }),
    }),
  },
  {
    description:
      'Deletes a person or organization with their alternate names. Refused with STILL_REFERENCED while documents link to them, unless `force` is given. Needs the EDITOR role.',
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const row = loadTarget(tx, 'Person', ['id'], input.id, input.expectedVersion);
        const links = tx.select().from(documentPeople).where(eq(documentPeople.personId, row.id)).all();
        const documentIds = [...new Set(links.map((l) => l.documentId))];
        if (documentIds.length && !input.force)
          throw stillReferencedError(
            `${row.name} is linked to ${documentIds.length} document${documentIds.length === 1 ? '' : 's'}; unlink them first, merge the person into another, or delete with force: true.`,
            { documentCount: documentIds.length },
          );
        const before = personState(tx, row);
        const actor = actorOf(ctx);
        tx.delete(documentPeople).where(eq(documentPeople.personId, row.id)).run();
        const unlinked = recordForcedUnlinks(tx, actor, documentIds, (documentId) => ({
          people: { old: links.filter((l) => l.documentId === documentId).map(auditedLink), new: null },
        }));
        tx.delete(people).where(eq(people.id, row.id)).run();
        recordAudit(tx, actor, {
          entity: 'Person',
          entityId: row.id,
          action: 'DELETE',
          changes: { ...removedFields(before), ...unlinked },
        });
        return { deletedId: encodeArchiveId('Person', row.id), unlinkedDocumentCount: documentIds.length };
      }),
  },
  {
    description: 'The result of deletePerson.',
    outputFields: (t) =>
      deletedOutputs(t, 'person or organization', 'How many documents `force` unlinked them from.'),
  },
);

builder.relayMutationField(
  'mergePeople',
  {
    description: 'Two records of one real person or organization: the one to keep and the duplicate.',
    inputFields: (t) => ({
      keep: t.id({ required: true, description: 'Global ID of the record that stays.' }),
      keepExpectedVersion: t.int({ required: true, description: 'Its `version` as you read it.' }),
      merge: t.id({ required: true, description: 'Global ID of the duplicate, deleted by the merge.' }),
      mergeExpectedVersion: t.int({ required: true, description: 'Its `version` as you read it.' }),
      mergedNameType: t.field({
        type: NameType,
        required: false,
        defaultValue: 'VARIANT',
        description: "How the duplicate's preferred name relates to the kept one; VARIANT when omitted.",
      }),
    }),
  },
  {
    description:
      "Merges a duplicate into the record kept: the duplicate's document links and alternate names move over, its preferred name becomes an alternate name, a link the kept record already has in the same document and role collapses into one (keeping a name as written), and the duplicate is deleted. Needs the EDITOR role.",
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const problems = new InputProblems();
        const keepId = problems.id(['keep'], 'Person', input.keep);
        const mergeId = problems.id(['merge'], 'Person', input.merge);
        if (keepId !== undefined && keepId === mergeId)
          problems.add(['merge'], 'a person cannot be merged into themselves');
        problems.throwIfAny();
        const keep = loadTarget(tx, 'Person', ['keep'], input.keep, input.keepExpectedVersion);
        const merge = loadTarget(tx, 'Person', ['merge'], input.merge, input.mergeExpectedVersion);
        const actor = actorOf(ctx);
        const keptBefore = personState(tx, keep);
        const mergedBefore = personState(tx, merge);

        const names = new Map(keptBefore.alternateNames.map((n) => [n.name, n]));
        for (const n of [
          { name: merge.name, type: input.mergedNameType ?? 'VARIANT', language: null },
          ...mergedBefore.alternateNames,
        ])
          if (n.name !== keep.name && !names.has(n.name)) names.set(n.name, n);
        const alternateNames = [...names.values()].sort((a, b) =>
          a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
        );
        replaceAlternateNames(tx, keep.id, alternateNames);

        const moved = tx.select().from(documentPeople).where(eq(documentPeople.personId, merge.id)).all();
        const documentIds = [...new Set(moved.map((l) => l.documentId))];
        const keptLinks =
          documentIds.length === 0
            ? []
            : tx
                .select()
                .from(documentPeople)
                .where(
                  and(eq(documentPeople.personId, keep.id), inArray(documentPeople.documentId, documentIds)),
                )
                .all();
        for (const link of moved) {
          const twin = keptLinks.find((k) => k.documentId === link.documentId && k.role === link.role);
          if (!twin) {
            tx.update(documentPeople).set({ personId: keep.id }).where(eq(documentPeople.id, link.id)).run();
            continue;
          }
          tx.delete(documentPeople).where(eq(documentPeople.id, link.id)).run();
          if (twin.nameAsWritten == null && link.nameAsWritten != null)
            tx.update(documentPeople)
              .set({ nameAsWritten: link.nameAsWritten })
              .where(eq(documentPeople.id, twin.id))
              .run();
        }
        for (const documentId of documentIds) {
          const now = tx
            .select()
            .from(documentPeople)
            .where(and(eq(documentPeople.documentId, documentId), eq(documentPeople.personId, keep.id)))
            .all();
          recordChange(tx, actor, 'Document', documentId, 'UPDATE', {
            people: {
              old: [...keptLinks, ...moved].filter((l) => l.documentId === documentId).map(auditedLink),
              new: now.map(auditedLink),
            },
          });
        }

        tx.delete(people).where(eq(people.id, merge.id)).run();
        const mergeGlobalId = encodeArchiveId('Person', merge.id);
        recordChange(tx, actor, 'Person', keep.id, 'MERGE', {
          ...changedFields({ alternateNames: keptBefore.alternateNames }, { alternateNames }),
          mergedPerson: { old: null, new: { id: mergeGlobalId, slug: merge.slug, name: merge.name } },
          documents: { old: null, new: documentIds.map((id) => encodeArchiveId('Document', id)) },
        });
        recordAudit(tx, actor, {
          entity: 'Person',
          entityId: merge.id,
          action: 'DELETE',
          changes: {
            ...removedFields(mergedBefore),
            mergedInto: { old: null, new: encodeArchiveId('Person', keep.id) },
          },
        });
        return { personId: keep.id, mergedId: mergeGlobalId, documentCount: documentIds.length };
      }),
  },
  {
    description: 'The result of mergePeople.',
    outputFields: (t) => ({
      person: personOutput(t, 'The kept record with its new names and documents.'),
      mergedId: t.id({ description: 'Global ID the deleted duplicate had.', resolve: (p) => p.mergedId }),
      documentCount: t.int({
        description: 'How many documents had links moved to the kept record.',
        resolve: (p) => p.documentCount,
      }),
    }),
  },
);
