import { randomBytes } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
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
 * Mark delimiters handed to FTS5, new for every statement: they hold a random nonce, so no
 * document text can contain one and pass itself off as a mark.
 */
function markers() {
  const nonce = randomBytes(9).toString('base64');
  return { open: `\u0002${nonce}[`, close: `]${nonce}\u0003` };
}

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
  const { open, close } = markers();
  const columns: SQL[] = FIELDS.map(({ column, whole }) =>
    whole
      ? sql`highlight(documents_fts, ${sql.raw(String(column))}, ${open}, ${close}) as ${sql.raw(`c${column}`)}`
      : sql`snippet(documents_fts, ${sql.raw(String(column))}, ${open}, ${close}, ${ELLIPSIS}, ${sql.raw(String(SNIPPET_TOKENS))}) as ${sql.raw(`c${column}`)}`,
  );
  const rows = db.all<Record<string, string | number | null>>(
    sql`select rowid as id, ${sql.join(columns, sql`, `)} from documents_fts
         where documents_fts match ${match} and rowid in (select value from json_each(${JSON.stringify(documentIds)}))`,
  );
  for (const row of rows) {
    const snippets: Snippet[] = [];
    for (const { field, column } of FIELDS) {
      const marked = row[`c${column}`];
      if (typeof marked === 'string' && marked.includes(open))
        snippets.push({ field, segments: segmentsOf(marked, open, close) });
    }
    result.set(row.id as number, snippets);
  }
  return result;
}

/** Splits marked text into alternating plain and highlighted runs; empty runs are dropped. */
export function segmentsOf(marked: string, open: string, close: string): TextSegment[] {
  const segments: TextSegment[] = [];
  const push = (text: string, highlighted: boolean) => {
    if (!text) return;
    const last = segments[segments.length - 1];
    if (last && last.highlighted === highlighted) last.text += text;
    else segments.push({ text, highlighted });
  };
  for (const [i, piece] of marked.split(open).entries()) {
    if (i === 0) {
      push(piece, false);
      continue;
    }
    const end = piece.indexOf(close);
    push(end === -1 ? piece : piece.slice(0, end), true);
    if (end !== -1) push(piece.slice(end + close.length), false);
  }
  return segments;
}
