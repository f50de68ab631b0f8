import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import type { z } from 'zod';
import type { ArchiveDatabase } from '../../db/client.js';
import { documentRecord, personRecord, topicRecord } from '../../db/corpus.js';
import { CorpusWriter, RecordConflictError, type WriteOutcome } from '../../db/corpus-writer.js';
import { rebuildSearchIndex, withSearchIndexDeferred } from '../../db/search-index.js';
import { CsvSyntaxError, csvRecords } from './csv.js';
import { documentCsvHeaderProblems, documentFromCsv } from './document-csv.js';

export const IMPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The kinds of record an import file holds, each validated by its corpus schema. */
const RECORD_SCHEMAS = { topic: topicRecord, person: personRecord, document: documentRecord } as const;
type RecordType = keyof typeof RECORD_SCHEMAS;

export interface ImportOptions {
  format: ImportFormat;
  /** Import the good records and report the bad ones, instead of refusing the whole file. */
  continueOnError?: boolean;
  /** Receives each rejected record as a JSON line `{ line, reasons, input }`. */
  rejects?: Writable;
  /** Records per transaction (with `continueOnError`) and per progress report. */
  batchSize?: number;
  /** How many errors the summary keeps (all are counted). */
  maxErrors?: number;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Load in bulk: drop the secondary indexes of the document tables and the search triggers
   * during the import and build them, and the search index, once at the end (in the same
   * transaction); much faster for a big load. `auto` (default) does so when the archive holds
   * no documents yet and the import is all-or-nothing.
   */
  deferIndexes?: boolean | 'auto';
}

export interface ImportProgress {
  records: number;
  bytes: number;
}

export interface ImportError {
  line: number;
  reasons: string[];
}

export interface ImportSummary {
  records: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The first `maxErrors` rejected records, by line. */
  errors: ImportError[];
  /** Whether anything was written: false when an all-or-nothing import met a bad record. */
  committed: boolean;
  seconds: number;
  byType: Record<RecordType, number>;
}

interface ParsedRecord {
  line: number;
  input: string;
  type?: RecordType;
  value?: unknown;
  reasons?: string[];
}

/**
 * Reads an import file (JSONL or CSV) and writes its records. Every record is validated with
 * the corpus schemas; bad ones are reported with their line number and reasons. By default
 * the whole file is one transaction, rolled back if any record is bad; with `continueOnError`
 * good records are committed in batches and bad ones go to `rejects`.
 */
