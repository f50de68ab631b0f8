import { type GraphQLResolveInfo, Kind } from 'graphql';
import type { documents } from '../../db/schema.js';
import { builder } from '../builder.js';
import type { ArchiveContext } from '../context.js';
import { userInputError } from '../errors.js';
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS, type SearchQuery } from '../search/query.js';
import {
  type Direction,
  readSearchPage,
  type SearchOrderField as SearchOrderFieldName,
} from '../search/search-page.js';
import { type Snippet, type SnippetField, searchSnippets, type TextSegment } from '../search/snippets.js';
import { countDocuments, Document } from './document.js';
import {
  andConditions,
  compileDocumentFilter,
  DocumentFilter,
  type DocumentFilterInput,
  matchesSearch,
  parseSearchText,
} from './document-filter.js';
import { SortDirection } from './enums.js';
import { addFacetsField, type DocumentSet, documentSetExtension } from './facets.js';

type DocumentRow = typeof documents.$inferSelect;

export const SearchOrderField = builder.enumType('SearchOrderField', {
  description: 'What search results can be ordered by.',
  values: {
    RELEVANCE: {
      description:
        'By how well a document matches the query (bm25; title and names weigh more than the body). Needs a query. Default direction DESC: best first.',
    },
    DATE: { description: 'By start date; undated documents come last in both directions. Default ASC.' },
    TITLE: { description: 'By title, case-insensitively. Default ASC.' },
  },
});

export const SearchOrder = builder.inputType('SearchOrder', {
  description: 'Order of search results. Ties are broken by record ID so cursors stay stable.',
  fields: (t) => ({
    field: t.field({ type: SearchOrderField, required: true, description: 'What to order by.' }),
    direction: t.field({
      type: SortDirection,
      required: false,
      description: 'Ascending or descending; by default DESC for RELEVANCE and ASC otherwise.',
    }),
  }),
});

const SearchField = builder.enumType('SearchField', {
  description: 'A part of a document the full-text index searches.',
  values: {
    TITLE: { description: 'The title.' },
    SUMMARY: { description: "The archive's summary." },
    BODY: { description: 'The transcript or translation.' },
    PEOPLE: { description: 'Names of the linked people: preferred, alternate and as written.' },
    TOPICS: { description: 'Names of the topics.' },
  } satisfies Record<SnippetField, { description: string }>,
});

const TextSegmentRef = builder.objectRef<TextSegment>('TextSegment').implement({
  description:
    'A run of plain text in a snippet. Render `text` as text (never as HTML) and mark it when `highlighted`.',
  fields: (t) => ({
    text: t.exposeString('text', { description: 'The characters, exactly as in the document.' }),
    highlighted: t.exposeBoolean('highlighted', { description: 'Whether this run matched the query.' }),
  }),
});

const SearchSnippet = builder
  .objectRef<{ field: SnippetField; segments: TextSegment[] }>('SearchSnippet')
  .implement({
    description:
      'An excerpt of one field where the query matched, as segments; "…" segments stand for omitted text.',
    fields: (t) => ({
      field: t.field({ type: SearchField, description: 'Which field.', resolve: (s) => s.field }),
      segments: t.field({
        type: [TextSegmentRef],
        description: 'The excerpt, in order.',
        resolve: (s) => s.segments,
      }),
      text: t.string({
        description: 'The excerpt as plain text, without marks.',
        resolve: (s) => s.segments.map((segment) => segment.text).join(''),
      }),
    }),
  });

interface SearchArgs {
  query?: string | null;
  filter?: DocumentFilterInput | null;
  orderBy?: { field: SearchOrderFieldName; direction?: Direction | null } | null;
}

