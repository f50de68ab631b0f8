import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { ArchiveDatabase } from '../../db/client.js';
import { documents } from '../../db/schema.js';
import { DEFAULT_PAGE_SIZE } from '../builder.js';
import { userInputError } from '../errors.js';
import type { SearchQuery } from './query.js';

/**
 * One page of search results, read with keyset pagination in one statement. With a query the
 * statement scans the full-text index once, joining each match to its document and computing
 * its bm25 score inline, so ranking costs one pass over the matches (a correlated score per
 * document would re-run the FTS query for each of them).
 */

/** Weights of the indexed columns in ranking: title and names above summary, summary above body. */
const BM25_WEIGHTS = [10, 4, 1, 6, 5] as const; // title, summary, body, people, topics

export type SearchOrderField = 'RELEVANCE' | 'DATE' | 'TITLE';
export type Direction = 'ASC' | 'DESC';

export interface SearchPageArgs {
  text: SearchQuery | null;
  /** The filter's condition (not the text: the page reads the index itself). */
  condition: ((docs: typeof documents) => SQL) | undefined;
  field: SearchOrderField;
  direction: Direction;
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface SearchPageRow {
  id: number;
  /** The ordering value of the row (score, date key or title key). */
  key: number | string;
  score: number | null;
}

export interface SearchPage {
  rows: (SearchPageRow & { cursor: string })[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

const d = alias(documents, 'd') as unknown as typeof documents;

const scoreSql = sql`-bm25(documents_fts, ${sql.raw(BM25_WEIGHTS.map((w) => w.toFixed(1)).join(', '))})`;

/** The ordering: a key, its direction, and the direction of the id that breaks its ties. */
function orderOf(field: SearchOrderField, direction: Direction) {
  const dir = direction === 'DESC' ? 'desc' : 'asc';
  switch (field) {
    case 'RELEVANCE':
      // Best first by default; ties in the order the archive catalogued them.
      return { key: scoreSql, dir, idDir: dir === 'desc' ? 'asc' : 'desc' } as const;
    case 'TITLE':
      return { key: sql`${d.titleSort}`, dir, idDir: dir } as const;
    default:
      // Undated documents last either way: each sort column keeps them at its far end.
      return {
        key: dir === 'desc' ? sql`${d.dateSortDesc}` : sql`${d.dateSortAsc}`,
        dir,
        idDir: dir,
      } as const;
  }
}

const CURSOR_PREFIX = 'SR:';

function orderTag(field: SearchOrderField, direction: Direction) {
  return `${field}:${direction}`;
}

export function encodeSearchCursor(tag: string, key: number | string, id: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${JSON.stringify([tag, key, id])}`, 'utf8').toString('base64');
}

/** Reads a cursor back, refusing any that this search, in this order, did not hand out. */
export function decodeSearchCursor(
  cursor: string,
  field: SearchOrderField,
  direction: Direction,
  argument: string,
): { key: number | string; id: number } {
  const refuse = () =>
    userInputError(`"${argument}" is not a cursor of this search in ${field} ${direction} order.`, {
      argument,
    });
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX)) throw refuse();
  let parts: unknown;
  try {
    parts = JSON.parse(decoded.slice(CURSOR_PREFIX.length));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parts) || parts.length !== 3) throw refuse();
  const [tag, key, id] = parts as [unknown, unknown, unknown];
  const keyType = field === 'RELEVANCE' ? 'number' : 'string';
  if (
    tag !== orderTag(field, direction) ||
    typeof key !== keyType ||
    (typeof key === 'number' && !Number.isFinite(key)) ||
    typeof id !== 'number' ||
    !Number.isSafeInteger(id) ||
    id < 1
  )
    throw refuse();
  return { key: key as number | string, id };
}

/** Rows strictly after (`gt`) or before the position, in the order's directions. */
function keyset(
  order: ReturnType<typeof orderOf>,
  position: { key: number | string; id: number },
  side: 'after' | 'before',
): SQL {
  const compare = (dir: 'asc' | 'desc') => sql.raw((dir === 'asc') === (side === 'after') ? '>' : '<');
  return sql`(${order.key} ${compare(order.dir)} ${position.key} or (${order.key} = ${position.key} and ${d.id} ${compare(order.idDir)} ${position.id}))`;
}

export function readSearchPage(db: ArchiveDatabase, args: SearchPageArgs): SearchPage {
  const order = orderOf(args.field, args.direction);
  const tag = orderTag(args.field, args.direction);
  const backward = args.first == null && args.last != null;
  const size = backward ? (args.last as number) : (args.first ?? DEFAULT_PAGE_SIZE);

  const conditions: SQL[] = [];
  if (args.text) conditions.push(sql`documents_fts match ${args.text.match}`);
  if (args.condition) conditions.push(sql`(${args.condition(d)})`);
  if (args.after)
    conditions.push(
      keyset(order, decodeSearchCursor(args.after, args.field, args.direction, 'after'), 'after'),
    );
  if (args.before)
    conditions.push(
      keyset(order, decodeSearchCursor(args.before, args.field, args.direction, 'before'), 'before'),
    );

  // Reading backwards reads the reversed order, then turns the page round.
  const flip = (dir: 'asc' | 'desc') => sql.raw(backward ? (dir === 'asc' ? 'desc' : 'asc') : dir);
  const from = args.text
    ? sql`documents_fts join documents d on d.id = documents_fts.rowid`
    : sql`documents d`;
  const where = conditions.length ? sql` where ${sql.join(conditions, sql` and `)}` : sql``;
  const rows = db.all<SearchPageRow>(
    sql`select ${d.id} as id, ${order.key} as key, ${args.text ? scoreSql : sql`null`} as score
          from ${from}${where}
         order by key ${flip(order.dir)}, ${d.id} ${flip(order.idDir)}
         limit ${size + 1}`,
  );
  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (backward) page.reverse();
  return {
    rows: page.map((row) => ({ ...row, cursor: encodeSearchCursor(tag, row.key, row.id) })),
    hasNextPage: backward ? args.before != null : more,
    hasPreviousPage: backward ? more : args.after != null,
  };
}
