import { decodeBase64, decodeCursorChunk } from '@pothos/core';
import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { documents } from '../../db/schema.js';
import type { ArchiveContext } from '../context.js';
import { userInputError } from '../errors.js';
import { loadInBatch } from '../request-batch.js';
import { countDocuments, type DocumentListArgs, documentList, documentSet } from './document.js';
import {
  andConditions,
  type DocumentCondition,
  documentCursorBound,
  documentOrderBy,
} from './document-filter.js';
import type { DocumentSet } from './facets.js';

/**
 * Document lists that hang under a parent row (a person's documents, a topic's). Under a list
 * of parents the same field resolves once per parent; here the parents resolved together are
 * answered together, in statements whose number does not grow with the parents: one pages
 * every parent's list (a correlated subquery per parent: the very query of a list of its own,
 * with its index use and early stop), one loads the documents of all those pages with the
 * nested selection the Drizzle plugin planned, and one counts every parent's list when
 * `totalCount` is asked for. A parent alone in its batch (a person's or topic's own page) runs
 * the plain single-list statements, which are one fewer. Either way the scope, filter, order,
 * cursors and count are those of every other document list.
 */

type DocumentRow = typeof documents.$inferSelect;

/** What a parent's document list is, for one parent and for many at once. */
export interface ParentDocumentsSpec<Args> {
  /** The field, as `Type.field`; part of every batch key. */
  field: string;
  /**
   * The condition restricting documents to one parent's: the parent's id, or an expression
   * naming it (each parent of a batch in turn).
   */
  scope: (parentId: number | SQL, args: Args) => DocumentCondition;
}

/** The page arguments besides the list's own. */
interface PageArgs {
  first?: number | null;
  last?: number | null;
}

/** The query the plugin's `query()` builder hands back for one list: selection, page and all. */
type PlannedQuery = Record<string, unknown> & { limit?: number };
type ListQuery = ReturnType<typeof documentList>['query'];

interface PageRequest {
  parentId: number;
  query: PlannedQuery;
}

export function parentDocuments<Args extends DocumentListArgs & PageArgs>(spec: ParentDocumentsSpec<Args>) {
  return {
    /** The documents the parent's list holds, for `documentSetExtension` (facets). */
    set(parentId: number, args: Args): DocumentSet {
      return documentSet(args, spec.scope(parentId, args));
    },

    /**
     * The parent's page, in the order the connection expects (reversed for `last`), with one
     * row beyond the page when there is one. `plan` is the connection's `query()` builder; it
     * is called for every parent, so cursors are checked and the nested selection recorded
     * exactly as for a list of its own.
     */
    page(
      ctx: ArchiveContext,
      info: GraphQLResolveInfo,
      parentId: number,
      args: Args,
      plan: (query: ListQuery) => unknown,
    ): Promise<DocumentRow[]> {
      const query = plan(documentList(ctx, args, spec.scope(parentId, args)).query) as PlannedQuery;
      return loadInBatch(
        ctx,
        `${spec.field}:page:${selectionKey(info)}:${JSON.stringify(args)}`,
        { parentId, query },
        (requests: readonly PageRequest[]) => loadPages(ctx, spec, args, requests),
      );
    },

    /** How many documents the parent's whole list holds. */
    count(ctx: ArchiveContext, parentId: number, args: Args): Promise<number> {
      return loadInBatch(
        ctx,
        // The count ignores the page: lists that differ only in their page share a batch.
        `${spec.field}:count:${JSON.stringify({ ...args, first: null, last: null, after: null, before: null })}`,
        parentId,
        (parentIds: readonly number[]) => countLists(ctx, spec, args, parentIds),
      );
    },
  };
}

/** The documents table as `d`; compiled filters take any alias of it. */
const d = alias(documents, 'd') as unknown as typeof documents;

