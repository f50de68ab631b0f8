/**
 * `npm run faults`: SIGKILL, repeatedly, during a bulk import (the archive's importer, all or
 * nothing) and during a stream of writes (createDocument mutations to the real server), on a WAL
 * database file. After each kill: `PRAGMA integrity_check` is ok, no record is partial (every
 * document present equals the clean import's, or has all its links), every acknowledged write is
 * there; at the end, re-running the import converges on a clean import and once more changes
 * nothing.
 *
 *   npm run faults -- [--import-rounds 10] [--write-rounds 10] [--documents 3000] [--seed 6]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { databaseChecksum, integrityCheck } from '../../db/integrity.js';
import { generateCorpus, seededRandom } from '../data/generate.js';
import { importRecords } from '../data/import.js';
import { postGraphQL, startChild, startServerProcess } from './processes.js';
import {
  CREATE_DOCUMENT,
  createDocumentInput,
  DOCUMENT_ROWS_SQL,
  PARTIAL_STREAM_DOCUMENTS_SQL,
  prepareWriteStream,
} from './run-fixtures.js';

export interface FaultOptions {
  importRounds: number;
  writeRounds: number;
  /** Documents in the bulk import. */
  documents: number;
  seed: number;
  /** Concurrent clients in the write stream. */
  writers?: number;
  log?: (line: string) => void;
}

export interface FaultReport {
  importKills: number;
  /** Rounds where the import committed before the kill landed (not counted as kills). */
  importFinishedFirst: number;
  writeKills: number;
  acknowledgedWrites: number;
  /** Every integrity_check result, after every kill and at the end: all 'ok' for a sound file. */
  integrity: string[];
  /** Imported documents seen after each import kill: 0 or all of them, never between. */
  importCountsAfterKill: number[];
  /** Documents present after a kill that differ from a clean import's or lack a link. */
  partialRecords: string[];
  missingAcknowledged: string[];
  /** After the kills, the import's documents equal a clean import's (ids and timestamps aside). */
  converged: boolean;
  /** Importing once more changed not a byte. */
  rerunUnchanged: boolean;
  millis: number;
}

function withDatabase<T>(file: string, work: (db: ReturnType<typeof openDatabase>) => T): T {
  const db = openDatabase({ file });
  try {
    return work(db);
  } finally {
    db.$client.close();
  }
}

function documentRows(file: string, prefix: string): Map<string, string> {
  return withDatabase(file, (db) => {
    const rows = db.$client.prepare(DOCUMENT_ROWS_SQL).raw().all(prefix) as [string, string][];
    return new Map(rows);
  });
}