export async function importRecords(
  db: ArchiveDatabase,
  input: AsyncIterable<Buffer | string>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = performance.now();
  const sqlite = db.$client;
  const batchSize = options.batchSize ?? 5000;
  const maxErrors = options.maxErrors ?? 100;
  const summary: ImportSummary = {
    records: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    errors: [],
    committed: false,
    seconds: 0,
    byType: { topic: 0, person: 0, document: 0 },
  };
  const progress = { records: 0, bytes: 0 };
  const counted = countBytes(input, progress);
  const source = options.format === 'csv' ? parseCsv(counted) : parseJsonl(counted);
  const writer = new CorpusWriter(sqlite, { buffered: !options.continueOnError });
  const atomic = !options.continueOnError;

  const reject = (record: ParsedRecord, reasons: string[]) => {
    summary.rejected++;
    if (summary.errors.length < maxErrors) summary.errors.push({ line: record.line, reasons });
    options.rejects?.write(`${JSON.stringify({ line: record.line, reasons, input: record.input })}\n`);
  };
  const tally = (type: RecordType, outcome: WriteOutcome) => {
    summary[outcome]++;
    summary.byType[type]++;
  };
  const write = (record: ParsedRecord) => {
    if (record.reasons) return reject(record, record.reasons);
    const type = record.type!;
    try {
      if (atomic) {
        tally(type, writeRecord(writer, type, record.value));
      } else {
        // A savepoint per record: a refused record leaves nothing behind, the batch goes on.
        sqlite.exec('savepoint record');
        try {
          tally(type, writeRecord(writer, type, record.value));
          sqlite.exec('release record');
        } catch (error) {
          sqlite.exec('rollback to record; release record');
          throw error;
        }
      }
    } catch (error) {
      if (error instanceof RecordConflictError) reject(record, [error.message]);
      else if (error instanceof Error && /constraint/i.test(error.message)) reject(record, [error.message]);
      else throw error;
    }
  };
  const writeAll = (batch: ParsedRecord[]) => {
    for (const record of batch) write(record);
  };
  const runBatch = sqlite.transaction(writeAll);

  let batch: ParsedRecord[] = [];
  // A big page cache keeps a large transaction's pages in memory instead of spilling them.
  const cacheSize = sqlite.pragma('cache_size', { simple: true });
  sqlite.pragma('cache_size = -524288');
  const bulk =
    atomic && (options.deferIndexes === true || (options.deferIndexes !== false && archiveIsEmpty(db)));
  // A bulk load bigger than the cache spills pages mid-transaction; in WAL mode each spill adds
  // frames that every later page read must search, and the load slows as it grows. A rollback
  // journal writes them to the database file instead (an empty archive has almost nothing to
  // journal). Only possible while no other connection has the file open; otherwise WAL stays.
  const journal = bulk ? String(sqlite.pragma('journal_mode', { simple: true })) : undefined;
  if (journal === 'wal') sqlite.pragma('journal_mode = delete');
  if (atomic) sqlite.exec('begin immediate');
  try {
    // The search triggers re-index a document for every row written about it. An import runs
    // without them and notes the documents it touched instead; they are re-indexed once, at
    // the end of the import (all or nothing) or of each batch (--continue-on-error). A bulk
    // load also drops the secondary indexes and rebuilds the whole search index at the end.
    const restore = atomic ? (bulk ? dropForBulkLoad(db) : dropSearchTriggers(db)) : [];
    const pending = sqlite.prepare('insert or ignore into documents_fts_pending (id) values (?)');
    const pendingOfPerson = sqlite.prepare(
      'insert or ignore into documents_fts_pending (id) select document_id from document_people where person_id = ?',
    );
    const pendingOfTopic = sqlite.prepare(
      'insert or ignore into documents_fts_pending (id) select document_id from document_topics where topic_id = ?',
    );
    const notePending = () => {
      writer.flush();
      const { documents, people, topics } = writer.touched;
      if (bulk) for (const list of [documents, people, topics]) list.length = 0; // the rebuild covers them
      for (const id of documents.splice(0)) pending.run(id);
      for (const id of people.splice(0)) pendingOfPerson.run(id);
      for (const id of topics.splice(0)) pendingOfTopic.run(id);
    };
    const writeBatch = (records: ParsedRecord[]) => {
      if (atomic) {
        writeAll(records);
        notePending();
      } else
        withSearchIndexDeferred(db, () => {
          const triggers = dropSearchTriggers(db);
          runBatch(records);
          notePending();
          for (const statement of triggers) sqlite.exec(statement);
        });
    };
    for await (const record of source) {
      summary.records++;
      batch.push(record);
      if (batch.length >= batchSize) {
        writeBatch(batch);
        batch = [];
        progress.records = summary.records;
        options.onProgress?.(progress);
      }
    }
    writeBatch(batch);
    progress.records = summary.records;
    options.onProgress?.(progress);
    if (atomic) {
      if (summary.rejected === 0) {
        if (bulk) sqlite.pragma(`threads = ${Math.min(4, availableParallelism())}`); // parallel index sorts
        for (const statement of restore) sqlite.exec(statement);
        if (bulk) rebuildSearchIndex(db);
        else withSearchIndexDeferred(db, () => undefined); // re-indexes the pending documents
        sqlite.exec('commit');
        summary.committed = true;
      } else sqlite.exec('rollback');
    } else summary.committed = true;
  } catch (error) {
    if (atomic && sqlite.inTransaction) sqlite.exec('rollback');
    throw error;
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
    if (journal === 'wal') sqlite.pragma('journal_mode = wal');
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

function archiveIsEmpty(db: ArchiveDatabase): boolean {
  return db.$client.prepare('select not exists (select 1 from documents)').pluck().get() === 1;
}

/** Tables whose non-unique indexes a bulk load rebuilds at the end. */
const BULK_TABLES = ['documents', 'document_people', 'document_topics', 'document_languages'];
/** Tables whose search-index triggers a bulk load replaces by one rebuild at the end. */
const SEARCH_SOURCE_TABLES = [...BULK_TABLES, 'people', 'person_names', 'topics'];

/**
 * Drops, for a bulk load, the non-unique indexes of the document tables and the triggers that
 * keep the search index in step with them; returns the statements that re-create them. The
 * caller runs those, then rebuilds the search index, in the same transaction.
 */
function dropForBulkLoad(db: ArchiveDatabase): string[] {
  const indexes = db.$client
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and sql is not null
       and sql not like 'create unique%' and tbl_name in (${BULK_TABLES.map(() => '?').join(', ')})`,
    )
    .all(...BULK_TABLES) as { name: string; sql: string }[];
  for (const { name } of indexes) db.$client.exec(`drop index ${quoteName(name)}`);
  return [...indexes.map((i) => i.sql), ...dropSearchTriggers(db)];
}

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Drops the triggers that keep the search index in step with its source tables; returns their SQL. */
function dropSearchTriggers(db: ArchiveDatabase): string[] {
  const triggers = db.$client
    .prepare(
      `select name, sql from sqlite_master where type = 'trigger' and name like 'documents\\_fts\\_%' escape '\\'
       and tbl_name in (${SEARCH_SOURCE_TABLES.map(() => '?').join(', ')})`,
    )
    .all(...SEARCH_SOURCE_TABLES) as { name: string; sql: string }[];
  for (const { name } of triggers) db.$client.exec(`drop trigger ${quoteName(name)}`);
  return triggers.map((t) => t.sql);
}

function writeRecord(writer: CorpusWriter, type: RecordType, value: unknown): WriteOutcome {
  switch (type) {
    case 'topic':
      return writer.topic(value as z.infer<typeof topicRecord>);
    case 'person':
      return writer.person(value as z.infer<typeof personRecord>);
    case 'document':
      return writer.document(value as z.infer<typeof documentRecord>);
  }
}

function validate(line: number, input: string, type: RecordType, raw: unknown): ParsedRecord {
  const result = RECORD_SCHEMAS[type].safeParse(raw);
  if (result.success) return { line, input, type, value: result.data };
  return {
    line,
    input,
    type,
    reasons: result.error.issues.map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    ),
  };
}

async function* countBytes(input: AsyncIterable<Buffer | string>, progress: { bytes: number }) {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of input) {
    if (typeof chunk === 'string') {
      progress.bytes += Buffer.byteLength(chunk);
      yield chunk;
    } else {
      progress.bytes += chunk.length;
      yield decoder.decode(chunk, { stream: true });
    }
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** One JSON object per line: `{"type": "topic" | "person" | "document", ...fields}`. Blank lines are skipped. */
async function* parseJsonl(chunks: AsyncIterable<string>): AsyncGenerator<ParsedRecord> {
  let pending = '';
  let lineNumber = 0;
  const parseLine = (text: string): ParsedRecord | undefined => {
    lineNumber++;
    const input = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (input.trim() === '') return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch (error) {
      return { line: lineNumber, input, reasons: [`not valid JSON: ${(error as Error).message}`] };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return { line: lineNumber, input, reasons: ['a record must be a JSON object'] };
    const { type, ...fields } = parsed as Record<string, unknown>;
    if (typeof type !== 'string' || !(type in RECORD_SCHEMAS))
      return {
        line: lineNumber,
        input,
        reasons: [`type: must be one of ${Object.keys(RECORD_SCHEMAS).join(', ')}`],
      };
    return validate(lineNumber, input, type as RecordType, fields);
  };
  for await (const chunk of chunks) {
    pending += chunk;
    let start = 0;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
      const record = parseLine(pending.slice(start, end));
      start = end + 1;
      if (record) yield record;
    }
    pending = pending.slice(start);
  }
  if (pending !== '') {
    const record = parseLine(pending);
    if (record) yield record;
  }
}

/** A header row naming the columns, then one document per row (see document-csv.ts). */
async function* parseCsv(chunks: AsyncIterable<string>): AsyncGenerator<ParsedRecord> {
  let header: string[] | undefined;
  try {
    for await (const { line, fields } of csvRecords(chunks)) {
      const input = JSON.stringify(fields);
      if (!header) {
        header = fields.map((f) => f.trim());
        const problems = documentCsvHeaderProblems(header);
        if (problems.length) {
          yield { line, input, reasons: problems.map((p) => `header: ${p}`) };
          return;
        }
        continue;
      }
      if (fields.length !== header.length) {
        yield {
          line,
          input,
          reasons: [`has ${fields.length} fields; the header names ${header.length}`],
        };
        continue;
      }
      yield validate(line, input, 'document', documentFromCsv(header, fields));
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    yield { line: error.line, input: '', reasons: [error.message] };
  }
}