async function loadPages<Args extends DocumentListArgs & PageArgs>(
  ctx: ArchiveContext,
  spec: ParentDocumentsSpec<Args>,
  args: Args,
  requests: readonly PageRequest[],
): Promise<DocumentRow[][]> {
  const parentIds = [...new Set(requests.map((r) => r.parentId))];
  const first = requests[0] as PageRequest;
  // The drizzle query API only types queries it can check; the plugin built this one.
  const findMany = (query: PlannedQuery) =>
    ctx.db.query.documents.findMany(query as never) as unknown as Promise<DocumentRow[]>;
  if (parentIds.length === 1) {
    const rows = await findMany(first.query);
    return requests.map(() => rows.map((row) => ({ ...row })));
  }

  const limit = first.query.limit as number;
  const pages = new Map(
    ctx.db
      .all<{ parentId: number; documentIds: string }>(pagesStatement(spec, args, parentIds, limit))
      .map((page) => [page.parentId, JSON.parse(page.documentIds) as number[]]),
  );
  const documentIds = [...new Set([...pages.values()].flat())];
  const { where: _where, limit: _limit, orderBy: _orderBy, offset: _offset, ...selection } = first.query;
  const rows = documentIds.length
    ? await findMany({
        ...selection,
        where: {
          RAW: (t: typeof documents) =>
            sql`${t.id} in (select value from json_each(${JSON.stringify(documentIds)}))`,
        },
      })
    : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  // Each parent gets rows of its own, as when its list is loaded alone.
  return requests.map((r) =>
    (pages.get(r.parentId) ?? []).flatMap((id) => {
      const row = byId.get(id);
      return row ? [{ ...row }] : []; // a document deleted between the two statements is left out
    }),
  );
}

/** The parents of a batch: a JSON array of ids bound as one parameter, one row per parent. */
function eachParent(parentIds: readonly number[]): SQL {
  return sql`json_each(${JSON.stringify(parentIds)}) parent`;
}
const PARENT_ID = sql`parent.value`;

/**
 * Every parent's page in one statement: for each parent, the ids of its list (in the list's
 * order, reversed for `last` as the connection pages backwards) after the cursors, cut at
 * `limit` (the page plus one row, which tells whether another page follows), as a JSON array.
 */
function pagesStatement<Args extends DocumentListArgs & PageArgs>(
  spec: ParentDocumentsSpec<Args>,
  args: Args,
  parentIds: readonly number[],
  limit: number,
): SQL {
  const backward = args.first == null && args.last != null;
  const order = orderKeys(args).map(([column, direction]) => ({
    column,
    direction: sql.raw(backward ? (direction === 'asc' ? 'desc' : 'asc') : direction),
  }));
  const condition = andConditions(
    documentSet(args, spec.scope(PARENT_ID, args)).condition,
    documentCursorBound(args.orderBy, args),
    args.after ? keyset(orderKeys(args), args.after, 'after') : undefined,
    args.before ? keyset(orderKeys(args), args.before, 'before') : undefined,
  );
  // The aggregate orders the page itself: a subquery's order is not a promise to its reader.
  const keys = order.map(({ column }, i) => sql`${d[column]} as ${sql.raw(`k${i}`)}`);
  const byKeys = (prefix: string) =>
    sql.join(
      order.map(({ column, direction }, i) =>
        prefix ? sql`${sql.raw(`${prefix}.k${i}`)} ${direction}` : sql`${d[column]} ${direction}`,
      ),
      sql`, `,
    );
  return sql`select parent.value as parentId, (
      select json_group_array(page.id order by ${byKeys('page')}) from (
        select ${d.id} as id, ${sql.join(keys, sql`, `)} from documents d${whereClause(condition)}
         order by ${byKeys('')} limit ${limit}
      ) page
    ) as documentIds from ${eachParent(parentIds)}`;
}

