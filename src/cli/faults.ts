/**
 * `npm run faults`: kills writers with SIGKILL, repeatedly, during a bulk import and during a
 * stream of single-record writes on a WAL database file, and after each kill checks that the file
 * is sound (`PRAGMA integrity_check`), that no record is partial, that every acknowledged write
 * is there, and finally that re-running the import converges on a clean import's content.
 *
 *   npm run faults -- [--import-rounds 10] [--write-rounds 10] [--import-size 3000] [--seed 6]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { loadCorpus } from '../../db/corpus.js';
import { databaseChecksum, integrityCheck } from '../../db/integrity.js';
import { faultCorpus, PARTIAL_RECORDS_SQL, RECORDS_OF_PREFIX_SQL } from './fault-corpus.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const CHILD = join(here, 'fault-child.ts');

export interface FaultOptions {
  importRounds: number;
  writeRounds: number;
  /** Records in the bulk import. */
  importSize: number;
  seed: number;
  log?: (line: string) => void;
}

export interface FaultReport {
  importKills: number;
  /** Rounds where the import finished before the kill landed (not counted as kills). */
  importFinishedFirst: number;
  writeKills: number;
  acknowledgedWrites: number;
  /** Every integrity_check result after every kill: all 'ok' for a sound file. */
  integrity: string[];
  /** Bulk-import document counts seen after each import kill: 0 or importSize, never between. */
  importCountsAfterKill: number[];
  partialRecords: string[];
  missingAcknowledged: string[];
  /** The final import's records equal a clean import's (ids and timestamps aside). */
  converged: boolean;
  /** Importing once more changed not a byte. */
  rerunUnchanged: boolean;
  millis: number;
}

/** Seeded generator in [0, 1): the same kill points (and load mix) every run with the same seed. */
export function seededRandom(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

export interface Child {
  process: ChildProcess;
  lines: string[];
  /** What it printed on stderr (a writer that fails says why there). */
  errors: string[];
  /** Resolves with the line once a line matching `test` has been printed (or null at exit). */
  waitFor: (test: (line: string, count: number) => boolean) => Promise<string | null>;
  exited: Promise<void>;
}

export function startChild(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const errors: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => errors.push(line));
  const waiters: { test: (line: string, count: number) => boolean; done: (l: string | null) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of [...waiters])
      if (w.test(line, lines.length)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(line);
      }
  });
  const exited = new Promise<void>((done) =>
    child.on('exit', () => {
      for (const w of waiters.splice(0)) w.done(null);
      done();
    }),
  );
  return {
    process: child,
    lines,
    errors,
    exited,
    waitFor: (test) => new Promise((done) => waiters.push({ test, done })),
  };
}

function inspect(file: string, prefix: string) {
  const db = openDatabase({ file });
  try {
    const sqlite = db.$client;
    return {
      integrity: integrityCheck(sqlite),
      partial: (sqlite.prepare(PARTIAL_RECORDS_SQL).all(prefix) as { slug: string }[]).map((r) => r.slug),
      slugs: new Set(
        (
          sqlite.prepare("select slug from documents where slug like ? || '-%'").all(prefix) as {
            slug: string;
          }[]
        ).map((r) => r.slug),
      ),
    };
  } finally {
    db.$client.close();
  }
}

function recordsOf(file: string, prefix: string): string {
  const db = openDatabase({ file });
  try {
    return JSON.stringify(db.$client.prepare(RECORDS_OF_PREFIX_SQL).raw().all(prefix));
  } finally {
    db.$client.close();
  }
}

function fullChecksum(file: string) {
  const db = openDatabase({ file });
  try {
    return databaseChecksum(db.$client);
  } finally {
    db.$client.close();
  }
}

