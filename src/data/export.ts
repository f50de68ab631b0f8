import type BetterSqlite3 from 'better-sqlite3';
import { SQLiteDialect } from 'drizzle-orm/sqlite-core';
import type { ArchiveDatabase } from '../../db/client.js';
import { type DocumentRecord, PERSON_ROLES } from '../../db/corpus.js';
import { documents } from '../../db/schema.js';
import { archiveBaseUrl, bibtexEntry, type CitableDocument, cslJsonItem, risRecord } from '../citation.js';
import { compileDocumentFilter, type DocumentFilterInput } from '../schema/document-filter.js';
import { csvLine } from './csv.js';
import { DOCUMENT_CSV_COLUMNS, documentToCsv } from './document-csv.js';

export const EXPORT_FORMATS = ['jsonl', 'csv', 'ris', 'bibtex', 'csl-json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  ris: 'application/x-research-info-systems; charset=utf-8',
  bibtex: 'application/x-bibtex; charset=utf-8',
  'csl-json': 'application/vnd.citationstyles.csl+json; charset=utf-8',
};

export interface ExportOptions {
  format: ExportFormat;
  /** The API's DocumentFilter (already coerced from JSON or GraphQL input). */
  filter?: DocumentFilterInput | null;
  /** Rows read per statement: memory holds one chunk at a time. */
  chunkSize?: number;
  baseUrl?: string;
}

export interface ExportedDocument extends DocumentRecord {
  /** Preferred names, for citations. */
  names: Map<string, string>;
}

const ROLE_ORDER = `case dp.role ${PERSON_ROLES.map((r, i) => `when '${r}' then ${i}`).join(' ')} else ${PERSON_ROLES.length} end`;

const DOCUMENT_COLUMNS = `documents.id, documents.slug, documents.title, documents.doc_type as docType,
  documents.summary, documents.body, documents.date_text as dateText, documents.date_start as dateStart,
  documents.date_end as dateEnd, documents.date_precision as datePrecision,
  documents.origin_place as originPlace, documents.destination_place as destinationPlace,
  documents.source_archive as sourceArchive, documents.source_citation as sourceCitation,
  documents.source_url as sourceUrl, documents.rights,
  (select json_group_array(language) from (select language from document_languages
    where document_id = documents.id order by language)) as languagesJson,
  (select json_group_array(json_array(x.slug, x.role, x.name_as_written, x.name)) from (
    select p.slug, dp.role, dp.name_as_written, p.name from document_people dp
    join people p on p.id = dp.person_id where dp.document_id = documents.id
    order by ${ROLE_ORDER}, dp.position, dp.id) x) as peopleJson,
  (select json_group_array(slug) from (select t.slug from document_topics dt
    join topics t on t.id = dt.topic_id where dt.document_id = documents.id order by t.slug)) as topicsJson`;

const dialect = new SQLiteDialect();

/** A compiled filter as SQL text and parameters over the bare `documents` table name. */
function filterSql(filter: DocumentFilterInput | null | undefined) {
  const condition = compileDocumentFilter(filter);
  if (!condition) return { where: '1 = 1', params: [] as unknown[] };
  const query = dialect.sqlToQuery(condition(documents));
  return { where: query.sql, params: query.params as unknown[] };
}

/** Removes null and undefined fields so lines stay short; the import schema reads them as absent. */
function compact<T extends Record<string, unknown>>(record: T): T {
  for (const key of Object.keys(record)) if (record[key] == null) delete record[key];
  return record;
}

/**
 * The ids of the documents a filter selects, in id order, found by one statement so the filter
 * runs once however many chunks follow; undefined (every document) without a filter. Memory
 * holds ids only; an unfiltered export holds none.
 */
function matchingIds(db: ArchiveDatabase, filter: DocumentFilterInput | null | undefined) {
  if (!compileDocumentFilter(filter)) return undefined;
  const { where, params } = filterSql(filter);
  return db.$client
    .prepare(`select id from documents where ${where} order by id`)
    .pluck()
    .all(...params) as number[];
}

