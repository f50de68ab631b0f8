import cluster from 'node:cluster';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { type ArchiveDatabase, openDatabase } from '../../db/client.js';
import { openArchive } from '../app-database.js';
import type { ArchiveConfig } from '../config.js';
import { createArchiveYoga } from '../yoga.js';
import { jsonStdout, jsonYogaLogger, type LogSink } from './request-log.js';

export interface ServeOptions {
  /** The SQLite database file. */
  file: string;
  port: number;
  host: string;
  config: ArchiveConfig;
  /** The request log and yoga's own log (JSON lines on stdout by default). */
  log?: LogSink;
  /** Start, seed and stop lines for the person running the server (console.log by default). */
  announce?: (line: string) => void;
  /** Migrate (and seed when new) before listening; cluster workers leave that to the primary. */
  prepareDatabase?: boolean;
  /** Extra yoga plugins (tests slow operations down with them). */
  plugins?: Plugin[];
}

export interface RunningServer {
  server: Server;
  db: ArchiveDatabase;
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  /** Requests being answered right now. */
  inFlight: () => number;
  /**
   * Graceful shutdown: stops accepting connections, lets requests in flight finish (up to
   * `shutdownGraceMs`, then closes their connections), then closes the database.
   */
  close: () => Promise<void>;
}

/** Starts one HTTP server process on the archive database. */
export async function startServer({
  file,
  port,
  host,
  config,
  log = jsonStdout,
  announce = (line) => console.log(line),
  prepareDatabase = true,
  plugins,
}: ServeOptions): Promise<RunningServer> {
  let db: ArchiveDatabase;
  if (prepareDatabase) {
    const opened = openArchive(file);
    db = opened.db;
    if (opened.seeded)
      announce(
        `Seeded ${file}: ${opened.seeded.documents} documents, ${opened.seeded.people} people, ${opened.seeded.topics} topics.`,
      );
  } else {
    db = openDatabase({ file });
  }

  let draining = false;
  const yoga = createArchiveYoga({
    db,
    config,
    log: config.requestLog ? log : null,
    logging: jsonYogaLogger(log),
    draining: () => draining,
    plugins,
  });
  const server = createServer(yoga);
  const open = new Set<ServerResponse>();
  server.on('request', (_req, res: ServerResponse) => {
    open.add(res);
    if (draining) res.setHeader('connection', 'close');
    res.on('close', () => {
      open.delete(res);
      // A keep-alive connection whose last request just finished would otherwise hold close() up.
      if (draining) server.closeIdleConnections();
    });
  });

  await new Promise<void>((listening, failed) => {
    server.once('error', (error: NodeJS.ErrnoException) => failed(new ListenError(host, port, error)));
    server.listen(port, host, () => listening());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host}:${actualPort}`;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((done) => {
      draining = true;
      // Requests in flight finish, but their keep-alive connections end with them.
      for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close');
      const force = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        db.$client.close();
        done();
      });
      server.closeIdleConnections();
    });
    return closed;
  };
  return { server, db, url, inFlight: () => open.size, close };
}

/**
 * `serve`: one process, or with `config.workers` > 1 a primary that prepares the database and
 * forks that many workers sharing the port (node:cluster) and the WAL database file. SIGTERM and
 * SIGINT drain requests in flight before exiting; a worker that dies is replaced. Resolves once
 * listening with a handle whose `close()` shuts down the same way (the running server itself
 * when there is one process).
 */
export async function serve(options: ServeOptions): Promise<{ close: () => Promise<void> }> {
  const log = options.log ?? jsonStdout;
  const announce = options.announce ?? ((line: string) => console.log(line));
  if (options.config.workers > 1 && cluster.isPrimary) return servePrimary({ ...options, log, announce });
  const worker = cluster.isWorker;
  const running = await startServer({ ...options, log, announce, prepareDatabase: !worker });
  if (!worker) announce(startLine(running.url, options));
  onShutdownSignal(async (signal) => {
    announce(`${signal}: draining ${running.inFlight()} request(s) in flight, then exiting`);
    await running.close();
    process.exit(0);
  });
  return running;
}

function startLine(url: string, { config, file }: ServeOptions) {
  const graphiql = config.graphiql ? ' (GraphiQL in a browser)' : '';
  const workers = config.workers > 1 ? `, ${config.workers} workers` : '';
  return `Archive API on ${url}/graphql${graphiql}${workers}, database ${file}`;
}

function servePrimary(options: ServeOptions & { log: LogSink; announce: (line: string) => void }) {
  const { file, config, log, announce } = options;
  const { db, seeded } = openArchive(file);
  if (seeded)
    announce(
      `Seeded ${file}: ${seeded.documents} documents, ${seeded.people} people, ${seeded.topics} topics.`,
    );
  db.$client.close();

  let stopping = false;
  let announced = false;
  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    announce(startLine(`http://${options.host}:${address.port}`, options));
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log({ level: 'error', msg: `worker ${worker.process.pid} died (${signal ?? code}); starting another` });
    cluster.fork();
  });
  for (let i = 0; i < config.workers; i++) cluster.fork();
  let stopped: Promise<void> | undefined;
  // Each worker drains its own requests on SIGTERM; the ones that outstay the grace are killed.
  const close = () => {
    stopped ??= new Promise<void>((done) => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {});
      let left = workers.length;
      if (left === 0) done();
      for (const worker of workers)
        worker?.once('exit', () => {
          if (--left === 0) done();
        });
      for (const worker of workers) worker?.process.kill('SIGTERM');
      setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      }, config.shutdownGraceMs + 5000).unref();
    });
    return stopped;
  };
  onShutdownSignal(async (signal) => {
    announce(`${signal}: stopping ${config.workers} workers`);
    await close();
    process.exit(0);
  });
  return { close };
}

function onShutdownSignal(handler: (signal: NodeJS.Signals) => void | Promise<void>) {
  let called = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.on(signal, () => {
      if (called) return;
      called = true;
      void handler(signal);
    });
}

/** The server could not take its address: a message for people, not a stack trace. */
export class ListenError extends Error {
  constructor(host: string, port: number, cause: NodeJS.ErrnoException) {
    const reason =
      cause.code === 'EADDRINUSE'
        ? 'the port is already in use (another server there? set PORT)'
        : cause.code === 'EACCES'
          ? 'permission denied (ports below 1024 need privileges)'
          : cause.code === 'EADDRNOTAVAIL'
            ? 'no such address on this machine (check HOST)'
            : cause.message;
    super(`Cannot listen on ${host}:${port}: ${reason}.`, { cause });
    this.name = 'ListenError';
  }
}
