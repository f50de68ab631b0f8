import { and, count, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '../../db/schema.js';
import { AUDIT_ACTIONS, type AuditEntity } from '../audit.js';
import { builder } from '../builder.js';
import type { ArchiveContext } from '../context.js';
import { decodeArchiveId, encodeArchiveId } from '../global-id.js';
import { countedConnection } from './connections.js';
import { InputProblems } from './mutation-support.js';

const AuditEntityEnum = builder.enumType('AuditEntity', {
  description: 'The kind of record an audit entry is about.',
  values: {
    DOCUMENT: { value: 'Document', description: 'A document (including its links to people and topics).' },
    PERSON: { value: 'Person', description: 'A person or organization.' },
    TOPIC: { value: 'Topic', description: 'A topic.' },
    API_KEY: { value: 'ApiKey', description: 'An API key.' },
  } satisfies Record<string, { value: AuditEntity; description: string }>,
});

const actionDescriptions: Record<(typeof AUDIT_ACTIONS)[number], string> = {
  CREATE: 'The record was created.',
  UPDATE: 'Fields of the record (or of one of its links) changed.',
  DELETE: 'The record was deleted (by a delete or as the duplicate of a merge).',
  MERGE: 'A duplicate person was merged into this one.',
  MOVE: 'The topic moved in the tree.',
  LINK: 'A person or topic was linked to the document.',
  UNLINK: 'A person or topic was unlinked from the document.',
  REVOKE: 'The API key was revoked.',
};

const AuditAction = builder.enumType('AuditAction', {
  description: 'What a write did.',
  values: Object.fromEntries(AUDIT_ACTIONS.map((a) => [a, { description: actionDescriptions[a] }])) as Record<
    (typeof AUDIT_ACTIONS)[number],
    { description: string }
  >,
});

const AuditChange = builder
  .objectRef<{ field: string; old: unknown; new: unknown }>('AuditChange')
  .implement({
    description: 'One field a write changed, with its value before and after as JSON.',
    fields: (t) => ({
      field: t.exposeString('field', {
        description: 'Name of the field ("title", "people", "alternateNames"...).',
      }),
      oldValue: t.string({
        nullable: true,
        description:
          'The value before, as JSON text; null when the field had no value (null or an empty list) or the record did not exist.',
        resolve: (c) => (c.old == null ? null : JSON.stringify(c.old)),
      }),
      newValue: t.string({
        nullable: true,
        description:
          'The value after, as JSON text; null when the field has no value (null or an empty list) or the record is gone.',
        resolve: (c) => (c.new == null ? null : JSON.stringify(c.new)),
      }),
    }),
  });

const AuditEntry = builder.drizzleObject('auditLog', {
  name: 'AuditEntry',
  description: 'One successful write: who made it, when, and what it changed.',
  fields: (t) => ({
    sequence: t.exposeInt('id', { description: 'Position in the log; later writes have higher numbers.' }),
    at: t.exposeString('at', { description: 'When the write was committed (ISO 8601 UTC).' }),
    keyName: t.exposeString('keyName', {
      description:
        'Name of the API key that made the write, as it was then (or the operator, for command-line key management).',
    }),
    keyId: t.exposeInt('keyId', {
      nullable: true,
      description:
        'Numeric id of that key (as `npm run keys -- list` shows it); null for command-line key management.',
    }),
    entity: t.field({
      type: AuditEntityEnum,
      description: 'Kind of record written.',
      select: { columns: { entity: true } },
      resolve: (e) => e.entity as AuditEntity,
    }),
    entityId: t.id({
      description:
        'Global ID of the record written (it may since have been deleted, so it is an ID, not the record).',
      select: { columns: { entity: true, entityId: true } },
      resolve: (e) => encodeArchiveId(e.entity, e.entityId),
    }),
    action: t.field({
      type: AuditAction,
      description: 'What the write did.',
      select: { columns: { action: true } },
      resolve: (e) => e.action as (typeof AUDIT_ACTIONS)[number],
    }),
    changes: t.field({
      type: [AuditChange],
      description: 'The fields the write changed, old and new values.',
      select: { columns: { changes: true } },
      resolve: (e) =>
        Object.entries(JSON.parse(e.changes) as Record<string, { old: unknown; new: unknown }>).map(
          ([field, change]) => ({ field, ...change }),
        ),
    }),
  }),
});

interface AuditLogArgs {
  entity?: AuditEntity | null;
  entityId?: string | number | null;
  keyName?: string | null;
  keyId?: number | null;
  action?: string | null;
  since?: string | null;
  until?: string | null;
}

const isoInstant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/**
 * The audit log filter as one condition over the table (or the alias a relational query gives
 * it); every bad argument is reported at once.
 */
function auditLogCondition(args: AuditLogArgs): (log: typeof auditLog) => SQL | undefined {
  const problems = new InputProblems(null);
  const parts: ((log: typeof auditLog) => SQL)[] = [];
  const { entity, keyName, keyId, action } = args;
  if (entity) parts.push((log) => eq(log.entity, entity));
  if (args.entityId != null) {
    try {
      const { typename, id } = decodeArchiveId(String(args.entityId));
      parts.push(
        (log) => eq(log.entity, typename),
        (log) => eq(log.entityId, Number(id)),
      );
    } catch {
      problems.add(['entityId'], 'not an ID of this API');
    }
  }
  if (keyName != null) parts.push((log) => eq(log.keyName, keyName));
  if (keyId != null) parts.push((log) => eq(log.keyId, keyId));
  if (action) parts.push((log) => eq(log.action, action));
  const instant = (name: 'since' | 'until') => {
    const value = args[name];
    if (value == null) return undefined;
    if (!isoInstant.safeParse(value).success) {
      problems.add([name], 'must be an ISO 8601 date ("1950-10-01") or date-time ("2026-01-31T12:00:00Z")');
      return undefined;
    }
    // A date alone names the whole day: `until: "2026-11-26"` includes that day's writes.
    if (name === 'until' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T23:59:59.999Z`;
    return new Date(value).toISOString();
  };
  const since = instant('since');
  const until = instant('until');
  if (since && until && since > until) problems.add(['since'], 'is after until');
  if (since) parts.push((log) => gte(log.at, since));
  if (until) parts.push((log) => lte(log.at, until));
  problems.throwIfAny();
  return (log) => and(...parts.map((part) => part(log)));
}

builder.queryFields((t) => ({
  auditLog: t.drizzleConnection(
    {
      type: AuditEntry,
      authScopes: { admin: true },
      description:
        'Every successful write, newest first, filtered by record, key and time. Needs an API key with the ADMIN role.',
      args: {
        entity: t.arg({
          type: AuditEntityEnum,
          required: false,
          description: 'Only writes to this kind of record.',
        }),
        entityId: t.arg.id({ required: false, description: 'Only writes to this record (a global ID).' }),
        keyName: t.arg.string({
          required: false,
          description: 'Only writes made with the key of this name.',
        }),
        keyId: t.arg.int({
          required: false,
          description: 'Only writes made with the key of this numeric id.',
        }),
        action: t.arg({ type: AuditAction, required: false, description: 'Only writes of this kind.' }),
        since: t.arg.string({
          required: false,
          description: 'Only writes at or after this instant (ISO 8601 date or date-time).',
        }),
        until: t.arg.string({
          required: false,
          description:
            'Only writes at or before this instant (ISO 8601 date-time), or during or before this day (a date alone, UTC).',
        }),
      },
      totalCount: (_root, args, ctx: ArchiveContext) =>
        ctx.db.select({ n: count() }).from(auditLog).where(auditLogCondition(args)(auditLog)).get()?.n ?? 0,
      resolve: async (query, _root, args, ctx) => {
        const condition = auditLogCondition(args);
        // The RAW condition defeats drizzle's result inference; the rows are whole audit rows.
        return (await ctx.db.query.auditLog.findMany(
          query({ where: { RAW: (log) => condition(log) ?? sql`1 = 1` }, orderBy: { id: 'desc' } }),
        )) as unknown as (typeof auditLog.$inferSelect)[];
      },
    },
    countedConnection(AuditEntry, 'AuditEntry', 'audit entries'),
  ),
}));
