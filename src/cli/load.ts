/**
 * `npm run load`: N concurrent readers and M concurrent writers for T seconds against the real
 * server (one process per worker, node:cluster) on a temporary WAL database file holding a
 * generated corpus, over loopback only. Readers fetch listing pages, date-filtered lists,
 * records by ID, searches and person pages; writers send createDocument mutations with an
 * EDITOR key. Reports errors (must be 0: no SQLITE_BUSY or anything else reaches a client),
 * p50/p99 latency and requests per second, then stops the server and deletes the file.
 *
 *   npm run load -- [--readers 8] [--writers 2] [--seconds 10] [--workers 2] [--documents 2000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { generateCorpus, seededRandom } from '../data/generate.js';
import { importRecords } from '../data/import.js';
import { encodeArchiveId } from '../global-id.js';
import { postGraphQL, startServerProcess } from './processes.js';
import { CREATE_DOCUMENT, createDocumentInput, prepareWriteStream } from './run-fixtures.js';

export interface LoadOptions {
  readers: number;
  writers: number;
  seconds: number;
  workers: number;
  documents: number;
  seed: number;
  log?: (line: string) => void;
}

export interface LatencySummary {
  count: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LoadReport {
  reads: LatencySummary;
  writes: LatencySummary;
  /** Error messages seen (reads and writes), at most 20. */
  errorSamples: string[];
  /** Occurrences of SQLITE_BUSY anywhere: client answers, writer output, server log. */
  busy: number;
  /** Error lines in the server's log. */
  serverErrors: number;
  seconds: number;
}

/** Bounds that keep the script a load test of this machine, not a way to flood it. */
const MAX = { readers: 64, writers: 16, seconds: 120, workers: 16, documents: 50_000 };

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function summarize(latencies: number[], errors: number, seconds: number): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    count: latencies.length,
    errors,
    perSecond: Math.round(latencies.length / seconds),
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

