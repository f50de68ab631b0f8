import type { ArchiveDatabase } from './client.js';

/**
 * The full-text index is maintained by triggers (see the `search_index` migration): every
 * write to documents, their links, people's names or topic names refreshes the affected
 * documents' indexed text. These helpers are for bulk work and repair.
 */

const INDEXED_COLUMNS = 'title, summary, body, people, topics';

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
    sqlite
      .prepare(
        `insert into documents_fts_text (id, ${INDEXED_COLUMNS})
           select id, ${INDEXED_COLUMNS} from documents_fts_source where true
           on conflict (id) do update set title = excluded.title, summary = excluded.summary,
             body = excluded.body, people = excluded.people, topics = excluded.topics
           where documents_fts_text.title is not excluded.title
              or documents_fts_text.summary is not excluded.summary
              or documents_fts_text.body is not excluded.body
              or documents_fts_text.people is not excluded.people
              or documents_fts_text.topics is not excluded.topics`,
      )
      .run();
    sqlite.prepare('delete from documents_fts_text where id not in (select id from documents)').run();
    sqlite.prepare("insert into documents_fts (documents_fts) values ('optimize')").run();
    return (sqlite.prepare('select count(*) as n from documents_fts_text').get() as { n: number }).n;
  })();
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
           or s.title is not t.title or s.summary is not t.summary or s.body is not t.body
           or s.people is not t.people or s.topics is not t.topics
        order by 1 limit 20`,
    )
    .all() as { id: number }[];
  for (const { id } of stale) problems.push(`document ${id}: indexed text differs from the live tables`);
  return problems;
}
