import type { ArchiveDatabase } from './client.js';

/**
 * The full-text index is maintained by triggers (see the `search_index` migration): every
 * write to documents, their links, people's names or topic names refreshes the affected
 * documents' indexed text. These helpers are for bulk work and repair.
 */

const COLUMNS = ['title', 'summary', 'body', 'people', 'topics'] as const;

/**
 * Makes the indexed text of the documents `which` selects (a SQL condition on `id`) equal what
 * the live tables say, touching only rows that differ; the triggers on documents_fts_text
 * carry each change into the FTS5 index.
 */
function refreshStatement(which: string): string {
  return `insert into documents_fts_text (id, ${COLUMNS.join(', ')})
            select id, ${COLUMNS.join(', ')} from documents_fts_source where ${which}
            on conflict (id) do update set ${COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}
            where ${COLUMNS.map((c) => `documents_fts_text.${c} is not excluded.${c}`).join(' or ')}`;
}

/**
 * FTS5 writes a new segment each time its in-memory term table outgrows 'hashsize' (1 MiB by
 * default), and merges segments as they pile up; for bulk work a bigger table means far fewer of
 * both. Measured on 100,000 documents: 64 MiB builds the index about a third faster, 256 MiB a
 * little faster still for four times the memory.
 */
const BULK_HASH_SIZE = 64 * 1024 * 1024;
const FTS5_DEFAULT_HASH_SIZE = 1024 * 1024;
/** Below this many documents to re-index, the default term table does as well. */
const BULK_REFRESH_MIN = 1000;

/**
 * Runs `work` (inside the caller's transaction) with FTS5's term table at BULK_HASH_SIZE, then
 * sets it back. The setting lives in documents_fts_config, so a rollback restores it too; it
 * changes how the index is written, never what it holds.
 */
function withBulkHashSize<T>(sqlite: ArchiveDatabase['$client'], work: () => T): T {
  const previous = sqlite.prepare("select v from documents_fts_config where k = 'hashsize'").pluck().get();
  const set = (value: unknown) =>
    // FTS5 wants an integer, which a bound JavaScript number is not; `value` is a number here.
    sqlite.exec(
      `insert into documents_fts (documents_fts, rank) values ('hashsize', ${Math.trunc(Number(value))})`,
    );
  set(BULK_HASH_SIZE);
  const result = work();
  set(previous ?? FTS5_DEFAULT_HASH_SIZE);
  return result;
}

/**
 * Recomputes every document's indexed text from the live tables and rebuilds the FTS5 index
 * from it, in one transaction. Use it after loading data with the triggers bypassed, or to
 * repair an index suspected to be out of step: it reads nothing of the index's present state,
 * so it works whatever that state is, and if it fails the previous index stays. Returns the
 * number of documents indexed.
 *
 * The stored text is written in one pass with the triggers of documents_fts_text set aside
 * (they would add each row to the FTS5 index one at a time), then FTS5 builds its index from
 * that text in one sorted pass ('rebuild'), which gives the same index the triggers would.
 */
export function rebuildSearchIndex(db: ArchiveDatabase): number {
  const sqlite = db.$client;
  return sqlite
    .transaction(() => {
      const triggers = sqlite
        .prepare(
          "select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'documents_fts_text'",
        )
        .all() as { name: string; sql: string }[];
      for (const { name } of triggers) sqlite.exec(`drop trigger "${name.replace(/"/g, '""')}"`);
      sqlite.exec('delete from documents_fts_text');
      sqlite.exec(
        `insert into documents_fts_text (id, ${COLUMNS.join(', ')})
         select id, ${COLUMNS.join(', ')} from documents_fts_source order by id`,
      );
      for (const { sql } of triggers) sqlite.exec(sql);
      withBulkHashSize(sqlite, () =>
        sqlite.exec("insert into documents_fts (documents_fts) values ('rebuild')"),
      );
      sqlite.exec('delete from documents_fts_pending');
      // One segment instead of the few a rebuild leaves: faster queries for a fraction of the cost.
      sqlite.exec("insert into documents_fts (documents_fts) values ('optimize')");
      return (sqlite.prepare('select count(*) as n from documents_fts_text').get() as { n: number }).n;
      // IMMEDIATE: it reads the schema before it writes; see loadCorpus.
    })
    .immediate();
}

/**
 * Runs `load` in one transaction with the index refreshes deferred: the triggers only note
 * which documents were touched, and each is re-indexed once at the end, instead of once per
 * row written (a document with its people and topics is otherwise indexed five or more times).
 * Readers in other connections never see the deferred state; if `load` throws, everything,
 * the deferral included, is rolled back.
 */
export function withSearchIndexDeferred<T>(db: ArchiveDatabase, load: () => T): T {
  const sqlite = db.$client;
  return sqlite
    .transaction(() => {
      const deferred = (
        sqlite.prepare('select deferred from documents_fts_state').get() as { deferred: number }
      ).deferred;
      // Already deferred by an enclosing call: that call refreshes at its end.
      if (deferred) return load();
      sqlite.prepare('update documents_fts_state set deferred = 1').run();
      const result = load();
      sqlite.prepare('update documents_fts_state set deferred = 0').run();
      const refresh = sqlite.prepare(refreshStatement('id in (select id from documents_fts_pending)'));
      const pending = sqlite.prepare('select count(*) from documents_fts_pending').pluck().get() as number;
      if (pending >= BULK_REFRESH_MIN) withBulkHashSize(sqlite, () => refresh.run());
      else refresh.run();
      sqlite.prepare('delete from documents_fts_pending').run();
      return result;
      // IMMEDIATE: it reads before it writes; see loadCorpus.
    })
    .immediate();
}

/**
 * Verifies the index: the FTS5 structure matches its stored text, and the stored text matches
 * what the live tables say each document should be found by. Returns the problems found
 * (empty when the index is right).
 */
export function checkSearchIndex(db: ArchiveDatabase): string[] {
  const sqlite = db.$client;
  const problems: string[] = [];
  try {
    sqlite.prepare("insert into documents_fts (documents_fts, rank) values ('integrity-check', 1)").run();
  } catch (error) {
    problems.push(`FTS5 integrity check failed: ${(error as Error).message}`);
  }
  const stale = sqlite
    .prepare(
      `select coalesce(s.id, t.id) as id from documents_fts_source s
         full outer join documents_fts_text t on t.id = s.id
        where s.id is null or t.id is null
           or ${COLUMNS.map((c) => `s.${c} is not t.${c}`).join(' or ')}
        order by 1 limit 20`,
    )
    .all() as { id: number }[];
  for (const { id } of stale) problems.push(`document ${id}: indexed text differs from the live tables`);
  const pending = (sqlite.prepare('select count(*) as n from documents_fts_pending').get() as { n: number })
    .n;
  if (pending) problems.push(`${pending} documents are waiting for a deferred refresh`);
  return problems;
}
