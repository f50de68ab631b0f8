import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * A digest of every row of every table (FTS shadow tables and Drizzle's migration log included),
 * in rowid order: two databases with the same checksum hold the same data. `ignoreColumns` leaves
 * out columns such as timestamps, to compare two loads of the same records made at other times.
 */
export function databaseChecksum(
  sqlite: Database.Database,
  { ignoreColumns = [] as string[], skipTables = [] as string[] } = {},
): string {
  const hash = createHash('sha256');
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .all() as { name: string }[];
  for (const { name } of tables) {
    if (skipTables.includes(name)) continue;
    hash.update(`table ${name}\n`);
    const quoted = `"${name.replace(/"/g, '""')}"`;
    let statement: Database.Statement;
    try {
      statement = sqlite.prepare(`select * from ${quoted} order by rowid`);
    } catch {
      // Tables without rowid (and virtual tables that refuse ordering) in their natural order.
      statement = sqlite.prepare(`select * from ${quoted}`);
    }
    const keep = statement.columns().map((c) => !ignoreColumns.includes(c.name));
    for (const full of statement.raw().all() as unknown[][]) {
      const row = full.filter((_v, i) => keep[i]);
      hash.update(`${JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
    }
  }
  return hash.digest('hex');
}

/** `PRAGMA integrity_check`: ['ok'] for a sound database file, otherwise the problems found. */
export function integrityCheck(sqlite: Database.Database): string[] {
  return (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
}
