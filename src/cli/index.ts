import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { seedDatabase } from '../../db/seed.js';
import { databaseFileFromEnv } from '../app-database.js';
import { EXPORT_FORMATS, type ExportFormat, exportPieces } from '../data/export.js';
import { parseDocumentFilterJson } from '../data/filter-json.js';
import { generateCorpus } from '../data/generate.js';
import { IMPORT_FORMATS, type ImportFormat, importRecords } from '../data/import.js';
import { ListenError } from '../http/serve.js';
import { outputTo, writeAll } from './output.js';
import { formatCount, progressReporter } from './progress.js';
import { serve } from './serve.js';

/** A usage mistake: printed with the command's help, exit status 2. */
class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

interface Command {
  summary: string;
  usage: string;
  options: Options;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

const dbOption = { db: { type: 'string' } } as const satisfies Options;
const dbHelp = '  --db FILE           database file (default: $ARCHIVE_DB or db/archive.sqlite)';

function databaseFile(values: Record<string, unknown>): string {
  return (values.db as string | undefined) ?? databaseFileFromEnv();
}

function positiveInteger(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return n;
}

async function finish(out: Writable) {
  if (out === process.stdout) return;
  out.end();
  await once(out, 'finish');
}

const commands: Record<string, Command> = {
  serve: {
    summary: 'serve the GraphQL API (and GraphiQL) over HTTP',
    usage: `archive serve [--port N] [--host H] [--db FILE] [--no-graphiql] [--workers N]

Creates, migrates and seeds the database when it does not exist yet. Other settings
(limits, CORS, rate limit...) are ARCHIVE_* environment variables: see README.
  --port N            port (default: $PORT or 4000)
  --host H            interface (default: $HOST or 127.0.0.1)
${dbHelp}
  --no-graphiql       no GraphiQL page (default: on unless ARCHIVE_GRAPHIQL=false)
  --workers N         server processes sharing the database file (default: $ARCHIVE_WORKERS or 1)`,
    options: {
      ...dbOption,
      port: { type: 'string' },
      host: { type: 'string' },
      'no-graphiql': { type: 'boolean' },
      workers: { type: 'string' },
    },
    async run(values) {
      await serve({
        file: databaseFile(values),
        port: positiveInteger(values.port, 'port'),
        host: values.host as string | undefined,
        graphiql: values['no-graphiql'] ? false : undefined,
        workers: positiveInteger(values.workers, 'workers'),
      });
      return 0;
    },
  },
  migrate: {
    summary: 'apply pending database migrations',
    usage: `archive migrate [--db FILE]\n\n${dbHelp}`,
    options: dbOption,
    async run(values) {
      const file = databaseFile(values);
      const db = openDatabase({ file });
      migrateDatabase(db);
      db.$client.close();
      console.log(`Migrated ${file}`);
      return 0;
    },
  },
  seed: {
    summary: 'load the starting corpus (the archive listing) into the database',
    usage: `archive seed [--db FILE]\n\nIdempotent: records already present are left alone.\n${dbHelp}`,
    options: dbOption,
    async run(values) {
      const file = databaseFile(values);
      const db = openDatabase({ file });
      migrateDatabase(db);
      const summary = seedDatabase(db);
      db.$client.close();
      console.log(
        `Seeded ${file}: ${summary.documents} documents, ${summary.people} people, ${summary.topics} topics (${summary.changed} records added or changed).`,
      );
      return 0;
    },
  },
  import: {
    summary: 'import topics, people and documents from a JSONL or CSV file',
    usage: `archive import FILE [--format jsonl|csv] [--continue-on-error] [--rejects FILE] [--db FILE]

FILE is a path or - for standard input. Records are validated; bad ones are reported with their
line number. By default nothing is written when any record is bad. Importing the same file twice
changes nothing; a changed record is updated in place and its version bumped.
  --format F            jsonl (default; .csv files: csv)
  --continue-on-error   import the good records, write the bad ones to the rejects file
  --rejects FILE        where rejected records go (default: FILE.rejects.jsonl)
  --batch-size N        records per transaction with --continue-on-error (default 5000)
  --keep-indexes        keep indexes up to date during the import (by default a first import
                        into an empty archive drops them and builds them once at the end)
  --quiet               no progress output
${dbHelp}`,
    options: {
      ...dbOption,
      'keep-indexes': { type: 'boolean' },
      format: { type: 'string' },
      'continue-on-error': { type: 'boolean' },
      rejects: { type: 'string' },
      'batch-size': { type: 'string' },
      quiet: { type: 'boolean' },
    },
    async run(values, positionals) {
      const [path] = positionals;
      if (!path || positionals.length > 1) throw new UsageError('give exactly one FILE (or - for stdin)');
      const format = (values.format ?? (path.endsWith('.csv') ? 'csv' : 'jsonl')) as ImportFormat;
      if (!IMPORT_FORMATS.includes(format))
        throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
      const continueOnError = values['continue-on-error'] === true;
      if (values.rejects && !continueOnError) throw new UsageError('--rejects needs --continue-on-error');
      const total = path === '-' ? undefined : statSync(path).size;
      const file = databaseFile(values);
      const db = openDatabase({ file });
      migrateDatabase(db);
      const rejectsPath = continueOnError
        ? ((values.rejects as string | undefined) ?? `${path === '-' ? 'stdin' : path}.rejects.jsonl`)
        : undefined;
      const rejects = rejectsPath ? createWriteStream(rejectsPath) : undefined;
      const progress = progressReporter('import', { quiet: values.quiet === true });
      const started = performance.now();
      const summary = await importRecords(db, path === '-' ? process.stdin : createReadStream(path), {
        format,
        continueOnError,
        rejects,
        batchSize: positiveInteger(values['batch-size'], 'batch-size'),
        deferIndexes: values['keep-indexes'] ? false : 'auto',
        onProgress: ({ records, bytes }) =>
          progress.update(
            bytes,
            total,
            `${formatCount(records)} records, ${formatCount(records / ((performance.now() - started) / 1000))}/s`,
          ),
      });
      progress.finish();
      if (rejects) await finish(rejects);
      db.$client.close();
      for (const error of summary.errors.slice(0, 20))
        console.error(`line ${error.line}: ${error.reasons.join('; ')}`);
      if (summary.rejected > 20)
        console.error(`... and ${formatCount(summary.rejected - 20)} more rejected records`);
      const counts = `${formatCount(summary.inserted)} inserted, ${formatCount(summary.updated)} updated, ${formatCount(summary.unchanged)} unchanged, ${formatCount(summary.rejected)} rejected`;
      const rate = `${formatCount(summary.records / Math.max(summary.seconds, 1e-9))} records/s`;
      if (!summary.committed) {
        console.error(
          `Import refused: ${formatCount(summary.rejected)} bad record(s) in ${formatCount(summary.records)}; nothing was written (use --continue-on-error to import the good ones).`,
        );
        return 1;
      }
      console.log(
        `Imported ${formatCount(summary.records)} records into ${file} in ${summary.seconds.toFixed(1)} s (${rate}): ${counts} (${summary.byType.topic} topics, ${summary.byType.person} people, ${summary.byType.document} documents written or checked).${rejectsPath && summary.rejected ? ` Rejects: ${rejectsPath}` : ''}`,
      );
      return 0;
    },
  },
  export: {
    summary: 'export documents (optionally filtered) as JSONL, CSV, RIS, BibTeX or CSL-JSON',
    usage: `archive export [--format F] [--filter JSON] [--out FILE] [--db FILE]

Streams the archive, a chunk at a time. JSONL is the import format (topics, people, documents).
  --format F          ${EXPORT_FORMATS.join(' | ')} (default jsonl)
  --filter JSON       a DocumentFilter as in the GraphQL API, e.g. '{"docTypes":["TELEGRAM"]}'
  --out FILE          output file (default: standard output)
  --quiet             no progress output
${dbHelp}
ARCHIVE_BASE_URL, when set, gives citations a URL: <ARCHIVE_BASE_URL>/documents/<slug>.`,
    options: {
      ...dbOption,
      format: { type: 'string' },
      filter: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean' },
    },
    async run(values) {
      const format = (values.format ?? 'jsonl') as ExportFormat;
      if (!EXPORT_FORMATS.includes(format))
        throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
      let filter: ReturnType<typeof parseDocumentFilterJson>;
      try {
        filter = parseDocumentFilterJson(values.filter as string | undefined, '--filter');
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const file = databaseFile(values);
      if (!existsSync(file)) throw new UsageError(`no database at ${file}`);
      const db = openDatabase({ file, readonly: true });
      const out = outputTo(values.out as string | undefined);
      const progress = progressReporter('export', { quiet: values.quiet === true || !values.out });
      const started = performance.now();
      let pieces = 0;
      // One read transaction: the export is a consistent snapshot even while others write.
      db.$client.exec('begin');
      try {
        await writeAll(exportPieces(db, { format, filter }), out.stream, () => {
          pieces++;
          if (pieces % 1000 === 0) progress.update(pieces, undefined, `${formatCount(pieces)} records`);
        });
        await out.commit();
      } catch (error) {
        out.abort();
        throw error;
      } finally {
        db.$client.exec('commit');
        db.$client.close();
      }
      progress.finish();
      const seconds = (performance.now() - started) / 1000;
      if (values.out)
        console.error(
          `Exported ${formatCount(pieces)} records to ${values.out} in ${seconds.toFixed(1)} s (${formatCount(pieces / Math.max(seconds, 1e-9))} records/s).`,
        );
      return 0;
    },
  },
  generate: {
    summary: 'write a synthetic corpus (JSONL import file) for benchmarks and load tests',
    usage: `archive generate --documents N [--seed S] [--people N] [--out FILE]

Same seed, same bytes. Every key starts with "synthetic-"; never import it into a real archive.
  --documents N       number of documents
  --seed S            seed of the random generator (default 1)
  --people N          number of people (default: documents / 20, at least 50)
  --out FILE          output file (default: standard output)`,
    options: {
      documents: { type: 'string' },
      seed: { type: 'string' },
      people: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean' },
    },
    async run(values) {
      const documents = positiveInteger(values.documents, 'documents');
      if (documents === undefined) throw new UsageError('--documents is required');
      const seed = positiveInteger(values.seed, 'seed') ?? 1;
      const out = outputTo(values.out as string | undefined);
      const progress = progressReporter('generate', { quiet: values.quiet === true || !values.out });
      const started = performance.now();
      let lines = 0;
      try {
        await writeAll(
          generateCorpus({ documents, seed, people: positiveInteger(values.people, 'people') }),
          out.stream,
          () => {
            lines++;
            if (lines % 10000 === 0) progress.update(lines, undefined, `${formatCount(lines)} records`);
          },
        );
        await out.commit();
      } catch (error) {
        out.abort();
        throw error;
      }
      progress.finish();
      if (values.out)
        console.error(
          `Generated ${formatCount(lines)} records (${formatCount(documents)} documents, seed ${seed}) in ${values.out} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
        );
      return 0;
    },
  },
};

/** Commands that parse their own arguments, loaded only when run. */
const delegated: Record<string, { summary: string; run(argv: string[]): Promise<number> }> = {
  keys: {
    summary: 'create, list and revoke API keys (see README "Editing the archive")',
    run: async (argv) => (await import('./keys.js')).runKeysCommand(argv),
  },
  bench: {
    summary: 'run the benchmark and write bench/results/<time>.json (see README "Benchmark")',
    run: async (argv) => (await import('../bench/run.js')).runBench(argv),
  },
};

function overview(): string {
  const all = { ...commands, ...delegated };
  const width = Math.max(...Object.keys(all).map((c) => c.length));
  return `Usage: archive <command> [options]   (npm run archive -- <command> [options])

Commands:
${Object.entries(all)
  .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
  .join('\n')}

Run "archive <command> --help" for a command's options.`;
}

/** Runs one command line; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview());
    return name ? 0 : 2;
  }
  const delegate = delegated[name];
  if (delegate) return delegate.run(rest);
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${overview()}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      console.log(`Usage: ${command.usage}`);
      return 0;
    }
    return await command.run(values, positionals);
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ||
      (error as { code?: string }).code === 'ENOENT';
    if (error instanceof ListenError) {
      console.error(`archive ${name}: ${error.message}`);
      return 1;
    }
    if (!usage) throw error;
    console.error(`archive ${name}: ${(error as Error).message}\n\nUsage: ${command.usage}`);
    return 2;
  }
}

const invokedDirectly = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2));
