import { decodeBase64, decodeCursorChunk } from '@pothos/core';
import { type SQL, sql } from 'drizzle-orm';
import { lastDayOfMonth } from '../../db/corpus.js';
import type { documents } from '../../db/schema.js';
import { builder } from '../builder.js';
import { userInputError } from '../errors.js';
import { decodeIdOf, truncate } from '../global-id.js';
import { parseSearchQuery, type SearchQuery, SearchQueryError } from '../search/query.js';
import { DocumentType, PersonRole, SortDirection } from './enums.js';

export const DateMatchMode = builder.enumType('DateMatchMode', {
  description: "How a document's dated span (`dateStart`..`dateEnd`) must relate to the range asked for.",
  values: {
    OVERLAPS: {
      description:
        'The span shares at least one day with the range: "October 1950" overlaps 15-20 October 1950.',
    },
    WITHIN: {
      description:
        'The whole span lies inside the range: "October 1950" is within 1-31 October 1950 but not within 15-20 October.',
    },
  },
});

export const DateRangeInput = builder.inputType('DateRangeInput', {
  description:
    'A range of dates; either end may be left open. Ends are ISO dates, whole or partial: "1950", "1950-10" or "1950-10-15". A partial `from` means its first day, a partial `to` its last. Undated documents never match.',
  fields: (t) => ({
    from: t.string({ required: false, description: 'First day of the range (inclusive).' }),
    to: t.string({ required: false, description: 'Last day of the range (inclusive).' }),
    mode: t.field({
      type: DateMatchMode,
      required: false,
      defaultValue: 'OVERLAPS',
      description: 'How a document date must relate to the range. Default OVERLAPS.',
    }),
  }),
});

export const DocumentPersonFilter = builder.inputType('DocumentPersonFilter', {
  description: 'Documents linked to one person or organization, optionally in given roles.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global ID of the Person.' }),
    roles: t.field({
      type: [PersonRole],
      required: false,
      description: 'Only links in one of these roles; any role when omitted.',
    }),
  }),
});

export const DocumentFilter = builder.inputType('DocumentFilter', {
  description:
    'Narrows a list of documents. Every given criterion must hold (AND); within a list of values, any may match (OR), except `people` and `topics`, where each entry must match.',
  fields: (t) => ({
    date: t.field({
      type: DateRangeInput,
      required: false,
      description: 'Documents dated in this range.',
    }),
    docTypes: t.field({
      type: [DocumentType],
      required: false,
      description: 'Documents of any of these types.',
    }),
    people: t.field({
      type: [DocumentPersonFilter],
      required: false,
      description: 'Documents linked to every one of these people (each in the roles given).',
    }),
    topics: t.idList({
      required: false,
      description: 'Global IDs of topics; documents must treat every one of them.',
    }),
    includeDescendants: t.boolean({
      required: false,
      defaultValue: true,
      description:
        'Whether a document filed under a narrower topic counts for every broader topic above it in `topics`. Default true.',
    }),
    languages: t.stringList({
      required: false,
      description: 'Documents in any of these original languages (BCP 47 codes such as "ru").',
    }),
    text: t.string({
      required: false,
      description:
        "Documents whose title, summary, body, people's names (any of them) or topic names match this search text, in the syntax of `search(query:)`. Blank text is no condition.",
    }),
  }),
});

export const DocumentOrderField = builder.enumType('DocumentOrderField', {
  description: 'What a list of documents can be ordered by.',
  values: {
    DATE: {
      description: 'By start date; undated documents come last in both directions.',
    },
    TITLE: { description: 'By title, case-insensitively.' },
  },
});

export const DocumentOrder = builder.inputType('DocumentOrder', {
  description: 'Order of a document list. Ties are broken by record ID so cursors stay stable.',
  fields: (t) => ({
    field: t.field({ type: DocumentOrderField, required: true, description: 'What to order by.' }),
    direction: t.field({
      type: SortDirection,
      required: false,
      defaultValue: 'ASC',
      description: 'Ascending (default) or descending.',
    }),
  }),
});

export type DocumentFilterInput = typeof DocumentFilter.$inferInput;
export type DocumentOrderInput = typeof DocumentOrder.$inferInput;
type DocumentsTable = typeof documents;

const MAX_FILTER_VALUES = 50;

/**
 * Parses a whole or partial ISO date into the first (`start`) or last (`end`) day it names.
 * Years 0001-9999 only; impossible days such as 1950-02-30 are refused.
 */