/** The connection object the search resolver returns; edges point back at it for snippets. */
interface SearchConnectionShape {
  args: SearchArgs;
  text: SearchQuery | null;
  totalCount: () => number;
  edges: SearchEdgeShape[];
  /** Loaded once for the whole page, by the first edge asking. */
  snippets?: Map<number, Snippet[]>;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

interface SearchEdgeShape {
  connection: SearchConnectionShape;
  cursor: string;
  score: number | null;
  node: DocumentRow;
}

export const SearchConnection = builder.connectionObject(
  {
    type: Document,
    name: 'SearchConnection',
    description: 'A page of search results, with the size of the whole result and its facets.',
    fields: (t) => ({
      totalCount: t.int({
        description: 'How many documents match, across all pages.',
        extensions: { pothosDrizzleTotalCount: true },
        resolve: (connection) => (connection as unknown as { totalCount: () => number }).totalCount(),
      }),
    }),
  },
  {
    name: 'SearchEdge',
    description: 'A matching document with its score, snippets and cursor.',
    fields: (t) => ({
      score: t.float({
        nullable: true,
        description:
          'How well the document matches the query (higher is better; comparable within one search only). Null without a query.',
        resolve: (edge) => (edge as unknown as SearchEdgeShape).score,
      }),
      snippets: t.field({
        type: [SearchSnippet],
        description:
          'Excerpts of the fields where the query matched, with the matching words marked: title, summary, body, people, topics, in that order. Empty without a query.',
        resolve: (edge, _args, ctx) => snippetsOf(ctx, edge as unknown as SearchEdgeShape),
      }),
    }),
  },
);

addFacetsField(SearchConnection);

/** Snippets for every document of the page in one statement, the first time an edge asks. */
function snippetsOf(ctx: ArchiveContext, edge: SearchEdgeShape): Snippet[] {
  const { connection } = edge;
  if (!connection.text) return [];
  connection.snippets ??= searchSnippets(
    ctx.db,
    connection.text.match,
    connection.edges.map((e) => e.node.id),
  );
  return connection.snippets.get(edge.node.id) ?? [];
}

function searchText(args: SearchArgs): SearchQuery | null {
  return args.query == null ? null : parseSearchText(args.query, 'query');
}

function searchSet(args: SearchArgs): DocumentSet {
  const text = searchText(args);
  return {
    condition: andConditions(
      compileDocumentFilter(args.filter),
      text ? (d) => matchesSearch(d, text) : undefined,
    ),
    filter: args.filter,
  };
}

/** Whether every selection on the field is one of `names` (fragments count as anything). */
function selectsOnly(info: GraphQLResolveInfo, names: string[]): boolean {
  return info.fieldNodes.every((node) =>
    (node.selectionSet?.selections ?? []).every(
      (selection) => selection.kind === Kind.FIELD && names.includes(selection.name.value),
    ),
  );
}

/** What the order argument means with and without a query. */
function searchOrder(args: SearchArgs, text: SearchQuery | null) {
  const field = args.orderBy?.field ?? (text ? 'RELEVANCE' : 'DATE');
  const direction = args.orderBy?.direction ?? (field === 'RELEVANCE' ? 'DESC' : 'ASC');
  if (field === 'RELEVANCE' && !text)
    throw userInputError('Ordering by RELEVANCE needs a query; order by DATE or TITLE instead.', {
      argument: 'orderBy',
    });
  return { field, direction } as const;
}

builder.queryFields((t) => ({
  search: t.connection(
    {
      type: Document,
      description:
        'Full-text search over titles, summaries, bodies, the names of linked people (any of their names) and topic names, narrowed by a filter, a page at a time. Query syntax: words are ANDed; "a phrase" in quotes; `a OR b`; `-word` excludes; `word*` matches a prefix. Case and diacritics are ignored. Without a query, lists the filtered documents.',
      args: {
        query: t.arg.string({
          required: false,
          description: `The search text (at most ${MAX_QUERY_LENGTH} characters, ${MAX_QUERY_TERMS} terms). Blank or omitted: no text condition.`,
        }),
        filter: t.arg({
          type: DocumentFilter,
          required: false,
          description: 'Only documents matching this filter as well.',
        }),
        orderBy: t.arg({
          type: SearchOrder,
          required: false,
          description: 'Order of the results: by RELEVANCE when there is a query, else by DATE ascending.',
        }),
      },
      extensions: documentSetExtension((_root, args: SearchArgs) => searchSet(args)),
      resolve: (_root, args, ctx, info) => {
        const text = searchText(args);
        const set = searchSet(args);
        const order = searchOrder(args, text);
        // A query asking only for totalCount and facets reads no page.
        const page = selectsOnly(info, ['totalCount', 'facets', '__typename'])
          ? { rows: [], hasNextPage: false, hasPreviousPage: false }
          : readSearchPage(ctx.db, {
              text,
              condition: compileDocumentFilter(args.filter),
              ...order,
              first: args.first,
              last: args.last,
              after: args.after,
              before: args.before,
            });
        const connection: SearchConnectionShape = {
          args,
          text,
          totalCount: () => countDocuments(ctx, set.condition),
          edges: [],
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: page.hasPreviousPage,
            startCursor: page.rows[0]?.cursor ?? null,
            endCursor: page.rows.at(-1)?.cursor ?? null,
          },
        };
        // Only the IDs: the plugin loads the documents' selected fields for the page in one batch.
        connection.edges = page.rows.map((row) => ({
          connection,
          cursor: row.cursor,
          score: row.score,
          node: { id: row.id } as DocumentRow,
        }));
        return connection;
      },
    },
    SearchConnection,
  ),
}));
