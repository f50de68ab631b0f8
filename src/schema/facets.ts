import type { ObjectRef } from '@pothos/core';
import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';
import { documents, type people, type topics } from '../../db/schema.js';
import { builder } from '../builder.js';
import type { ArchiveContext } from '../context.js';
import { userInputError } from '../errors.js';
import {
  DateMatchMode,
  type DocumentCondition,
  type DocumentFilterInput,
  parseDateBound,
} from './document-filter.js';
import { DocumentType, PersonRole } from './enums.js';
import { Person } from './person.js';
import { Topic } from './topic.js';

/**
 * Facets: for the set of documents a list holds (its scope and filter), counts by topic, by
 * person in each role, by year and month, by document type and by language. Every count is one
 * GROUP BY statement over the same compiled filter as the list, and each value carries what a
 * client adds to (or, for dates, sets in) the filter to narrow the list to exactly that count.
 */

/** What a document list is: its SQL condition and the filter it was compiled from. */
export interface DocumentSet {
  condition: DocumentCondition | undefined;
  filter: DocumentFilterInput | null | undefined;
}

/** The key under which a field's extensions declare how to compute its document set. */
const DOCUMENT_SET_EXTENSION = 'archiveDocumentSet';
const DOCUMENT_SET = Symbol('documentSet');

type DocumentSetOf = (parent: unknown, args: Record<string, unknown>) => DocumentSet;

/**
 * Declares, on a field returning a document connection, how to compute the set it lists from
 * its parent and arguments; the connection's `facets` (and anything else needing the whole
 * set) read it back with {@link documentSetOf}.
 */
export function documentSetExtension<Parent, Args>(of: (parent: Parent, args: Args) => DocumentSet) {
  return { [DOCUMENT_SET_EXTENSION]: of as unknown as DocumentSetOf };
}

/**
 * Wraps the resolver of every field that declares its document set so the connection it
 * returns remembers the set, computed lazily (only when facets are asked for).
 */
export function attachDocumentSets(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const of = field.extensions[DOCUMENT_SET_EXTENSION] as DocumentSetOf | undefined;
      if (!of) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = async (source, args, context, info) => {
        const connection = (await resolve(source, args, context, info)) as Record<symbol, unknown> | null;
        if (connection && typeof connection === 'object') {
          let set: DocumentSet | undefined;
          connection[DOCUMENT_SET] = () => {
            set ??= of(source, args);
            return set;
          };
        }
        return connection;
      };
    }
  }
  return schema;
}

type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

/** Adds `facets` to a connection type whose fields declare their document set. */
export function addFacetsField<Shape>(connection: ObjectRef<SchemaTypes, Shape>) {
  builder.objectFields(connection, (t) => ({
    facets: t.field({
      type: DocumentFacets,
      description: 'Counts breaking the whole list down by topic, person, date, type and language.',
      // Like totalCount, facets need no rows: a query asking only for them loads none.
      extensions: { pothosDrizzleTotalCount: true },
      resolve: (connection) => documentSetOf(connection),
    }),
  }));
}

function documentSetOf(connection: unknown): DocumentSet {
  const get = (connection as Record<symbol, (() => DocumentSet) | undefined>)[DOCUMENT_SET];
  if (!get) throw new Error('This connection does not declare its document set.');
  return get();
}

const DEFAULT_FACET_SIZE = 20;
const MAX_FACET_SIZE = 100;
const LIMIT_DESCRIPTION = `At most this many values (1 to ${MAX_FACET_SIZE}; default ${DEFAULT_FACET_SIZE}).`;

interface TopicFacetRow {
  topic: typeof topics.$inferSelect;
  count: number;
}
interface PersonFacetRow {
  person: typeof people.$inferSelect;
  role: string;
  count: number;
}
interface DateFacetRow {
  label: string;
  from: string;
  to: string;
  mode: 'OVERLAPS' | 'WITHIN';
  count: number;
}
interface ValueFacetRow {
  value: string;
  count: number;
}