export function parseDateBound(value: string, edge: 'start' | 'end', field: string): string {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value.trim());
  const fail = () =>
    userInputError(`Invalid date "${truncate(value)}" in ${field}: use YYYY, YYYY-MM or YYYY-MM-DD.`, {
      field,
    });
  if (!match) throw fail();
  const [, y, m, d] = match as unknown as [string, string, string | undefined, string | undefined];
  const year = Number(y);
  if (year < 1) throw fail();
  if (m === undefined) return edge === 'start' ? `${y}-01-01` : `${y}-12-31`;
  const month = Number(m);
  if (month < 1 || month > 12) throw fail();
  const last = lastDayOfMonth(year, month);
  if (d === undefined) return edge === 'start' ? `${y}-${m}-01` : last;
  const day = Number(d);
  if (day < 1 || `${y}-${m}-${d}` > last) throw fail();
  return `${y}-${m}-${d}`;
}

function boundedList<T>(values: readonly T[] | null | undefined, field: string): readonly T[] {
  if (!values) return [];
  if (values.length > MAX_FILTER_VALUES)
    throw userInputError(`Too many values in ${field}: at most ${MAX_FILTER_VALUES}.`, { field });
  return values;
}

/** A compiled filter: a SQL condition over whatever alias the documents table has in a query. */
export type DocumentCondition = (docs: DocumentsTable) => SQL;

/**
 * Turns a DocumentFilter into one SQL condition. This is the only place the filter's meaning
 * is written down; lists, counts and facets all use it, so their numbers agree. Every value is
 * bound as a parameter. Throws BAD_USER_INPUT for invalid dates and IDs.
 */
export function compileDocumentFilter(
  filter: DocumentFilterInput | null | undefined,
  path = 'filter',
): DocumentCondition | undefined {
  if (!filter) return undefined;
  const parts: DocumentCondition[] = [];

  if (filter.date) {
    const { from, to, mode } = filter.date;
    const start = from != null ? parseDateBound(from, 'start', `${path}.date.from`) : undefined;
    const end = to != null ? parseDateBound(to, 'end', `${path}.date.to`) : undefined;
    if (start && end && start > end)
      throw userInputError(`${path}.date: "from" (${from}) is after "to" (${to}).`, {
        field: `${path}.date`,
      });
    parts.push((d) => {
      const conditions: SQL[] = [sql`${d.dateStart} is not null`];
      // A bound on date_start is repeated on the two sort columns (equal to date_start for a
      // dated document), so SQLite can read the ordering index as a range instead of whole.
      const startBound = (op: '>=' | '<=', bound: string) =>
        conditions.push(
          sql`${d.dateStart} ${sql.raw(op)} ${bound} and ${d.dateSortAsc} ${sql.raw(op)} ${bound} and ${d.dateSortDesc} ${sql.raw(op)} ${bound}`,
        );
      if (mode === 'WITHIN') {
        if (start) startBound('>=', start);
        if (end) {
          conditions.push(sql`${d.dateEnd} <= ${end}`);
          // Implied (a span starts before it ends), and lets the ordering index be searched.
          startBound('<=', end);
        }
      } else {
        if (end) startBound('<=', end);
        // Only the end of the span is bounded: drive from the date_end index, or SQLite
        // would rather walk the whole ordering index than sort the matches.
        if (start && !end)
          conditions.push(sql`${d.id} in (select e.id from documents e where e.date_end >= ${start})`);
        else if (start) conditions.push(sql`${d.dateEnd} >= ${start}`);
      }
      return sql.join(conditions, sql` and `);
    });
  }

  const docTypes = boundedList(filter.docTypes, `${path}.docTypes`);
  if (docTypes.length) parts.push((d) => sql`${d.docType} in ${docTypes}`);

  for (const [i, person] of boundedList(filter.people, `${path}.people`).entries()) {
    const personId = decodeIdOf('Person', String(person.id), `${path}.people[${i}].id`);
    const roles = boundedList(person.roles, `${path}.people[${i}].roles`);
    parts.push((d) => documentLinkedTo(d, personId, roles));
  }

  const includeDescendants = filter.includeDescendants !== false;
  for (const [i, id] of boundedList(filter.topics, `${path}.topics`).entries()) {
    const topicId = decodeIdOf('Topic', String(id), `${path}.topics[${i}]`);
    parts.push((d) => documentHasTopic(d, topicId, includeDescendants));
  }

  const languages = boundedList(filter.languages, `${path}.languages`);
  if (languages.length)
    parts.push(
      (d) =>
        sql`${d.id} in (select dl.document_id from document_languages dl where dl.language in ${languages})`,
    );

  const text = filter.text == null ? null : parseSearchText(filter.text, `${path}.text`);
  if (text) parts.push((d) => matchesSearch(d, text));

  if (!parts.length) return undefined;
  return (d) =>
    sql.join(
      parts.map((part) => sql`(${part(d)})`),
      sql` and `,
    );
}

/**
 * Parses search text for a field, turning syntax problems into BAD_USER_INPUT errors that
 * name the field and the problem. Null for blank text.
 */
