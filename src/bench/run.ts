import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { encodeBase64, encodeCursorTuple } from '@pothos/core';
import type BetterSqlite3 from 'better-sqlite3';
import { type ArchiveDatabase, migrateDatabase, openDatabase } from '../../db/client.js';
import { outputTo, writeAll } from '../cli/output.js';
import { formatCount } from '../cli/progress.js';
import { exportPieces } from '../data/export.js';
import { generateCorpus } from '../data/generate.js';
import { importRecords } from '../data/import.js';
import { schema } from '../schema/index.js';
import { createArchiveYoga } from '../yoga.js';

/**
 * The benchmark: generates (once per size and seed) a synthetic corpus, imports it into a fresh
 * database file, then times each operation in process (yoga.fetch), over loopback HTTP (a
 * separate `archive serve` process) and as hand-written SQL through better-sqlite3 (the floor).
 * Prints a table and writes everything to bench/results/<time>.json. Figures, not tests.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const USAGE = `archive bench [--sizes 10000,100000] [--seed 1] [--iterations 30] [--http-requests 100]
             [--concurrency 4] [--reuse] [--work-dir tmp/bench] [--out FILE]

  --sizes LIST          corpus sizes in documents (default 10000,100000; add 1000000 for the full run)
  --seed S              corpus seed (default 1)
  --iterations N        in-process runs per operation (default 30; each operation stops after 3 s)
  --http-requests N     HTTP requests per operation (default 100; stops after 5 s)
  --concurrency N       HTTP requests in flight (default 4)
  --reuse               keep and reuse the generated files and imported databases (skips the import figure)
  --work-dir DIR        where corpora and databases go (default tmp/bench)
  --out FILE            results file (default bench/results/<ISO time>.json)`;

interface Timing {
  p50: number;
  p95: number;
  mean: number;
  perSecond: number;
  runs: number;
}

interface OperationResult {
  name: string;
  description: string;
  statements: number;
  inProcess: Timing;
  http?: Timing;
  floor: Timing & { statements: number };
  /** In-process p50 over floor p50. */
  ratio: number;
}

interface SizeResult {
  documents: number;
  import?: { records: number; seconds: number; recordsPerSecond: number; documentsPerSecond: number };
  databaseBytes: number;
  operations: OperationResult[];
  skipped: { name: string; reason: string }[];
  fullExport: { records: number; seconds: number; megabytes: number; rssBeforeMb: number; rssPeakMb: number };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function timing(samples: number[], wallMs?: number): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    mean,
    perSecond: (samples.length / (wallMs ?? mean * samples.length)) * 1000,
    runs: samples.length,
  };
}

async function timeRuns(run: () => unknown, iterations: number, budgetMs: number): Promise<Timing> {
  for (let i = 0; i < 3; i++) await run(); // warm-up: JIT, statement cache, page cache
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < iterations && (samples.length < 5 || performance.now() - started < budgetMs)) {
    const t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  return timing(samples);
}

async function timeHttp(request: () => Promise<void>, total: number, concurrency: number, budgetMs: number) {
  for (let i = 0; i < 2; i++) await request();
  const samples: number[] = [];
  const started = performance.now();
  let issued = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < total && performance.now() - started < budgetMs) {
        issued++;
        const t = performance.now();
        await request();
        samples.push(performance.now() - t);
      }
    }),
  );
  return timing(samples, performance.now() - started);
}

interface Operation {
  name: string;
  description: string;
  /** A GraphQL request, or a plain GET path. */
  graphql?: { query: string; variables?: Record<string, unknown> };
  path?: string;
  floor: { statements: number; run: () => unknown };
}

const LISTING = /* GraphQL */ `
  query Listing {
    documents(first: 20) {
      nodes {
        id title dateText docType
        authors { id name documentCount }
        recipients { id name documentCount }
        topics { id name }
      }
    }
  }
`;
const PERSON_PAGE = /* GraphQL */ `
  query PersonPage($slug: String!) {
    person(slug: $slug) {
      id name kind description
      alternateNames { name type }
      documentCount
      documents(first: 20) { totalCount pageInfo { hasNextPage endCursor } nodes { id title dateText docType } }
    }
  }
`;
const TOPIC_PAGE = /* GraphQL */ `
  query TopicPage($slug: String!) {
    topic(slug: $slug) {
      id name description
      children { id name }
      documentCount
      documents(first: 20) { totalCount pageInfo { hasNextPage endCursor } nodes { id title dateText docType } }
    }
  }
`;
const SEARCH = /* GraphQL */ `
  query Search($query: String!) {
    search(query: $query, first: 20) {
      totalCount
      edges { score node { id title dateText docType } }
      facets {
        topics(limit: 10) { topic { id name } count }
        people(limit: 10) { person { id name } role count }
        years { label count }
        docTypes { docType count }
      }
    }
  }
`;
const DEEP_PAGE = /* GraphQL */ `
  query DeepPage($after: String!) {
    documents(first: 20, after: $after) { pageInfo { hasNextPage endCursor } nodes { id title dateText docType } }
  }
`;

