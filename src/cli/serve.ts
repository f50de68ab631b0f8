import { databaseFileFromEnv } from '../app-database.js';
import { configFromEnv } from '../config.js';
import { serve as serveHttp } from '../http/serve.js';

export interface ServeOptions {
  /** Database file; default `ARCHIVE_DB` or the embedded file under db/. */
  file?: string;
  /** Default `PORT` or 4000; 0 picks a free port. */
  port?: number;
  /** Default `HOST` or 127.0.0.1. */
  host?: string;
  /** Overrides `ARCHIVE_GRAPHIQL`. */
  graphiql?: boolean;
  /** Overrides `ARCHIVE_REQUIRE_KEY_FOR_READS`. */
  readsRequireKey?: boolean;
  /** Overrides `ARCHIVE_WORKERS`: server processes sharing the database file. */
  workers?: number;
}

/**
 * `archive serve` and `npm start`: every setting from the environment (src/config.ts), the
 * command line's options over it. Creates, migrates and seeds the database when new, serves
 * until SIGTERM or SIGINT, then drains requests in flight and closes the database. Resolves
 * once listening with the running server (`close()` shuts it down the same way).
 */
export async function serve(options: ServeOptions = {}) {
  // Settings first: a bad one stops the start before a database file is created.
  const config = configFromEnv();
  const port = options.port ?? Number(process.env.PORT?.trim() || 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number from 0 to 65535, not "${process.env.PORT}".`);
  return serveHttp({
    file: options.file ?? databaseFileFromEnv(),
    port,
    host: options.host ?? process.env.HOST ?? '127.0.0.1',
    config: {
      ...config,
      graphiql: options.graphiql ?? config.graphiql,
      readsRequireKey: options.readsRequireKey ?? config.readsRequireKey,
      workers: options.workers ?? config.workers,
    },
  });
}