/** Rows of a chunked read: every row by keyset on id, or the given ids a slice at a time. */
function* chunks(
  statements: { all: BetterSqlite3.Statement; some: BetterSqlite3.Statement },
  ids: number[] | undefined,
  chunkSize: number,
): Generator<Record<string, unknown>[]> {
  if (ids) {
    for (let i = 0; i < ids.length; i += chunkSize)
      yield statements.some.all(JSON.stringify(ids.slice(i, i + chunkSize))) as Record<string, unknown>[];
    return;
  }
  let after = 0;
  for (;;) {
    const rows = statements.all.all(after, chunkSize) as Record<string, unknown>[];
    if (rows.length) yield rows;
    if (rows.length < chunkSize) return;
    after = rows.at(-1)!.id as number;
  }
}

/**
 * The documents (all, or the given ids) as import records in id order, read `chunkSize` rows
 * per statement, so memory stays flat and the connection is free between chunks.
 */
function* exportedDocuments(
  db: ArchiveDatabase,
  ids: number[] | undefined,
  chunkSize: number,
): Generator<ExportedDocument> {
  const statements = {
    all: db.$client.prepare(
      `select ${DOCUMENT_COLUMNS} from documents where documents.id > ? order by documents.id limit ?`,
    ),
    some: db.$client.prepare(
      `select ${DOCUMENT_COLUMNS} from documents where documents.id in (select value from json_each(?)) order by documents.id`,
    ),
  };
  for (const rows of chunks(statements, ids, chunkSize)) {
    for (const row of rows) {
      const names = new Map<string, string>();
      const people = (JSON.parse(row.peopleJson as string) as [string, string, string | null, string][]).map(
        ([person, role, nameAsWritten, name]) => {
          names.set(person, name);
          return compact({ person, role, nameAsWritten }) as DocumentRecord['people'][number];
        },
      );
      const record = compact({
        slug: row.slug,
        title: row.title,
        docType: row.docType,
        summary: row.summary,
        body: row.body,
        dateText: row.dateText,
        dateStart: row.dateStart,
        dateEnd: row.dateEnd,
        datePrecision: row.datePrecision,
        originPlace: row.originPlace,
        destinationPlace: row.destinationPlace,
        sourceArchive: row.sourceArchive,
        sourceCitation: row.sourceCitation,
        sourceUrl: row.sourceUrl,
        rights: row.rights,
        languages: JSON.parse(row.languagesJson as string),
        people,
        topics: JSON.parse(row.topicsJson as string),
      }) as unknown as DocumentRecord;
      yield Object.assign(record, { names }) as ExportedDocument;
    }
  }
}

/** Topics the documents use, with their ancestors (all topics when unfiltered), parents first. */
function* exportedTopics(db: ArchiveDatabase, ids: number[] | undefined) {
  const restrict = ids
    ? `and t.id in (with recursive used(id) as (
         select distinct dt.topic_id from document_topics dt where dt.document_id in (select value from json_each(?))
         union select p.parent_id from topics p join used on p.id = used.id where p.parent_id is not null
       ) select id from used)`
    : '';
  const rows = db.$client
    .prepare(
      `with recursive depth(id, level) as (
         select id, 0 from topics where parent_id is null
         union all select t.id, depth.level + 1 from topics t join depth on t.parent_id = depth.id
       )
       select t.slug as key, t.name, t.description, p.slug as parent from topics t
       join depth on depth.id = t.id left join topics p on p.id = t.parent_id
       where 1 = 1 ${restrict} order by depth.level, t.id`,
    )
    .all(...(ids ? [JSON.stringify(ids)] : [])) as Record<string, unknown>[];
  for (const row of rows) yield compact({ type: 'topic', ...row });
}