/** The same work as each GraphQL operation, written by hand against better-sqlite3. */
function floors(sqlite: BetterSqlite3.Database) {
  const listingDocs = sqlite.prepare(
    'select id, title, date_text, doc_type from documents order by date_sort_asc, id limit 21',
  );
  const listingPeople = sqlite.prepare(`select dp.document_id, dp.role, p.id, p.name,
      (select count(distinct x.document_id) from document_people x where x.person_id = p.id) as document_count
    from document_people dp join people p on p.id = dp.person_id
    where dp.document_id in (select value from json_each(?)) and dp.role in ('AUTHOR', 'RECIPIENT')
    order by dp.document_id, dp.role, dp.position`);
  const listingTopics = sqlite.prepare(`select dt.document_id, t.id, t.name from document_topics dt
    join topics t on t.id = dt.topic_id where dt.document_id in (select value from json_each(?)) order by t.name`);
  const person = sqlite.prepare(`select p.id, p.name, p.kind, p.description,
      (select count(distinct document_id) from document_people where person_id = p.id) as document_count,
      (select json_group_array(json_object('name', name, 'type', name_type)) from person_names where person_id = p.id) as names
    from people p where slug = ?`);
  const personDocs = sqlite.prepare(`select id, title, date_text, doc_type from documents
    where id in (select document_id from document_people where person_id = ?) order by date_sort_asc, id limit 21`);
  const topic = sqlite.prepare(`with recursive subtree(id) as (select id from topics where slug = ?
      union select t.id from topics t join subtree s on t.parent_id = s.id)
    select t.id, t.name, t.description,
      (select json_group_array(json_object('id', c.id, 'name', c.name)) from topics c where c.parent_id = t.id) as children,
      (select count(distinct document_id) from document_topics where topic_id in (select id from subtree)) as document_count
    from topics t where t.slug = ?`);
  const topicDocs =
    sqlite.prepare(`with recursive subtree(id) as (select ? union select t.id from topics t join subtree s on t.parent_id = s.id)
    select id, title, date_text, doc_type from documents
    where id in (select document_id from document_topics where topic_id in (select id from subtree))
    order by date_sort_asc, id limit 21`);
  const deep = sqlite.prepare(`select id, title, date_text, doc_type from documents
    where (date_sort_asc, id) > (?, ?) order by date_sort_asc, id limit 21`);
  return {
    listing: () => {
      const docs = listingDocs.all() as { id: number }[];
      const ids = JSON.stringify(docs.map((d) => d.id));
      return [docs, listingPeople.all(ids), listingTopics.all(ids)];
    },
    person: (slug: string) => {
      const p = person.get(slug) as { id: number; document_count: number };
      return [p, personDocs.all(p.id)];
    },
    topic: (slug: string) => {
      const t = topic.get(slug, slug) as { id: number; document_count: number };
      return [t, topicDocs.all(t.id)];
    },
    deep: (date: string, id: number) => deep.all(date, id),
  };
}

