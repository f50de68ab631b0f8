import type { ArchiveTransaction } from '../db/client.js';
import { auditLog } from '../db/schema.js';

/** Entities whose changes are audited, as stored in `audit_log.entity`. */
export const AUDIT_ENTITIES = ['Document', 'Person', 'Topic', 'ApiKey'] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export const AUDIT_ACTIONS = [
  'CREATE',
  'UPDATE',
  'DELETE',
  'MERGE',
  'MOVE',
  'LINK',
  'UNLINK',
  'REVOKE',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who a write is attributed to: an API key, or an operator at the command line (no key). */
export interface Actor {
  keyId: number | null;
  name: string;
}

export type FieldChanges = Record<string, { old: unknown; new: unknown }>;

export interface AuditEntry {
  entity: AuditEntity;
  entityId: number;
  action: AuditAction;
  changes: FieldChanges;
}

/** Appends an audit entry inside the write's own transaction: no write without its entry. */
export function recordAudit(tx: ArchiveTransaction, actor: Actor, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      keyId: actor.keyId,
      keyName: actor.name,
      entity: entry.entity,
      entityId: entry.entityId,
      action: entry.action,
      changes: JSON.stringify(entry.changes),
    })
    .run();
}

/**
 * The fields of `after` whose value differs from `before`, with both values. A field without a
 * value (null or an empty list) on both sides is no change; `reverse` reads `after` as the
 * record before it was removed.
 */
export function changedFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  reverse = false,
): FieldChanges {
  const changes: FieldChanges = {};
  for (const [field, value] of Object.entries(after)) {
    const old = valueOrNull(before ? before[field] : null);
    const now = valueOrNull(value);
    if (JSON.stringify(old) !== JSON.stringify(now))
      changes[field] = reverse ? { old: now, new: old } : { old, new: now };
  }
  return changes;
}

function valueOrNull(value: unknown): unknown {
  return value == null || (Array.isArray(value) && value.length === 0) ? null : value;
}

/** Every field of a record going away that had a value, old value to null. */
export function removedFields(before: Record<string, unknown>): FieldChanges {
  return changedFields(null, before, true);
}
