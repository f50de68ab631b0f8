import type { ArchiveDatabase } from '../../db/client.js';

/**
 * Every row of every table (search index included, whatever tables it uses), for "nothing
 * changed" assertions. A key's `last_used_at` is left out: using a key is not a write.
 */
export function databaseSnapshot(db: ArchiveDatabase): Record<string, unknown[]> {
  const sqlite = db.$client;
  const tables = sqlite
    .prepare(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name`,
    )
    .all() as { name: string }[];
  const snapshot: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const rows = sqlite.prepare(`select * from "${name}"`).all() as Record<string, unknown>[];
    snapshot[name] = rows.map((row) => {
      const { last_used_at: _lastUsed, ...rest } = row;
      return name === 'api_keys' ? rest : row;
    });
  }
  return snapshot;
}