const TopicFacet = builder.objectRef<TopicFacetRow>('TopicFacet').implement({
  description:
    "Documents of the set filed under a topic. Add the topic's ID to `filter.topics` (keeping `includeDescendants`) to list exactly them.",
  fields: (t) => ({
    topic: t.field({ type: Topic, description: 'The topic.', resolve: (row) => row.topic }),
    count: t.exposeInt('count', { description: 'How many documents of the set it covers.' }),
  }),
});

const PersonFacet = builder.objectRef<PersonFacetRow>('PersonFacet').implement({
  description:
    'Documents of the set linked to a person or organization in one role. Add `{ id, roles: [role] }` to `filter.people` to list exactly them.',
  fields: (t) => ({
    person: t.field({
      type: Person,
      description: 'The person or organization.',
      resolve: (row) => row.person,
    }),
    role: t.field({
      type: PersonRole,
      description: 'Their part in these documents.',
      resolve: (row) => row.role as typeof PersonRole.$inferType,
    }),
    count: t.exposeInt('count', { description: 'How many documents of the set link them in this role.' }),
  }),
});

const DateFacet = builder.objectRef<DateFacetRow>('DateFacet').implement({
  description:
    "Documents of the set dated in a year or month. Set `filter.date` to `{ from, to, mode }` to list exactly them; the range is the period clipped to the filter's own date range.",
  fields: (t) => ({
    label: t.exposeString('label', { description: 'The period: "1950" or "1950-10".' }),
    from: t.exposeString('from', { description: 'First day of the period within the filter (ISO date).' }),
    to: t.exposeString('to', { description: 'Last day of the period within the filter (ISO date).' }),
    mode: t.field({
      type: DateMatchMode,
      description: "The filter's date mode, under which the count was made.",
      resolve: (row) => row.mode,
    }),
    count: t.exposeInt('count', { description: 'How many documents of the set the period holds.' }),
  }),
});

const DocumentTypeFacet = builder.objectRef<ValueFacetRow>('DocumentTypeFacet').implement({
  description: 'Documents of the set of one type. Set `filter.docTypes` to `[docType]` to list exactly them.',
  fields: (t) => ({
    docType: t.field({
      type: DocumentType,
      description: 'The document type.',
      resolve: (row) => row.value as typeof DocumentType.$inferType,
    }),
    count: t.exposeInt('count', { description: 'How many documents of the set are of this type.' }),
  }),
});

const LanguageFacet = builder.objectRef<ValueFacetRow>('LanguageFacet').implement({
  description:
    'Documents of the set in one original language. Set `filter.languages` to `[language]` to list exactly them.',
  fields: (t) => ({
    language: t.exposeString('value', { description: 'The language (BCP 47 code).' }),
    count: t.exposeInt('count', { description: 'How many documents of the set are in this language.' }),
  }),
});

