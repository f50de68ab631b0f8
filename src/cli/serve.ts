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
 * until SIGTERM or SIGINT, then drains requests in flight and closes the database.
 */
export async function serve(options: ServeOptions = {}) {
  const config = configFromEnv();
  await serveHttp({
    file: options.file ?? databaseFileFromEnv(),
    port: options.port ?? Number(process.env.PORT ?? 4000),
    host: options.host ?? process.env.HOST ?? '127.0.0.1',
    config: {
      ...config,
      graphiql: options.graphiql ?? config.graphiql,
      readsRequireKey: options.readsRequireKey ?? config.readsRequireKey,
      workers: options.workers ?? config.workers,
    },
  });
}
