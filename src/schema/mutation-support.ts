import { and, eq, like, ne, or, sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import type { z } from 'zod';
import type { ArchiveTransaction } from '../../db/client.js';
import { documents, people, topics } from '../../db/schema.js';
import { type Actor, type AuditAction, type FieldChanges, recordAudit } from '../audit.js';
import type { builder } from '../builder.js';
import type { ArchiveContext } from '../context.js';
import { conflictError, ErrorCode, type FieldProblem, invalidInputError } from '../errors.js';
import { encodeArchiveId, type NodeTypeName, parseIdOf } from '../global-id.js';

/** The rows behind each record type, for the helpers below. */
const recordTables = { Document: documents, Person: people, Topic: topics } as const;
export interface RecordRows {
  Document: typeof documents.$inferSelect;
  Person: typeof people.$inferSelect;
  Topic: typeof topics.$inferSelect;
}

/** The key a write is attributed to; the Mutation type's scopes guarantee there is one. */
export function actorOf(ctx: ArchiveContext): Actor {
  if (ctx.caller.kind !== 'key') throw new Error('A write reached its resolver without an API key.');
  return { keyId: ctx.caller.keyId, name: ctx.caller.name };
}

/**
 * Runs a mutation's reads and writes as one transaction that takes the write lock at once
 * (BEGIN IMMEDIATE): what it checks cannot change before it writes, even from another process,
 * and any error anywhere leaves the database as it was.
 */
export function writeTransaction<T>(ctx: ArchiveContext, work: (tx: ArchiveTransaction) => T): T {
  // The cast only tells drizzle's sync-driver typing that `work` is synchronous, which it is.
  return ctx.db.transaction((tx) => work(tx) as never, { behavior: 'immediate' }) as T;
}

/** Collects every problem of one input so they can be refused together. */
export class InputProblems {
  readonly list: FieldProblem[] = [];

  /** `root` names the argument the paths start from: a mutation's `input`, or none for plain arguments. */
  constructor(private readonly root: string | null = 'input') {}

  add(path: readonly (string | number)[], message: string): void {
    this.list.push({ path: (this.root === null ? path : [this.root, ...path]).join('.'), message });
  }

  /** Adds a zod validation's issues; `rename` maps a record field to its input field name. */
  addZod(
    error: z.ZodError,
    rename: Record<string, string> = {},
    prefix: readonly (string | number)[] = [],
  ): void {
    for (const issue of error.issues) {
      const [first, ...rest] = issue.path as (string | number)[];
      const head = typeof first === 'string' ? (rename[first] ?? first) : first;
      this.add([...prefix, ...(head === undefined ? [] : [head, ...rest])], issue.message);
    }
  }

  /** Decodes an ID the input refers to; records a problem and returns undefined when it is bad. */
  id(
    path: readonly (string | number)[],
    expected: NodeTypeName,
    globalId: string | number,
  ): number | undefined {
    const result = parseIdOf(expected, String(globalId));
    if ('problem' in result) {
      this.add(path, result.problem);
      return undefined;
    }
    return result.id;
  }

  /** Checks that the referenced record exists; records a problem when it does not. */
  existing<T extends NodeTypeName>(
    tx: ArchiveTransaction,
    path: readonly (string | number)[],
    expected: T,
    globalId: string | number,
  ): RecordRows[T] | undefined {
    const id = this.id(path, expected, globalId);
    if (id === undefined) return undefined;
    const row = findRecord(tx, expected, id);
    if (!row) this.add(path, `no ${expected} has the ID ${globalId}`);
    return row;
  }

  /** Refuses the input for one problem. */
  static refuse(path: readonly (string | number)[], message: string): never {
    const problems = new InputProblems();
    problems.add(path, message);
    throw invalidInputError(problems.list);
  }

  throwIfAny(): void {
    if (this.list.length) throw invalidInputError(this.list);
  }
}

function findRecord<T extends NodeTypeName>(
  tx: ArchiveTransaction,
  typename: T,
  id: number,
): RecordRows[T] | undefined {
  const table = recordTables[typename];
  return tx.select().from(table).where(eq(table.id, id)).get() as RecordRows[T] | undefined;
}

/**
 * Loads the record a mutation changes. An ID that is bad or names nothing is refused as input;
 * a record whose version is not the one the client read is a CONFLICT, checked before anything
 * is written.
 */
export function loadTarget<T extends NodeTypeName>(
  tx: ArchiveTransaction,
  typename: T,
  path: readonly (string | number)[],
  globalId: string | number,
  expectedVersion: number,
): RecordRows[T] {
  const problems = new InputProblems();
  const row = problems.existing(tx, path, typename, globalId);
  problems.throwIfAny();
  const target = row as RecordRows[T];
  if (target.version !== expectedVersion)
    throw conflictError(typename, encodeArchiveId(typename, target.id), expectedVersion, target.version);
  return target;
}

/** Records that a record changed: one more version, a new `updatedAt`. */
export function bumpVersion(tx: ArchiveTransaction, typename: NodeTypeName, id: number): void {
  const table = recordTables[typename];
  tx.update(table)
    .set({ version: sql`${table.version} + 1`, updatedAt: new Date().toISOString() })
    .where(eq(table.id, id))
    .run();
}

/** A change to an existing record: one more version and its audit entry, in the same transaction. */
export function recordChange(
  tx: ArchiveTransaction,
  actor: Actor,
  typename: NodeTypeName,
  id: number,
  action: AuditAction,
  changes: FieldChanges,
): void {
  bumpVersion(tx, typename, id);
  recordAudit(tx, actor, { entity: typename, entityId: id, action, changes });
}

/** Refuses a slug another record of the type already has. */
export function requireFreeSlug(
  tx: ArchiveTransaction,
  problems: InputProblems,
  typename: NodeTypeName,
  slug: string | null | undefined,
  exceptId?: number,
): void {
  if (slug != null && slugTaken(tx, typename, slug, exceptId))
    problems.add(['slug'], `another ${typename.toLowerCase()} has the slug "${slug}"`);
}

/** A slug from a title or name: ASCII lowercase kebab-case, at most 80 characters. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 80)
    .replace(/^-+|-+$/g, '');
}

export function slugTaken(tx: ArchiveTransaction, typename: NodeTypeName, slug: string, exceptId?: number) {
  const table = recordTables[typename];
  const condition =
    exceptId === undefined ? eq(table.slug, slug) : and(eq(table.slug, slug), ne(table.id, exceptId));
  return tx.select({ id: table.id }).from(table).where(condition).get() !== undefined;
}

/** The slug itself when free, else the first free `slug-2`, `slug-3`... */
export function freeSlug(tx: ArchiveTransaction, typename: NodeTypeName, text: string, fallback: string) {
  const base = slugify(text) || fallback;
  const table = recordTables[typename];
  const used = new Set(
    tx
      .select({ slug: table.slug })
      .from(table)
      .where(or(eq(table.slug, base), like(table.slug, `${base}-%`)))
      .all()
      .map((r) => r.slug),
  );
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The input's fields that were given (explicit nulls included): what a patch changes. */
export function givenFields<T extends Record<string, unknown>>(input: T, fields: readonly (keyof T)[]) {
  return Object.fromEntries(
    fields.filter((f) => input[f] !== undefined).map((f) => [f, input[f]]),
  ) as Partial<T>;
}

export const expectedVersionField = (t: PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>) =>
  t.int({
    required: true,
    description:
      'The `version` of the record as you read it. If it has changed since, nothing is written and a CONFLICT error gives the current version.',
  });

export type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** A delete refused because other records still use the one to delete. */
export function stillReferencedError(message: string, extensions: Record<string, number>) {
  return new GraphQLError(message, { extensions: { code: ErrorCode.STILL_REFERENCED, ...extensions } });
}

/**
 * After a forced delete unlinked documents: each gets a new version and its own UNLINK entry
 * (`changesOf` says which of its links went), and the deleted record's entry lists them all.
 */
export function recordForcedUnlinks(
  tx: ArchiveTransaction,
  actor: Actor,
  documentIds: readonly number[],
  changesOf: (documentId: number) => FieldChanges,
): FieldChanges {
  for (const documentId of documentIds)
    recordChange(tx, actor, 'Document', documentId, 'UNLINK', changesOf(documentId));
  return documentIds.length
    ? { documents: { old: documentIds.map((id) => encodeArchiveId('Document', id)), new: null } }
    : {};
}

/** The payload fields of a delete: the ID the record had, and what `force` unlinked. */
export function deletedOutputs<P extends { deletedId: string; unlinkedDocumentCount?: number }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, P>,
  what: string,
  unlinked?: string,
) {
  return {
    deletedId: t.id({ description: `Global ID the deleted ${what} had.`, resolve: (p) => p.deletedId }),
    ...(unlinked
      ? {
          unlinkedDocumentCount: t.int({
            description: unlinked,
            resolve: (p) => p.unlinkedDocumentCount ?? 0,
          }),
        }
      : {}),
  };
}
