import { existsSync } from 'node:fs';
import { defaultDatabaseFile, migrateDatabase, openDatabase } from '../db/client.js';
import { seedDatabase } from '../db/seed.js';

/** The database file the API serves: `ARCHIVE_DB`, or the embedded default under db/. */
export function databaseFileFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.ARCHIVE_DB?.trim() || defaultDatabaseFile;
}

/**
 * Opens the archive database, applying pending migrations; a database that did not exist
 * yet (or is empty) is seeded with the starting corpus.
 */
export function openArchive(file: string) {
  const isNew = file === ':memory:' || !existsSync(file);
  const db = openDatabase({ file });
  migrateDatabase(db);
  const empty = db.$client.prepare('select count(*) as n from documents').get() as { n: number };
  const seeded = isNew || empty.n === 0 ? seedDatabase(db) : undefined;
  return { db, seeded };
}
