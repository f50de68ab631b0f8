import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * A digest of every row of every table (FTS shadow tables and Drizzle's migration log included),
 * in rowid order: two databases with the same checksum hold the same data.
 */
export function databaseChecksum(sqlite: Database.Database): string {
  const hash = createHash('sha256');
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .all() as { name: string }[];
  for (const { name } of tables) {
    hash.update(`table ${name}\n`);
    const quoted = `"${name.replace(/"/g, '""')}"`;
    let rows: unknown[];
    try {
      rows = sqlite.prepare(`select * from ${quoted} order by rowid`).raw().all();
    } catch {
      // Tables without rowid (and virtual tables that refuse ordering) in their natural order.
      rows = sqlite.prepare(`select * from ${quoted}`).raw().all();
    }
    for (const row of rows)
      hash.update(`${JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
  }
  return hash.digest('hex');
}

/** `PRAGMA integrity_check`: ['ok'] for a sound database file, otherwise the problems found. */
export function integrityCheck(sqlite: Database.Database): string[] {
  return (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
}