function startServer(file: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/index.ts', 'serve', '--db', file, '--port', '0', '--no-graphiql'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolveStart, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/[\d.]+:\d+)\/graphql/.exec(output);
      if (match) resolveStart({ child, url: match[1]! });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

async function ensureCorpus(file: string, documents: number, seed: number) {
  if (existsSync(file)) return;
  const out = outputTo(file);
  await writeAll(generateCorpus({ documents, seed }), out.stream);
  await out.commit();
}

async function benchSize(
  documents: number,
  options: {
    seed: number;
    iterations: number;
    httpRequests: number;
    concurrency: number;
    reuse: boolean;
    workDir: string;
  },
): Promise<SizeResult> {
  const { seed, workDir } = options;
  const corpusFile = join(workDir, `corpus-${documents}-${seed}.jsonl`);
  const dbFile = join(workDir, `archive-${documents}-${seed}.sqlite`);
  log(`\n== ${formatCount(documents)} documents (seed ${seed})`);
  let t = performance.now();
  await ensureCorpus(corpusFile, documents, seed);
  log(`corpus ${corpusFile} ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  let importResult: SizeResult['import'];
  if (!options.reuse || !existsSync(dbFile)) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
    const db = openDatabase({ file: dbFile });
    migrateDatabase(db);
    const summary = await importRecords(db, createReadStream(corpusFile), { format: 'jsonl' });
    if (!summary.committed) throw new Error(`import failed: ${JSON.stringify(summary.errors.slice(0, 3))}`);
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    db.$client.exec('analyze');
    db.$client.close();
    importResult = {
      records: summary.records,
      seconds: summary.seconds,
      recordsPerSecond: summary.records / summary.seconds,
      documentsPerSecond: summary.byType.document / summary.seconds,
    };
    log(
      `import: ${formatCount(summary.records)} records in ${summary.seconds.toFixed(1)} s = ${formatCount(importResult.documentsPerSecond)} documents/s`,
    );
  }

  let statements = 0;
  const db: ArchiveDatabase = openDatabase({ file: dbFile, logger: { logQuery: () => void statements++ } });
  const sqlite = db.$client;
  const yoga = createArchiveYoga({ db, graphiql: false, logging: false });
  const floor = floors(sqlite);

  // Subjects: the most prolific correspondent, a top-level topic, the middle of the listing.
  const topPerson = sqlite
    .prepare(
      'select p.slug from people p join document_people dp on dp.person_id = p.id group by p.id order by count(*) desc limit 1',
    )
    .pluck()
    .get() as string;
  const rootTopic = sqlite
    .prepare('select slug from topics where parent_id is null order by id limit 1')
    .pluck()
    .get() as string;
  const middle = sqlite
    .prepare('select date_sort_asc as date, id from documents order by date_sort_asc, id limit 1 offset ?')
    .get(Math.floor(documents / 2)) as { date: string; id: number };
  const cursor = encodeBase64(`DC:${encodeCursorTuple([middle.date, middle.id])}`);

  const searchField = schema.getQueryType()?.getFields().search;
  const skipped: SizeResult['skipped'] = [];
  if (!searchField)
    skipped.push({
      name: 'search with facets',
      reason: 'no `search` query in this build (issue 3 not merged)',
    });
  const searchTerm = 'railway';
  const ftsMatch = `"${searchTerm}"`;
  // Prepared only when the search index exists (issue 3's migration).
  const searchFloor = searchField
    ? {
        hits: sqlite.prepare(`select d.id, d.title, d.date_text, d.doc_type, bm25(documents_fts) as score
          from documents_fts join documents d on d.id = documents_fts.rowid where documents_fts match ? order by score limit 21`),
        count: sqlite.prepare('select count(*) from documents_fts where documents_fts match ?'),
        topics:
          sqlite.prepare(`select dt.topic_id, count(*) as n from documents_fts f join document_topics dt on dt.document_id = f.rowid
          where documents_fts match ? group by dt.topic_id order by n desc limit 10`),
        people:
          sqlite.prepare(`select dp.person_id, dp.role, count(*) as n from documents_fts f join document_people dp on dp.document_id = f.rowid
          where documents_fts match ? group by dp.person_id, dp.role order by n desc limit 10`),
        years:
          sqlite.prepare(`select substr(d.date_start, 1, 4) as y, count(*) from documents_fts f join documents d on d.id = f.rowid
          where documents_fts match ? and d.date_start is not null group by y order by y`),
        docTypes:
          sqlite.prepare(`select d.doc_type, count(*) from documents_fts f join documents d on d.id = f.rowid
          where documents_fts match ? group by d.doc_type`),
      }
    : {};

  const exportFilter = { docTypes: ['REPORT'], date: { from: '1950', to: '1950' } };
  const operations: Operation[] = [
    {
      name: 'listing',
      description: '20 documents with authors, recipients (each with documentCount) and topics',
      graphql: { query: LISTING },
      floor: { statements: 3, run: () => floor.listing() },
    },
    {
      name: 'person page',
      description: `the most prolific correspondent (${topPerson}): names, count, first 20 documents, totalCount`,
      graphql: { query: PERSON_PAGE, variables: { slug: topPerson } },
      floor: { statements: 2, run: () => floor.person(topPerson) },
    },
    {
      name: 'topic page',
      description: `top-level topic ${rootTopic} with descendants: children, count, first 20 documents, totalCount`,
      graphql: { query: TOPIC_PAGE, variables: { slug: rootTopic } },
      floor: { statements: 2, run: () => floor.topic(rootTopic) },
    },
    ...(searchField
      ? [
          {
            name: 'search+facets',
            description: `search(query: "${searchTerm}") with topic, people, year and type facets, first 20 hits`,
            graphql: { query: SEARCH, variables: { query: searchTerm } },
            floor: {
              statements: 6,
              run: () => Object.values(searchFloor).map((statement) => statement.all(ftsMatch)),
            },
          },
        ]
      : []),
    {
      name: 'deep page',
      description: `20 documents after a cursor half-way through the listing (row ${formatCount(documents / 2)})`,
      graphql: { query: DEEP_PAGE, variables: { after: cursor } },
      floor: { statements: 1, run: () => floor.deep(middle.date, middle.id) },
    },
    {
      name: 'ndjson export',
      description:
        'GET /export.ndjson for REPORTs of 1950 (about 1% of the documents) read to the end; floor: the same export generator called directly',
      path: `/export.ndjson?filter=${encodeURIComponent(JSON.stringify(exportFilter))}`,
      // The export is itself hand-written SQL; its floor is the same generator without yoga.
      floor: {
        statements: 0,
        run: () => {
          let bytes = 0;
          for (const piece of exportPieces(db, { format: 'jsonl', filter: exportFilter as never }))
            bytes += piece.length;
          return bytes;
        },
      },
    },
  ];

  // The deep-page cursor is built by hand: check it against one the API issued.
  const issued = (await graphql(yoga, DEEP_PAGE, { after: cursor })) as {
    documents: { nodes: { id: string }[] };
  };
  const expectedFirst = sqlite
    .prepare('select id from documents where (date_sort_asc, id) > (?, ?) order by date_sort_asc, id limit 1')
    .pluck()
    .get(middle.date, middle.id);
  if (Buffer.from(issued.documents.nodes[0]!.id, 'base64').toString() !== `Document:${expectedFirst}`)
    throw new Error('deep-page cursor does not land where the floor query does');

  const results: OperationResult[] = [];
  for (const op of operations) {
    const run = op.graphql
      ? () => graphql(yoga, op.graphql!.query, op.graphql!.variables)
      : async () => (await yoga.fetch(`http://bench.local${op.path}`)).text();
    statements = 0;
    await run();
    const count = statements;
    const inProcess = await timeRuns(run, options.iterations, 3000);
    const floorTiming = await timeRuns(op.floor.run, options.iterations, 3000);
    results.push({
      name: op.name,
      description: op.description,
      statements: count,
      inProcess,
      floor: { ...floorTiming, statements: op.floor.statements },
      ratio: inProcess.p50 / floorTiming.p50,
    });
    log(
      `${op.name}: ${count} SQL, p50 ${inProcess.p50.toFixed(2)} ms, floor ${floorTiming.p50.toFixed(2)} ms (x${(inProcess.p50 / floorTiming.p50).toFixed(2)})`,
    );
  }

  // Whole-archive export, with the process's resident memory sampled as it goes.
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 20);
  t = performance.now();
  let records = 0;
  let bytes = 0;
  for (const piece of exportPieces(db, { format: 'jsonl' })) {
    records++;
    bytes += piece.length;
    if (records % 5000 === 0) {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      await new Promise((r) => setImmediate(r));
    }
  }
  clearInterval(sampler);
  const fullExport = {
    records,
    seconds: (performance.now() - t) / 1000,
    megabytes: bytes / 1e6,
    rssBeforeMb: rssBefore / 1e6,
    rssPeakMb: rssPeak / 1e6,
  };
  log(
    `full export: ${formatCount(records)} records, ${fullExport.megabytes.toFixed(0)} MB in ${fullExport.seconds.toFixed(1)} s; RSS ${fullExport.rssBeforeMb.toFixed(0)} -> peak ${fullExport.rssPeakMb.toFixed(0)} MB`,
  );
  const databaseBytes = sqlite
    .prepare('select page_count * page_size from pragma_page_count(), pragma_page_size()')
    .pluck()
    .get() as number;
  sqlite.close();

  // Over loopback HTTP, against a separate server process on the same file.
  const server = await startServer(dbFile);
  try {
    for (const [i, op] of operations.entries()) {
      const request = async () => {
        const response = op.graphql
          ? await fetch(`${server.url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(op.graphql),
            })
          : await fetch(`${server.url}${op.path}`);
        const text = await response.text();
        if (response.status !== 200 || text.includes('"errors"'))
          throw new Error(`${op.name}: ${text.slice(0, 300)}`);
      };
      results[i]!.http = await timeHttp(request, options.httpRequests, options.concurrency, 5000);
      log(
        `${op.name} over HTTP: p50 ${results[i]!.http!.p50.toFixed(2)} ms, ${results[i]!.http!.perSecond.toFixed(0)} req/s`,
      );
    }
  } finally {
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
  }
  return { documents, import: importResult, databaseBytes, operations: results, skipped, fullExport };
}

async function graphql(
  yoga: ReturnType<typeof createArchiveYoga>,
  query: string,
  variables?: Record<string, unknown>,
): Promise<unknown> {
  const response = await yoga.fetch('http://bench.local/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

function log(line: string) {
  process.stderr.write(`${line}\n`);
}

function table(sizes: SizeResult[]): string {
  const lines: string[] = [];
  const n = (v: number | undefined, digits = 2) =>
    v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits);
  for (const size of sizes) {
    lines.push('');
    lines.push(
      `${formatCount(size.documents)} documents, database ${(size.databaseBytes / 1e6).toFixed(0)} MB${size.import ? `, import ${formatCount(size.import.documentsPerSecond)} documents/s (${formatCount(size.import.recordsPerSecond)} records/s, ${size.import.seconds.toFixed(1)} s)` : ''}`,
    );
    lines.push(
      `${'operation'.padEnd(14)} ${'SQL'.padStart(3)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'req/s'.padStart(7)} | ${'floor SQL'.padStart(9)} ${'p50 ms'.padStart(8)} ${'ratio'.padStart(6)} | ${'HTTP p50'.padStart(8)} ${'p95'.padStart(8)} ${'req/s'.padStart(7)}`,
    );
    for (const op of size.operations)
      lines.push(
        `${op.name.padEnd(14)} ${String(op.statements).padStart(3)} ${n(op.inProcess.p50).padStart(8)} ${n(op.inProcess.p95).padStart(8)} ${n(op.inProcess.perSecond, 0).padStart(7)} | ${String(op.floor.statements).padStart(9)} ${n(op.floor.p50).padStart(8)} ${n(op.ratio).padStart(6)} | ${n(op.http?.p50).padStart(8)} ${n(op.http?.p95).padStart(8)} ${n(op.http?.perSecond, 0).padStart(7)}`,
      );
    for (const s of size.skipped) lines.push(`${s.name}: skipped, ${s.reason}`);
    const e = size.fullExport;
    lines.push(
      `full JSONL export: ${formatCount(e.records)} records, ${e.megabytes.toFixed(0)} MB in ${e.seconds.toFixed(1)} s (${formatCount(e.records / e.seconds)} records/s); RSS ${e.rssBeforeMb.toFixed(0)} MB before, ${e.rssPeakMb.toFixed(0)} MB peak`,
    );
  }
  return lines.join('\n');
}

export async function runBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string' },
      seed: { type: 'string' },
      iterations: { type: 'string' },
      'http-requests': { type: 'string' },
      concurrency: { type: 'string' },
      reuse: { type: 'boolean' },
      'work-dir': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(`Usage: ${USAGE}`);
    return 0;
  }
  const int = (value: string | undefined, fallback: number, name: string) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
    return n;
  };
  const sizes = (values.sizes ?? '10000,100000').split(',').map((s) => int(s.trim(), 0, 'sizes'));
  const options = {
    seed: int(values.seed, 1, 'seed'),
    iterations: int(values.iterations, 30, 'iterations'),
    httpRequests: int(values['http-requests'], 100, 'http-requests'),
    concurrency: int(values.concurrency, 4, 'concurrency'),
    reuse: values.reuse === true,
    workDir: resolve(root, values['work-dir'] ?? 'tmp/bench'),
  };
  mkdirSync(options.workDir, { recursive: true });
  const startedAt = new Date().toISOString();
  const results: SizeResult[] = [];
  for (const size of sizes) results.push(await benchSize(size, options));
  const out = resolve(root, values.out ?? join('bench/results', `${startedAt.replace(/[:.]/g, '-')}.json`));
  mkdirSync(dirname(out), { recursive: true });
  const machine = {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadAverage: loadavg(),
  };
  writeFileSync(
    out,
    `${JSON.stringify({ startedAt, machine, options: { ...options, sizes }, results }, null, 2)}\n`,
  );
  console.log(table(results));
  console.log(`\nResults: ${out}`);
  if (!options.reuse)
    for (const size of sizes)
      for (const suffix of ['', '-wal', '-shm'])
        rmSync(join(options.workDir, `archive-${size}-${options.seed}.sqlite${suffix}`), { force: true });
  return 0;
}
