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
 * Recomputes every document's indexed text from the live tables and rebuilds the FTS5 index
 * from it, in one transaction. Use it after loading data with the triggers bypassed, or to
 * repair an index suspected to be out of step. Returns the number of documents indexed.
 */
export function rebuildSearchIndex(db: ArchiveDatabase): number {
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    // First make the index agree with the stored text, whatever state it is in; from then on
    // the triggers' delete-then-insert of each changed row finds exactly what it removes.
    sqlite.prepare("insert into documents_fts (documents_fts) values ('rebuild')").run();
    sqlite.prepare(refreshStatement('true')).run();
    sqlite.prepare('delete from documents_fts_text where id not in (select id from documents)').run();
    sqlite.prepare('delete from documents_fts_pending').run();
    sqlite.prepare("insert into documents_fts (documents_fts) values ('optimize')").run();
    return (sqlite.prepare('select count(*) as n from documents_fts_text').get() as { n: number }).n;
  })();
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
      sqlite.prepare(refreshStatement('id in (select id from documents_fts_pending)')).run();
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