export const DocumentFacets = builder.objectRef<DocumentSet>('DocumentFacets').implement({
  description:
    'Counts that break a set of documents down for a sidebar. Each field is one SQL statement, run only when asked for; values with no documents are left out.',
  fields: (t) => ({
    topics: t.field({
      type: [TopicFacet],
      description:
        'Topics by number of documents, most first. With `includeDescendants` (the default) a topic counts the documents of its subtopics too.',
      args: {
        limit: t.arg.int({
          required: false,
          defaultValue: DEFAULT_FACET_SIZE,
          description: LIMIT_DESCRIPTION,
        }),
      },
      resolve: (set, args, ctx) => topicFacets(ctx, set, facetLimit(args.limit)),
    }),
    people: t.field({
      type: [PersonFacet],
      description: 'People and organizations by number of documents in each role, most first.',
      args: {
        role: t.arg({
          type: PersonRole,
          required: false,
          description: 'Only this role; every role when omitted.',
        }),
        limit: t.arg.int({
          required: false,
          defaultValue: DEFAULT_FACET_SIZE,
          description: LIMIT_DESCRIPTION,
        }),
      },
      resolve: (set, args, ctx) => personFacets(ctx, set, args.role ?? null, facetLimit(args.limit)),
    }),
    years: t.field({
      type: [DateFacet],
      description:
        'Years, earliest first. Under OVERLAPS a document spanning two years counts in both; under WITHIN in neither. Undated documents count nowhere.',
      resolve: (set, _args, ctx) => dateFacets(ctx, set, 'year'),
    }),
    months: t.field({
      type: [DateFacet],
      nullable: true,
      description:
        "Months, earliest first, when the filter's date range lies within one calendar year; null otherwise.",
      resolve: (set, _args, ctx) => (withinOneYear(set.filter) ? dateFacets(ctx, set, 'month') : null),
    }),
    docTypes: t.field({
      type: [DocumentTypeFacet],
      description: 'Document types by number of documents, most first.',
      resolve: (set, _args, ctx) =>
        valueFacets(ctx, set, (d) => sql`select ${d.docType} as value, count(*) as count from documents d`),
    }),
    languages: t.field({
      type: [LanguageFacet],
      description: 'Original languages by number of documents, most first.',
      resolve: (set, _args, ctx) =>
        valueFacets(
          ctx,
          set,
          (d) =>
            sql`select dl.language as value, count(*) as count from documents d join document_languages dl on dl.document_id = ${d.id}`,
        ),
    }),
  }),
});

function facetLimit(limit: number | null | undefined): number {
  const value = limit ?? DEFAULT_FACET_SIZE;
  if (value < 1 || value > MAX_FACET_SIZE)
    throw userInputError(`"limit" must be between 1 and ${MAX_FACET_SIZE}, got ${value}.`, {
      argument: 'limit',
    });
  return value;
}

/** The documents table as `d`; compiled filters take any alias of it. */
const d = alias(documents, 'd') as unknown as typeof documents;
type DocumentsAlias = typeof documents;

function where(set: DocumentSet, extra?: SQL): SQL {
  const parts = [set.condition?.(d), extra].filter((part): part is SQL => !!part);
  return parts.length ? sql` where ${sql.join(parts, sql` and `)}` : sql``;
}

function topicFacets(ctx: ArchiveContext, set: DocumentSet, limit: number): TopicFacetRow[] {
  const includeDescendants = set.filter?.includeDescendants !== false;
  // Without subtopics a topic is its own only descendant; with them, the closure of the tree
  // (UNION, not UNION ALL, so a cycle in bad data ends the recursion).
  const closure = includeDescendants
    ? sql`with recursive closure(ancestor, descendant) as (select id, id from topics union select c.ancestor, t.id from closure c join topics t on t.parent_id = c.descendant)`
    : sql`with closure(ancestor, descendant) as (select id, id from topics)`;
  const rows = ctx.db.all<{ id: number; count: number }>(
    sql`${closure}
      select t.id, f.count from (
        select c.ancestor as topic_id, count(distinct dt.document_id) as count
          from documents d join document_topics dt on dt.document_id = ${d.id}
          join closure c on c.descendant = dt.topic_id${where(set)}
         group by c.ancestor
      ) f join topics t on t.id = f.topic_id
      order by f.count desc, t.name_sort, t.id limit ${limit}`,
  );
  // Only the IDs: the plugin loads the topics' selected fields for all values in one batch.
  return rows.map(({ id, count }) => ({ topic: { id } as typeof topics.$inferSelect, count }));
}