/** People the documents link to (everyone when unfiltered), in id order, a chunk at a time. */
function* exportedPeople(db: ArchiveDatabase, documentIds: number[] | undefined, chunkSize: number) {
  const personIds = documentIds
    ? (db.$client
        .prepare(
          'select distinct person_id from document_people where document_id in (select value from json_each(?)) order by 1',
        )
        .pluck()
        .all(JSON.stringify(documentIds)) as number[])
    : undefined;
  const columns = `p.id, p.slug as key, p.name, p.kind, p.description, p.birth_year as birthYear, p.death_year as deathYear,
    (select json_group_array(json_array(n.name, n.name_type, n.language)) from
      (select name, name_type, language from person_names n where n.person_id = p.id order by n.id) n) as namesJson`;
  const statements = {
    all: db.$client.prepare(`select ${columns} from people p where p.id > ? order by p.id limit ?`),
    some: db.$client.prepare(
      `select ${columns} from people p where p.id in (select value from json_each(?)) order by p.id`,
    ),
  };
  for (const rows of chunks(statements, personIds, chunkSize)) {
    for (const { id: _id, namesJson, ...row } of rows) {
      const alternateNames = (JSON.parse(namesJson as string) as [string, string, string | null][]).map(
        ([name, type, language]) => compact({ name, type, language }),
      );
      yield compact({ type: 'person', ...row, alternateNames });
    }
  }
}

export function citable(d: ExportedDocument): CitableDocument {
  const namesIn = (role: string) =>
    d.people.filter((p) => p.role === role).map((p) => d.names.get(p.person)!);
  return {
    slug: d.slug,
    title: d.title,
    docType: d.docType,
    dateText: d.dateText ?? null,
    dateStart: d.dateStart ?? null,
    dateEnd: d.dateEnd ?? null,
    datePrecision: d.datePrecision,
    sourceArchive: d.sourceArchive ?? null,
    sourceCitation: d.sourceCitation ?? null,
    sourceUrl: d.sourceUrl ?? null,
    summary: d.summary ?? null,
    languages: d.languages,
    authors: namesIn('AUTHOR'),
    recipients: namesIn('RECIPIENT'),
  };
}

/**
 * The export as a sequence of text pieces (lines or records) to write in order. JSONL is the
 * import format: topics (parents first), then people, then documents, so importing it into an
 * empty archive and exporting again gives the same bytes. The other formats hold documents only.
 * Throws BAD_USER_INPUT (before yielding anything) when the filter is invalid.
 */
export function exportPieces(db: ArchiveDatabase, options: ExportOptions): Generator<string> {
  compileDocumentFilter(options.filter); // validate eagerly, before the first piece
  return pieces(db, options);
}

function* pieces(
  db: ArchiveDatabase,
  { format, filter, chunkSize = 500, baseUrl = archiveBaseUrl() }: ExportOptions,
) {
  const ids = matchingIds(db, filter);
  const docs = () => exportedDocuments(db, ids, chunkSize);
  switch (format) {
    case 'jsonl': {
      for (const topic of exportedTopics(db, ids)) yield `${JSON.stringify(topic)}\n`;
      for (const person of exportedPeople(db, ids, chunkSize)) yield `${JSON.stringify(person)}\n`;
      for (const { names: _names, ...d } of docs()) yield `${JSON.stringify({ type: 'document', ...d })}\n`;
      return;
    }
    case 'csv':
      yield csvLine(DOCUMENT_CSV_COLUMNS);
      for (const d of docs()) yield csvLine(documentToCsv(d));
      return;
    case 'ris':
      for (const d of docs()) yield risRecord(citable(d), baseUrl);
      return;
    case 'bibtex':
      for (const d of docs()) yield `${bibtexEntry(citable(d), baseUrl)}\n`;
      return;
    case 'csl-json': {
      let first = true;
      for (const d of docs()) {
        yield `${first ? '[\n' : ',\n'}${JSON.stringify(cslJsonItem(citable(d), baseUrl))}`;
        first = false;
      }
      yield first ? '[]\n' : '\n]\n';
      return;
    }
  }
}