export async function runFaults(options: FaultOptions): Promise<FaultReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const next = seededRandom(options.seed);
  const dir = mkdtempSync(join(tmpdir(), 'archive-faults-'));
  const file = join(dir, 'archive.sqlite');
  const report: FaultReport = {
    importKills: 0,
    importFinishedFirst: 0,
    writeKills: 0,
    acknowledgedWrites: 0,
    integrity: [],
    importCountsAfterKill: [],
    partialRecords: [],
    missingAcknowledged: [],
    converged: false,
    rerunUnchanged: false,
    millis: 0,
  };
  try {
    // A clean import in this process: the content to converge on, and how long an import takes.
    const referenceFile = join(dir, 'reference.sqlite');
    const reference = openDatabase({ file: referenceFile });
    migrateDatabase(reference);
    const t0 = performance.now();
    loadCorpus(reference, faultCorpus(options.importSize, 'bulk'));
    const importMillis = performance.now() - t0;
    reference.$client.close();
    const expected = recordsOf(referenceFile, 'bulk');
    log(`clean import of ${options.importSize} records: ${importMillis.toFixed(0)} ms`);

    const fresh = openDatabase({ file });
    migrateDatabase(fresh);
    fresh.$client.close();

    for (let round = 0; round < options.importRounds; round++) {
      const child = startChild(['import', file, String(options.importSize)]);
      await child.waitFor((line) => line === 'begin');
      const delay = importMillis * (0.1 + 0.8 * next());
      await new Promise((done) => setTimeout(done, delay));
      child.process.kill('SIGKILL');
      await child.exited;
      if (child.lines.includes('done')) report.importFinishedFirst++;
      else report.importKills++;
      const state = inspect(file, 'bulk');
      report.integrity.push(...state.integrity);
      report.importCountsAfterKill.push(state.slugs.size);
      report.partialRecords.push(...state.partial);
      log(
        `import round ${round + 1}: killed after ${delay.toFixed(0)} ms, integrity ${state.integrity.join(',')}, ${state.slugs.size} bulk records, ${state.partial.length} partial`,
      );
    }

    const acknowledged = new Set<string>();
    let from = 0;
    for (let round = 0; round < options.writeRounds; round++) {
      const child = startChild(['writes', file, String(from), '1000000']);
      const target = 5 + Math.floor(next() * 40);
      let acks = 0;
      await child.waitFor((line) => line.startsWith('ack ') && ++acks >= target);
      child.process.kill('SIGKILL');
      await child.exited;
      report.writeKills++;
      for (const line of child.lines)
        if (line.startsWith('ack ')) acknowledged.add(line.split(' ')[1] as string);
      const state = inspect(file, 'write');
      report.integrity.push(...state.integrity);
      report.partialRecords.push(...state.partial);
      const missing = [...acknowledged].filter((slug) => !state.slugs.has(slug));
      report.missingAcknowledged.push(...missing);
      from = state.slugs.size;
      log(
        `write round ${round + 1}: killed after ${target} acknowledged writes, integrity ${state.integrity.join(',')}, ${state.slugs.size} written, ${missing.length} acknowledged missing, ${state.partial.length} partial`,
      );
    }
    report.acknowledgedWrites = acknowledged.size;

    // Re-running the import after all those kills converges on the clean import, and running it
    // once more changes nothing. (These runs are not killed, so they run in this process.)
    const importAgain = () => {
      const db = openDatabase({ file });
      try {
        loadCorpus(db, faultCorpus(options.importSize, 'bulk'));
      } finally {
        db.$client.close();
      }
    };
    importAgain();
    const withBulk = inspect(file, 'bulk');
    report.integrity.push(...withBulk.integrity);
    report.converged = withBulk.slugs.size === options.importSize && recordsOf(file, 'bulk') === expected;
    const before = fullChecksum(file);
    importAgain();
    report.rerunUnchanged = fullChecksum(file) === before;
    log(`final import: converged ${report.converged}, re-run changed nothing ${report.rerunUnchanged}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    report.millis = Math.round(performance.now() - started);
  }
  return report;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      'import-rounds': { type: 'string', default: '10' },
      'write-rounds': { type: 'string', default: '10' },
      'import-size': { type: 'string', default: '3000' },
      seed: { type: 'string', default: '6' },
    },
  });
  const report = await runFaults({
    importRounds: Number(values['import-rounds']),
    writeRounds: Number(values['write-rounds']),
    importSize: Number(values['import-size']),
    seed: Number(values.seed),
    log: (line) => console.log(line),
  });
  const sound = report.integrity.every((r) => r === 'ok');
  console.log(
    [
      `SIGKILLs: ${report.importKills} during the bulk import (${report.importFinishedFirst} more rounds finished first), ${report.writeKills} during the write stream`,
      `integrity_check: ${sound ? 'ok' : 'FAILED'} after all ${report.integrity.length} checks`,
      `bulk records after each import kill: ${report.importCountsAfterKill.join(' ')} (0 or ${values['import-size']}, never between)`,
      `partial records: ${report.partialRecords.length}`,
      `acknowledged writes: ${report.acknowledgedWrites}, missing: ${report.missingAcknowledged.length}`,
      `re-run import converged on a clean import: ${report.converged}; a further re-run changed nothing: ${report.rerunUnchanged}`,
      `time: ${(report.millis / 1000).toFixed(1)} s`,
    ].join('\n'),
  );
  const atomic = report.importCountsAfterKill.every((n) => n === 0 || n === Number(values['import-size']));
  const ok =
    sound &&
    atomic &&
    report.partialRecords.length === 0 &&
    report.missingAcknowledged.length === 0 &&
    report.converged &&
    report.rerunUnchanged;
  process.exit(ok ? 0 : 1);
}