function personFacets(
  ctx: ArchiveContext,
  set: DocumentSet,
  role: string | null,
  limit: number,
): PersonFacetRow[] {
  const rows = ctx.db.all<{ id: number; role: string; count: number }>(
    sql`select p.id, f.role, f.count from (
        select dp.person_id, dp.role, count(*) as count
          from documents d join document_people dp on dp.document_id = ${d.id}${where(set, role ? sql`dp.role = ${role}` : undefined)}
         group by dp.person_id, dp.role
      ) f join people p on p.id = f.person_id
      order by f.count desc, p.name_sort, p.id, f.role limit ${limit}`,
  );
  return rows.map(({ id, role, count }) => ({ person: { id } as typeof people.$inferSelect, role, count }));
}

function valueFacets(
  ctx: ArchiveContext,
  set: DocumentSet,
  select: (docs: DocumentsAlias) => SQL,
): ValueFacetRow[] {
  return ctx.db.all<ValueFacetRow>(sql`${select(d)}${where(set)} group by value order by count desc, value`);
}

/** The filter's date range as whole days, with open ends at the extremes of the calendar. */
function dateRange(filter: DocumentFilterInput | null | undefined) {
  const date = filter?.date;
  return {
    from: date?.from ? parseDateBound(date.from, 'start', 'filter.date.from') : '0001-01-01',
    to: date?.to ? parseDateBound(date.to, 'end', 'filter.date.to') : '9999-12-31',
    mode: date?.mode === 'WITHIN' ? ('WITHIN' as const) : ('OVERLAPS' as const),
  };
}

function withinOneYear(filter: DocumentFilterInput | null | undefined): boolean {
  if (!filter?.date?.from || !filter.date.to) return false;
  const { from, to } = dateRange(filter);
  return from.slice(0, 4) === to.slice(0, 4);
}

/**
 * Counts by period. Each document is expanded into the periods its span touches (within the
 * filter's range), then counted in a period when it stands to the period clipped to that range
 * in the filter's mode: exactly what re-filtering with the clipped period would list.
 */
function dateFacets(ctx: ArchiveContext, set: DocumentSet, unit: 'year' | 'month'): DateFacetRow[] {
  const { from, to, mode } = dateRange(set.filter);
  const keyOf = (day: SQL) =>
    unit === 'year'
      ? sql`cast(substr(${day}, 1, 4) as integer)`
      : sql`(cast(substr(${day}, 1, 4) as integer) * 12 + cast(substr(${day}, 6, 2) as integer) - 1)`;
  const firstDay =
    unit === 'year' ? sql`printf('%04d-01-01', k)` : sql`printf('%04d-%02d-01', k / 12, k % 12 + 1)`;
  const lastDay =
    unit === 'year'
      ? sql`printf('%04d-12-31', k)`
      : sql`date(printf('%04d-%02d-01', k / 12, k % 12 + 1), '+1 month', '-1 day')`;
  const relation = mode === 'WITHIN' ? sql`s >= b_from and e <= b_to` : sql`s <= b_to and e >= b_from`;
  const rows = ctx.db.all<{ k: number; b_from: string; b_to: string; count: number }>(
    sql`with recursive
      docs(s, e) as (select ${d.dateStart}, ${d.dateEnd} from documents d${where(set, sql`${d.dateStart} is not null`)}),
      periods(s, e, k, last) as (
        select s, e, ${keyOf(sql`max(s, ${from})`)}, ${keyOf(sql`min(e, ${to})`)} from docs
        union all select s, e, k + 1, last from periods where k < last
      ),
      buckets(s, e, k, b_from, b_to) as (
        select s, e, k, max(${firstDay}, ${from}), min(${lastDay}, ${to}) from periods
      )
      select k, b_from, b_to, count(*) as count from buckets
       where b_from <= b_to and ${relation}
       group by k, b_from, b_to order by k`,
  );
  return rows.map((row) => ({
    label:
      unit === 'year'
        ? String(row.k).padStart(4, '0')
        : `${String(Math.floor(row.k / 12)).padStart(4, '0')}-${String((row.k % 12) + 1).padStart(2, '0')}`,
    from: row.b_from,
    to: row.b_to,
    mode,
    count: row.count,
  }));
}
