import { inArray } from 'drizzle-orm';
import { documents, people, topics } from '../db/schema.js';
import type { ArchiveContext } from './context.js';

const tables = { Document: documents, Person: people, Topic: topics } as const;

/**
 * The rows of the records the given global IDs name, keyed "Type:id", in one query per type
 * asked for; IDs of records that do not exist are absent. The node lookups check this first,
 * so an unknown ID answers null rather than failing.
 */
export function loadNodeRows(
  ctx: ArchiveContext,
  ids: readonly { typename: string; id: string }[],
): Map<string, Record<string, unknown> & { __typename: string }> {
  const found = new Map<string, Record<string, unknown> & { __typename: string }>();
  const byType = new Map<keyof typeof tables, number[]>();
  for (const { typename, id } of ids) {
    if (!(typename in tables)) continue;
    const list = byType.get(typename as keyof typeof tables) ?? [];
    list.push(Number(id));
    byType.set(typename as keyof typeof tables, list);
  }
  for (const [typename, list] of byType) {
    const table = tables[typename];
    for (const row of ctx.db.select().from(table).where(inArray(table.id, list)).all())
      found.set(`${typename}:${row.id}`, { ...row, __typename: typename });
  }
  return found;
}
