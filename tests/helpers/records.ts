import { sql } from 'drizzle-orm';
import { encodeArchiveId } from '../../src/global-id.js';
import type { TestApp } from './app.js';

const tables = { Document: 'documents', Person: 'people', Topic: 'topics' } as const;

/** The row id and version of a record found by slug. */
export function recordBySlug(app: TestApp, type: keyof typeof tables, slug: string) {
  const row = app.db.get<{ id: number; version: number }>(
    sql`select id, version from ${sql.identifier(tables[type])} where slug = ${slug}`,
  );
  if (!row) throw new Error(`No ${type} has the slug ${slug}`);
  return { ...row, globalId: encodeArchiveId(type, row.id) };
}

/** Global ID of a record found by slug. */
export function idOf(app: TestApp, type: keyof typeof tables, slug: string): string {
  return recordBySlug(app, type, slug).globalId;
}

export function countRows(app: TestApp, table: string): number {
  return app.db.get<{ n: number }>(sql`select count(*) as n from ${sql.identifier(table)}`)?.n ?? 0;
}

export interface AuditRow {
  keyName: string;
  keyId: number | null;
  entity: string;
  entityId: number;
  action: string;
  changes: Record<string, { old: unknown; new: unknown }>;
}

/** The audit log, oldest first, changes parsed. */
export function auditRows(app: TestApp): AuditRow[] {
  return app.db
    .all<{
      key_name: string;
      key_id: number | null;
      entity: string;
      entity_id: number;
      action: string;
      changes: string;
    }>(sql`select key_name, key_id, entity, entity_id, action, changes from audit_log order by id`)
    .map((r) => ({
      keyName: r.key_name,
      keyId: r.key_id,
      entity: r.entity,
      entityId: r.entity_id,
      action: r.action,
      changes: JSON.parse(r.changes),
    }));
}