export function parseSearchText(text: string, field: string): SearchQuery | null {
  try {
    return parseSearchQuery(text);
  } catch (error) {
    if (error instanceof SearchQueryError)
      throw userInputError(`${field}: ${error.message}`, { field, problem: error.problem });
    throw error;
  }
}

/** The document is in the full-text index's matches for the query. */
export function matchesSearch(d: DocumentsTable, query: SearchQuery): SQL {
  return sql`${d.id} in (select rowid from documents_fts where documents_fts match ${query.match})`;
}

/**
 * The document is filed under the topic, or (with `includeDescendants`) under any topic below it.
 * The topic is an id, or an expression naming one (a column of an enclosing query).
 */
export function documentHasTopic(d: DocumentsTable, topicId: number | SQL, includeDescendants: boolean): SQL {
  return includeDescendants
    ? sql`${d.id} in (${topicSubtreeDocumentIds(sql`${topicId}`)})`
    : sql`${d.id} in (select dt.document_id from document_topics dt where dt.topic_id = ${topicId})`;
}

/**
 * The document links the person (an id, or an expression naming one), in one of `roles` or in
 * any role. Conditions on linked rows are written `id in (subquery)` rather than `exists`, so
 * SQLite can drive the query from the link table's index instead of scanning every document.
 */
export function documentLinkedTo(d: DocumentsTable, personId: number | SQL, roles: readonly string[]): SQL {
  return roles.length
    ? sql`${d.id} in (select dp.document_id from document_people dp where dp.person_id = ${personId} and dp.role in ${roles})`
    : sql`${d.id} in (select dp.document_id from document_people dp where dp.person_id = ${personId})`;
}

/**
 * Ids of the documents filed under a topic or any topic below it (with repeats). The tree is
 * walked first and drives the link index, so the cost follows the subtree, not the archive.
 */
export function topicSubtreeDocumentIds(topicId: SQL): SQL {
  return sql`with recursive subtree(id) as (select ${topicId} union select t.id from topics t join subtree s on t.parent_id = s.id) select dt.document_id from subtree cross join document_topics dt on dt.topic_id = subtree.id`;
}

/** Both conditions, either of which may be absent. */
export function andConditions(
  ...conditions: (DocumentCondition | undefined)[]
): DocumentCondition | undefined {
  const present = conditions.filter((c): c is DocumentCondition => !!c);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return (d) =>
    sql.join(
      present.map((c) => sql`(${c(d)})`),
      sql` and `,
    );
}

/** Keyset ordering columns for a DocumentOrder; the id tie-break keeps cursors stable. */
export function documentOrderBy(order: DocumentOrderInput | null | undefined) {
  const direction = order?.direction === 'DESC' ? 'desc' : 'asc';
  switch (order?.field ?? 'DATE') {
    case 'TITLE':
      return { titleSort: direction, id: direction } as const;
    default:
      return direction === 'desc'
        ? ({ dateSortDesc: 'desc', id: 'desc' } as const)
        : ({ dateSortAsc: 'asc', id: 'asc' } as const);
  }
}

/** The leading sort value a connection cursor holds, or undefined when it is not one of ours. */
function cursorLeadingValue(cursor: string): string | undefined {
  try {
    const text = decodeBase64(cursor);
    if (!text.startsWith('DC:')) return undefined;
    const values = decodeCursorChunk(text.slice(3));
    return Array.isArray(values) && typeof values[0] === 'string' ? values[0] : undefined;
  } catch {
    return undefined; // the connection itself reports the bad cursor
  }
}

/**
 * A bound on the first sort column implied by the page cursors. The Drizzle plugin writes
 * the keyset as `a > x or (a = x and id > y)`, which SQLite cannot use to seek an index, so
 * a page deep in a long list scanned every row before it. This redundant `a >= x` (or `<=`)
 * lets the index start at the cursor; it never changes which rows match.
 */
export function documentCursorBound(
  order: DocumentOrderInput | null | undefined,
  { after, before }: { after?: string | null; before?: string | null },
): DocumentCondition | undefined {
  const [column, direction] = Object.entries(documentOrderBy(order))[0] as [
    'dateSortAsc' | 'dateSortDesc' | 'titleSort',
    'asc' | 'desc',
  ];
  const bounds: DocumentCondition[] = [];
  for (const [cursor, forward] of [
    [after, true],
    [before, false],
  ] as const) {
    const value = cursor ? cursorLeadingValue(cursor) : undefined;
    if (value === undefined) continue;
    bounds.push((d) =>
      (direction === 'asc') === forward ? sql`${d[column]} >= ${value}` : sql`${d[column]} <= ${value}`,
    );
  }
  return andConditions(...bounds);
}