async function importInProcess(file: string, documents: number, seed: number) {
  const db = openDatabase({ file });
  try {
    async function* source() {
      yield* generateCorpus({ documents, seed });
    }
    const summary = await importRecords(db, source(), { format: 'jsonl' });
    if (!summary.committed) throw new Error(`import refused: ${JSON.stringify(summary.errors)}`);
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
    // A clean import in this process: the records to converge on, and how long an import takes.
    const referenceFile = join(dir, 'reference.sqlite');
    withDatabase(referenceFile, migrateDatabase);
    const t0 = performance.now();
    await importInProcess(referenceFile, options.documents, options.seed);
    const importMillis = performance.now() - t0;
    const expected = documentRows(referenceFile, 'synthetic-');
    log(`clean import of ${options.documents} generated documents: ${importMillis.toFixed(0)} ms`);

    withDatabase(file, migrateDatabase);
    for (let round = 0; round < options.importRounds; round++) {
      const child = startChild('src/cli/fault-child.ts', [
        file,
        String(options.documents),
        String(options.seed),
      ]);
      await child.waitFor((line) => line === 'begin');
      const delay = importMillis * (0.1 + 0.8 * next());
      await new Promise((done) => setTimeout(done, delay));
      child.process.kill('SIGKILL');
      await child.exited;
      if (child.lines.includes('done')) report.importFinishedFirst++;
      else report.importKills++;
      const integrity = withDatabase(file, (db) => integrityCheck(db.$client));
      const rows = documentRows(file, 'synthetic-');
      const partial = [...rows].filter(([slug, row]) => expected.get(slug) !== row).map(([slug]) => slug);
      report.integrity.push(...integrity);
      report.importCountsAfterKill.push(rows.size);
      report.partialRecords.push(...partial);
      log(
        `import round ${round + 1}: SIGKILL after ${delay.toFixed(0)} ms, integrity ${integrity.join(',')}, ${rows.size} documents, ${partial.length} partial`,
      );
    }

    // Re-running the import after the kills converges on the clean import; once more changes nothing.
    await importInProcess(file, options.documents, options.seed);
    const rows = documentRows(file, 'synthetic-');
    report.converged =
      rows.size === expected.size && [...expected].every(([slug, row]) => rows.get(slug) === row);
    const before = withDatabase(file, (db) => databaseChecksum(db.$client));
    await importInProcess(file, options.documents, options.seed);
    report.rerunUnchanged = withDatabase(file, (db) => databaseChecksum(db.$client)) === before;
    log(
      `import re-run: converged ${report.converged}, a further run changed nothing ${report.rerunUnchanged}`,
    );

    // A stream of createDocument mutations to the real server, killed mid-stream.
    const { key, ids } = prepareWriteStream(file, 'fault run');
    const acknowledged = new Set<string>();
    let n = 0;
    for (let round = 0; round < options.writeRounds; round++) {
      const server = await startServerProcess(file);
      const target = 5 + Math.floor(next() * 40);
      let acks = 0;
      let killed = false;
      const kill = () => {
        if (killed) return;
        killed = true;
        server.process.kill('SIGKILL');
      };
      const writer = async () => {
        while (!killed) {
          const slug = `stream-${n++}`;
          try {
            const { status, body } = await postGraphQL(
              server.url,
              CREATE_DOCUMENT,
              { input: createDocumentInput(slug, n, ids) },
              key,
            );
            const written = (body.data?.createDocument as { document?: { slug?: string } } | undefined)
              ?.document;
            if (status === 200 && written?.slug === slug) {
              acknowledged.add(slug);
              if (++acks >= target) kill();
            } else if (!killed) throw new Error(`write refused: ${status} ${JSON.stringify(body)}`);
          } catch (error) {
            if (!killed) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: options.writers ?? 2 }, writer));
      await server.exited;
      report.writeKills++;
      const state = withDatabase(file, (db) => ({
        integrity: integrityCheck(db.$client),
        partial: (db.$client.prepare(PARTIAL_STREAM_DOCUMENTS_SQL).all() as { slug: string }[]).map(
          (r) => r.slug,
        ),
        slugs: new Set(
          (
            db.$client.prepare("select slug from documents where slug like 'stream-%'").all() as {
              slug: string;
            }[]
          ).map((r) => r.slug),
        ),
      }));
      const missing = [...acknowledged].filter((slug) => !state.slugs.has(slug));
      report.integrity.push(...state.integrity);
      report.partialRecords.push(...state.partial);
      report.missingAcknowledged.push(...missing);
      log(
        `write round ${round + 1}: SIGKILL after ${acks} acknowledged writes, integrity ${state.integrity.join(',')}, ${state.slugs.size} written in all, ${missing.length} acknowledged missing, ${state.partial.length} partial`,
      );
    }
    report.acknowledgedWrites = acknowledged.size;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    report.millis = Math.round(performance.now() - started);
  }
  return report;
}

/** Whether the report shows no fault: what `npm run faults` exits 0 for. */
export function faultsHeld(report: FaultReport, documents: number): boolean {
  return (
    report.integrity.every((r) => r === 'ok') &&
    report.importCountsAfterKill.every((n) => n === 0 || n === documents) &&
    report.partialRecords.length === 0 &&
    report.missingAcknowledged.length === 0 &&
    report.converged &&
    report.rerunUnchanged
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      'import-rounds': { type: 'string', default: '10' },
      'write-rounds': { type: 'string', default: '10' },
      documents: { type: 'string', default: '3000' },
      seed: { type: 'string', default: '6' },
    },
  });
  const documents = Number(values.documents);
  const report = await runFaults({
    importRounds: Number(values['import-rounds']),
    writeRounds: Number(values['write-rounds']),
    documents,
    seed: Number(values.seed),
    log: (line) => console.log(line),
  });
  console.log(
    [
      `SIGKILLs: ${report.importKills} during the bulk import (${report.importFinishedFirst} more rounds committed first), ${report.writeKills} during the write stream`,
      `integrity_check: ${report.integrity.every((r) => r === 'ok') ? 'ok' : 'FAILED'} in all ${report.integrity.length} checks`,
      `imported documents after each import kill: ${report.importCountsAfterKill.join(' ')} (0 or ${documents}, never between)`,
      `partial records: ${report.partialRecords.length}`,
      `acknowledged writes: ${report.acknowledgedWrites}, missing: ${report.missingAcknowledged.length}`,
      `import re-run converged on a clean import: ${report.converged}; a further run changed nothing: ${report.rerunUnchanged}`,
      `time: ${(report.millis / 1000).toFixed(1)} s`,
    ].join('\n'),
  );
  process.exit(faultsHeld(report, documents) ? 0 : 1);
}