/** What readers ask, in turn: the pages a site and a researcher's script would fetch. */
function readQueries(documents: number, next: () => number) {
  const listing = /* GraphQL */ `query Listing($after: String) { documents(first: 20, after: $after) {
    totalCount pageInfo { endCursor } nodes { id title dateText docType summary authors { name } recipients { name } topics { name } } } }`;
  const byDate = /* GraphQL */ `query ByDate($from: String!, $to: String!) { documents(first: 50, filter: { date: { from: $from, to: $to } }, orderBy: { field: DATE, direction: DESC }) {
    totalCount nodes { title dateStart people { role person { name } } } } }`;
  const node = /* GraphQL */ `query One($id: ID!) { node(id: $id) { id ... on Document { title summary dateText topics { name } authors { name alternateNames { name } } } } }`;
  const search = /* GraphQL */ `query Search($q: String!) { search(query: $q, first: 10) { totalCount edges { node { title dateText } } } }`;
  const person = /* GraphQL */ `query Person { person(slug: "fault-stream-author") { name documentCount documents(first: 10) { totalCount nodes { title } } } }`;
  const words = ['telegram', 'Stalin', 'letter', 'Zakharov', 'report', 'army'];
  return () => {
    const pick = next();
    if (pick < 0.3) return { query: listing, variables: {} };
    if (pick < 0.5) {
      const year = 1945 + Math.floor(next() * 10);
      return { query: byDate, variables: { from: `${year}-01`, to: `${year}-03` } };
    }
    if (pick < 0.75)
      return {
        query: node,
        variables: { id: encodeArchiveId('Document', 1 + Math.floor(next() * documents)) },
      };
    if (pick < 0.9) return { query: search, variables: { q: words[Math.floor(next() * words.length)] } };
    return { query: person, variables: {} };
  };
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  for (const [key, max] of Object.entries(MAX)) {
    const value = options[key as keyof typeof MAX];
    if (!Number.isInteger(value) || value < (key === 'writers' ? 0 : 1) || value > max)
      throw new Error(
        `--${key} must be an integer from ${key === 'writers' ? 0 : 1} to ${max}, got ${value}`,
      );
  }
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'archive-load-'));
  const file = join(dir, 'archive.sqlite');
  const next = seededRandom(options.seed);
  const errorSamples: string[] = [];
  const noteError = (message: string) => {
    if (errorSamples.length < 20) errorSamples.push(message);
  };
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    const db = openDatabase({ file });
    migrateDatabase(db);
    async function* corpus() {
      yield* generateCorpus({ documents: options.documents, seed: options.seed });
    }
    await importRecords(db, corpus(), { format: 'jsonl' });
    db.$client.close();
    const { key, ids } = prepareWriteStream(file, 'load run');
    server = await startServerProcess(file, {
      ARCHIVE_WORKERS: String(options.workers),
      NODE_ENV: 'production',
    });
    log(
      `server ${server.url} (${options.workers} workers), ${options.documents} generated documents in ${file}`,
    );

    let busy = 0;
    const deadline = performance.now() + options.seconds * 1000;
    const run = async (
      kind: string,
      latencies: number[],
      errors: { count: number },
      request: () => Promise<{ ok: boolean; text: string; status: number }>,
    ) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          const { ok, text, status } = await request();
          latencies.push(performance.now() - t0);
          if (text.includes('SQLITE_BUSY')) busy++;
          if (!ok) {
            errors.count++;
            noteError(`${kind} ${status}: ${text.slice(0, 300)}`);
          }
        } catch (error) {
          errors.count++;
          noteError(`${kind}: ${(error as Error).message}`);
        }
      }
    };
    const nextQuery = readQueries(options.documents, next);
    const read = async () => {
      const { query, variables } = nextQuery();
      const { status, text, body } = await postGraphQL(server!.url, query, variables);
      return { ok: status === 200 && !body.errors, text, status };
    };
    let written = 0;
    const write = async () => {
      const n = written++;
      const slug = `stream-load-${n}`;
      const { status, text, body } = await postGraphQL(
        server!.url,
        CREATE_DOCUMENT,
        { input: createDocumentInput(slug, n, ids) },
        key,
      );
      const document = (body.data?.createDocument as { document?: { slug?: string } } | undefined)?.document;
      return { ok: status === 200 && document?.slug === slug, text, status };
    };

    const readLatencies: number[] = [];
    const writeLatencies: number[] = [];
    const readErrors = { count: 0 };
    const writeErrors = { count: 0 };
    const t0 = performance.now();
    await Promise.all([
      ...Array.from({ length: options.readers }, () => run('read', readLatencies, readErrors, read)),
      ...Array.from({ length: options.writers }, () => run('write', writeLatencies, writeErrors, write)),
    ]);
    const seconds = (performance.now() - t0) / 1000;

    server.process.kill('SIGTERM');
    await server.exited;
    const serverLog = [...server.lines, ...server.errors];
    busy += serverLog.filter((l) => l.includes('SQLITE_BUSY')).length;
    const serverErrors = serverLog.filter((l) => l.includes('"level":"error"')).length;
    return {
      reads: summarize(readLatencies, readErrors.count, seconds),
      writes: summarize(writeLatencies, writeErrors.count, seconds),
      errorSamples,
      busy,
      serverErrors,
      seconds: Math.round(seconds * 10) / 10,
    };
  } finally {
    server?.process.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      readers: { type: 'string', default: '8' },
      writers: { type: 'string', default: '2' },
      seconds: { type: 'string', default: '10' },
      workers: { type: 'string', default: String(availableParallelism()) },
      documents: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '6' },
    },
  });
  const options = {
    readers: Number(values.readers),
    writers: Number(values.writers),
    seconds: Number(values.seconds),
    workers: Number(values.workers),
    documents: Number(values.documents),
    seed: Number(values.seed),
  };
  const report = await runLoad({ ...options, log: (line) => console.log(line) });
  const line = (name: string, s: LatencySummary) =>
    `${name}: ${s.count} in ${report.seconds} s = ${s.perSecond}/s, errors ${s.errors}, p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms`;
  console.log(
    [
      `load: ${options.readers} readers + ${options.writers} writers (createDocument mutations) over HTTP, ${options.workers} server processes, ${options.seconds} s`,
      line('reads ', report.reads),
      line('writes', report.writes),
      `SQLITE_BUSY seen: ${report.busy}; server error log lines: ${report.serverErrors}`,
      ...report.errorSamples.map((e) => `  error: ${e}`),
    ].join('\n'),
  );
  const failed = report.reads.errors + report.writes.errors + report.busy + report.serverErrors > 0;
  process.exit(failed ? 1 : 0);
}
