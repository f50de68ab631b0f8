/**
 * `npm run load`: N concurrent readers and M concurrent writers for T seconds against a real
 * server (one process per worker, node:cluster) on a temporary WAL database file, over loopback
 * only. Reports errors (must be 0: no SQLITE_BUSY or anything else reaches a client), p50/p99
 * latency and requests per second, then stops the server and deletes the file.
 *
 *   npm run load -- [--readers 8] [--writers 2] [--seconds 10] [--workers 2] [--documents 2000]
 *
 * Writers are processes committing one record per transaction to the same file (the way an
 * import or an editor's mutation writes), so reads in the server processes and writes contend
 * for the database exactly as in production.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../../db/corpus.js';
import { openArchive } from '../app-database.js';
import { encodeArchiveId } from '../global-id.js';
import { faultCorpus } from './fault-corpus.js';
import { seededRandom, startChild } from './faults.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

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
  const person = /* GraphQL */ `query Person { person(slug: "fault-author") { name documentCount documents(first: 10) { totalCount nodes { title } } } }`;
  return () => {
    const pick = next();
    if (pick < 0.35) return { query: listing, variables: {} };
    if (pick < 0.6) {
      const year = 1950 + Math.floor(next() * 10);
      return { query: byDate, variables: { from: `${year}-01`, to: `${year}-03` } };
    }
    if (pick < 0.9)
      return {
        query: node,
        variables: { id: encodeArchiveId('Document', 1 + Math.floor(next() * documents)) },
      };
    return { query: person, variables: {} };
  };
}

function spawnServer(
  file: string,
  workers: number,
): Promise<{ child: ChildProcess; url: string; log: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ARCHIVE_DB: file,
      HOST: '127.0.0.1',
      PORT: '0',
      ARCHIVE_WORKERS: String(workers),
      ARCHIVE_RATE_LIMIT: '0',
      ARCHIVE_REQUEST_LOG: 'false',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  return new Promise((ready, failed) => {
    const onLine = (line: string) => {
      log.push(line);
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(line)?.[1];
      if (url) ready({ child, url, log });
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', (line) => log.push(line));
    child.on('exit', (code) => failed(new Error(`server exited with ${code}: ${log.join('\n')}`)));
  });
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
  let server: Awaited<ReturnType<typeof spawnServer>> | undefined;
  const writers: ReturnType<typeof startChild>[] = [];
  try {
    const { db } = openArchive(file);
    loadCorpus(db, faultCorpus(options.documents, 'load'));
    db.$client.close();
    server = await spawnServer(file, options.workers);
    log(`server ${server.url} (${options.workers} workers), ${options.documents + 10} documents in ${file}`);

    const readLatencies: number[] = [];
    let readErrors = 0;
    let busy = 0;
    const deadline = performance.now() + options.seconds * 1000;
    const nextQuery = readQueries(options.documents, next);
    const reader = async () => {
      while (performance.now() < deadline) {
        const body = JSON.stringify(nextQuery());
        const t0 = performance.now();
        try {
          const response = await fetch(`${server!.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
            body,
          });
          const text = await response.text();
          readLatencies.push(performance.now() - t0);
          const failed = response.status !== 200 || text.includes('"errors"');
          if (text.includes('SQLITE_BUSY')) busy++;
          if (failed) {
            readErrors++;
            noteError(`read ${response.status}: ${text.slice(0, 300)}`);
          }
        } catch (error) {
          readErrors++;
          noteError(`read: ${(error as Error).message}`);
        }
      }
    };

    const writeLatencies: number[] = [];
    let writeErrors = 0;
    for (let w = 0; w < options.writers; w++) {
      const child = startChild(['writes', file, String(w * 1_000_000), '1000000000', `load-writer${w}`]);
      writers.push(child);
      createInterface({ input: child.process.stdout! }).on('line', (line) => {
        if (line.startsWith('ack ')) writeLatencies.push(Number(line.split(' ')[2]));
      });
      child.exited.then(() => {
        if (performance.now() < deadline && child.process.signalCode === null) {
          writeErrors++;
          const cause = child.errors.find((l) => /SqliteError|Error:/.test(l)) ?? '';
          noteError(`writer ${w} exited with ${child.process.exitCode} before the end: ${cause.trim()}`);
        }
      });
    }
    const t0 = performance.now();
    await Promise.all(Array.from({ length: options.readers }, reader));
    const seconds = (performance.now() - t0) / 1000;
    for (const writer of writers) writer.process.kill('SIGTERM');
    await Promise.all(writers.map((w) => w.exited));

    const serverExit = new Promise<void>((done) => server!.child.on('exit', () => done()));
    server.child.kill('SIGTERM');
    await serverExit;
    busy += server.log.filter((l) => l.includes('SQLITE_BUSY')).length;
    busy += writers.flatMap((w) => w.errors).filter((l) => l.includes('SQLITE_BUSY')).length;
    const serverErrors = server.log.filter((l) => l.includes('"level":"error"')).length;
    return {
      reads: summarize(readLatencies, readErrors, seconds),
      writes: summarize(writeLatencies, writeErrors, seconds),
      errorSamples,
      busy,
      serverErrors,
      seconds: Math.round(seconds * 10) / 10,
    };
  } finally {
    for (const writer of writers) writer.process.kill('SIGKILL');
    server?.child.kill('SIGKILL');
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
      `load: ${options.readers} readers (HTTP, ${options.workers} server processes) + ${options.writers} writers (one record per transaction) for ${options.seconds} s`,
      line('reads ', report.reads),
      line('writes', report.writes),
      `SQLITE_BUSY seen: ${report.busy}; server error log lines: ${report.serverErrors}`,
      ...report.errorSamples.map((e) => `  error: ${e}`),
    ].join('\n'),
  );
  const failed = report.reads.errors + report.writes.errors + report.busy + report.serverErrors > 0;
  process.exit(failed ? 1 : 0);
}