function countLists<Args extends DocumentListArgs & PageArgs>(
  ctx: ArchiveContext,
  spec: ParentDocumentsSpec<Args>,
  args: Args,
  parentIds: readonly number[],
): number[] {
  const distinct = [...new Set(parentIds)];
  if (distinct.length === 1) {
    const n = countDocuments(ctx, documentSet(args, spec.scope(distinct[0] as number, args)).condition);
    return parentIds.map(() => n);
  }
  const condition = documentSet(args, spec.scope(PARENT_ID, args)).condition;
  const counts = ctx.db.all<{ parentId: number; n: number }>(
    sql`select parent.value as parentId, (select count(*) from documents d${whereClause(condition)}) as n
      from ${eachParent(distinct)}`,
  );
  const byParent = new Map(counts.map((c) => [c.parentId, c.n]));
  return parentIds.map((id) => byParent.get(id) ?? 0);
}

function whereClause(condition: DocumentCondition | undefined): SQL {
  return condition ? sql` where ${condition(d)}` : sql``;
}

type OrderColumn = 'dateSortAsc' | 'dateSortDesc' | 'titleSort' | 'id';

/** The list's sort keys, ending with the id tie-break: what its cursors hold, in order. */
function orderKeys(args: DocumentListArgs): [OrderColumn, 'asc' | 'desc'][] {
  return Object.entries(documentOrderBy(args.orderBy)) as [OrderColumn, 'asc' | 'desc'][];
}

/**
 * The rows past a cursor (`after`) or before it (`before`) in the list's order, as the Drizzle
 * connection writes it: the first sort key that differs from the cursor's differs in the
 * paging direction. A cursor holding fewer values than there are keys compares on those.
 */
function keyset(
  order: [OrderColumn, 'asc' | 'desc'][],
  cursor: string,
  paging: 'after' | 'before',
): DocumentCondition {
  const values = cursorValues(cursor, paging).slice(0, order.length);
  return (docs) => {
    const parts = values.map((value, i) => {
      const [column, direction] = order[i] as [OrderColumn, 'asc' | 'desc'];
      const greater = (paging === 'after') === (direction === 'asc');
      const past = value === null ? sql`0` : sql`${docs[column]} ${sql.raw(greater ? '>' : '<')} ${value}`;
      const equalBefore = values.slice(0, i).map((earlier, j) => {
        const earlierColumn = docs[(order[j] as [OrderColumn, string])[0]];
        return earlier === null ? sql`${earlierColumn} is null` : sql`${earlierColumn} = ${earlier}`;
      });
      return sql`(${sql.join([...equalBefore, past], sql` and `)})`;
    });
    return sql`(${sql.join(parts, sql` or `)})`;
  };
}

/** The sort values a connection cursor holds (the connection has already checked its form). */
function cursorValues(cursor: string, argument: string): (string | number | null)[] {
  const refuse = () => userInputError(`"${argument}" is not a cursor returned by this API.`, { argument });
  let decoded: unknown;
  try {
    decoded = decodeCursorChunk(decodeBase64(cursor).slice('DC:'.length));
  } catch {
    throw refuse();
  }
  const values = Array.isArray(decoded) ? decoded : [decoded];
  if (!values.every((v) => v === null || typeof v === 'string' || typeof v === 'number')) throw refuse();
  return values as (string | number | null)[];
}

/**
 * Identifies the selection a field resolves with: graphql-js hands every row of a list the
 * same field nodes, and two fields with the same nodes plan the same nested query.
 */
const fieldNodeIds = new WeakMap<FieldNode, number>();
let nextFieldNodeId = 0;
function selectionKey(info: GraphQLResolveInfo): string {
  return `${info.parentType.name}:${info.fieldNodes
    .map((node) => {
      let id = fieldNodeIds.get(node);
      if (id === undefined) {
        nextFieldNodeId += 1;
        id = nextFieldNodeId;
        fieldNodeIds.set(node, id);
      }
      return id;
    })
    .join(',')}`;
}
