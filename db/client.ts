import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Logger } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { foldName } from './name-fold.js';
import { relations } from './relations.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Where drizzle-kit writes migrations; applied in order by {@link migrateDatabase}. */
export const migrationsFolder = resolve(here, 'migrations');

/** The embedded default database file, used when `ARCHIVE_DB` is not set. */
export const defaultDatabaseFile = resolve(here, 'archive.sqlite');

export interface OpenDatabaseOptions {
  /** A file path, or `:memory:` for a private in-memory database. */
  file: string;
  /** Receives every SQL statement Drizzle runs (tests count them). */
  logger?: Logger;
  readonly?: boolean;
  /**
   * With `file: ':memory:'`, start from this copy of a database (`db.$client.serialize()`)
   * instead of an empty one: tests clone one migrated, seeded archive instead of rebuilding it.
   */
  image?: Buffer;
}

/**
 * The only place a database connection is made: resolvers, CLI and tests all go through the
 * Drizzle instance returned here, so another backend can replace the embedded file later.
 */
export function openDatabase({ file, logger, readonly = false, image }: OpenDatabaseOptions) {
  if (image && file !== ':memory:') throw new Error('A database image opens only as :memory:.');
  if (file !== ':memory:' && !readonly) mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new Database(image ?? file, { readonly });
  // WAL lets readers in other processes proceed while one writer commits; NORMAL sync is
  // durable across application crashes in WAL mode; the busy timeout absorbs writer overlap.
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('mmap_size = 268435456');
  // REPLACE conflicts then fire delete triggers, which keep the full-text index right.
  sqlite.pragma('recursive_triggers = ON');
  sqlite.function('fold_name', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? foldName(value) : null,
  );
  const db = drizzle({ client: sqlite, relations, logger });
  return db;
}

export type ArchiveDatabase = ReturnType<typeof openDatabase>;

/** Applies every pending migration; already-applied ones are skipped. */
export function migrateDatabase(db: ArchiveDatabase) {
  migrate(db, { migrationsFolder });
  // Refreshes the planner's statistics where they are stale, so index choices follow the data.
  db.$client.pragma('optimize');
}

/** Names of the migrations on disk that this database has not applied (empty when up to date). */
export function pendingMigrations(db: ArchiveDatabase): string[] {
  const hasTable = db.$client
    .prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  const applied = new Set(
    hasTable
      ? (db.$client.prepare('select hash from __drizzle_migrations').all() as { hash: string }[]).map(
          (r) => r.hash,
        )
      : [],
  );
  return readMigrationFiles({ migrationsFolder })
    .filter((m) => !applied.has(m.hash))
    .map((m) => m.name ?? m.hash);
}

/** The handle a `db.transaction` callback receives: every write of a mutation goes through one. */
export type ArchiveTransaction = Parameters<Parameters<ArchiveDatabase['transaction']>[0]>[0];
