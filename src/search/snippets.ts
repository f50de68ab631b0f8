import { sql } from 'drizzle-orm';
import type { ArchiveDatabase } from '../../db/client.js';

/**
 * Highlighted excerpts from the full-text index, returned as plain-text segments: marks are
 * data (`highlighted: true`), never markup, so a client cannot be made to render HTML that a
 * document happens to contain.
 */

export type SnippetField = 'TITLE' | 'SUMMARY' | 'BODY' | 'PEOPLE' | 'TOPICS';

export interface TextSegment {
  text: string;
  highlighted: boolean;
}

export interface Snippet {
  field: SnippetField;
  segments: TextSegment[];
}

/**
 * Mark delimiters handed to FTS5. Control characters: archival text has no use for them, and
 * should one occur in a document it can only mis-mark a segment, never inject anything.
 */
const OPEN = '\u0002';
const CLOSE = '\u0003';
const ELLIPSIS = '…';
/** Tokens around a match in an excerpt of a long field. */
const SNIPPET_TOKENS = 24;

/** Column order of documents_fts; short fields are shown whole, long ones as excerpts. */
const FIELDS: { field: SnippetField; column: number; whole: boolean }[] = [
  { field: 'TITLE', column: 0, whole: true },
  { field: 'SUMMARY', column: 1, whole: false },
  { field: 'BODY', column: 2, whole: false },
  { field: 'PEOPLE', column: 3, whole: false },
  { field: 'TOPICS', column: 4, whole: true },
];

/**
 * Excerpts of the fields of each document where `match` hit, in one statement for the whole
 * page. Fields without a hit are left out.
 */
export function searchSnippets(
  db: ArchiveDatabase,
  match: string,
  documentIds: number[],
): Map<number, Snippet[]> {
  const result = new Map<number, Snippet[]>();
  if (documentIds.length === 0) return result;
  const columns = FIELDS.map(({ column, whole }) =>
    whole
      ? `highlight(documents_fts, ${column}, '${OPEN}', '${CLOSE}') as c${column}`
      : `snippet(documents_fts, ${column}, '${OPEN}', '${CLOSE}', '${ELLIPSIS}', ${SNIPPET_TOKENS}) as c${column}`,
  ).join(', ');
  const rows = db.all<Record<string, string | number | null>>(
    sql`select rowid as id, ${sql.raw(columns)} from documents_fts
         where documents_fts match ${match} and rowid in (select value from json_each(${JSON.stringify(documentIds)}))`,
  );
  for (const row of rows) {
    const snippets: Snippet[] = [];
    for (const { field, column } of FIELDS) {
      const marked = row[`c${column}`];
      if (typeof marked === 'string' && marked.includes(OPEN))
        snippets.push({ field, segments: segmentsOf(marked) });
    }
    result.set(row.id as number, snippets);
  }
  return result;
}

/** Splits marked text into alternating plain and highlighted runs; empty runs are dropped. */
export function segmentsOf(marked: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let highlighted = false;
  let run = '';
  const flush = () => {
    if (run) {
      const last = segments[segments.length - 1];
      if (last && last.highlighted === highlighted) last.text += run;
      else segments.push({ text: run, highlighted });
    }
    run = '';
  };
  for (const char of marked) {
    if (char === OPEN || char === CLOSE) {
      flush();
      highlighted = char === OPEN;
    } else {
      run += char;
    }
  }
  flush();
  return segments;
}
