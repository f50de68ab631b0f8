import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { loadCorpus } from '../db/corpus.js';
import { bulkCorpus } from './helpers/factories.js';

describe('writers on one WAL file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'archive-wal-'));
  const file = join(dir, 'a.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when a deferred transaction reads and another connection commits before it writes, then SQLite refuses its write with SQLITE_BUSY at once', () => {
    const setup = openDatabase({ file });
    migrateDatabase(setup);
    const a = new Database(file);
    const b = new Database(file);
    a.pragma('busy_timeout = 5000');
    a.exec('begin');
    a.prepare('select count(*) from documents').get();
    b.prepare("insert into topics (slug, name) values ('x', 'X')").run();
    expect(() => a.prepare("insert into topics (slug, name) values ('y', 'Y')").run()).toThrow(
      expect.objectContaining({ code: 'SQLITE_BUSY_SNAPSHOT' }),
    );
    a.exec('rollback');
    a.close();
    b.close();
    setup.$client.close();
  });

  it('when loadCorpus writes, then it takes the write lock before its first read (BEGIN IMMEDIATE), so it waits its turn instead of failing that way', () => {
    const db = openDatabase({ file });
    const sqlite = db.$client;
    const modes: string[] = [];
    const transaction = sqlite.transaction.bind(sqlite);
    // Notes which way each transaction the loader makes is begun.
    sqlite.transaction = ((fn: Parameters<typeof transaction>[0]) => {
      const t = transaction(fn);
      return new Proxy(t, {
        apply: (target, self, args) => {
          modes.push('deferred');
          return Reflect.apply(target, self, args);
        },
        get: (target, key) => {
          if (key === 'immediate' || key === 'exclusive' || key === 'deferred') modes.push(String(key));
          return Reflect.get(target, key);
        },
      });
    }) as typeof sqlite.transaction;
    loadCorpus(db, bulkCorpus(2));
    expect(modes).toEqual(['immediate']);

    // And with another writer holding the lock, it waits under the busy timeout, then succeeds.
    sqlite.pragma('busy_timeout = 0');
    const holder = new Database(file);
    holder.exec('begin immediate');
    expect(() => loadCorpus(db, bulkCorpus(3))).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    holder.exec('rollback');
    holder.close();
    expect(loadCorpus(db, bulkCorpus(3)).changed).toBeGreaterThan(0);
    sqlite.close();
  });
});
