import { createServer } from 'node:http';
import { databaseFileFromEnv, openArchive, readsRequireKeyFromEnv } from '../app-database.js';
import { createArchiveYoga } from '../yoga.js';

export interface ServeOptions {
  /** Database file; default `ARCHIVE_DB` or the embedded file under db/. */
  file?: string;
  /** Default `PORT` or 4000; 0 picks a free port. */
  port?: number;
  /** Default `HOST` or 127.0.0.1. */
  host?: string;
  /** Default on unless `GRAPHIQL=false`. */
  graphiql?: boolean;
  /** Default from `ARCHIVE_REQUIRE_KEY_FOR_READS` ("true": reads need an API key too). */
  readsRequireKey?: boolean;
}

/**
 * Opens (creating, migrating and seeding when new) the archive and serves it over HTTP until
 * SIGTERM or SIGINT, then closes connections and the database. Resolves once listening, with
 * the server and a `close()` that shuts it down the same way.
 */
export async function serve(options: ServeOptions = {}) {
  const file = options.file ?? databaseFileFromEnv();
  // Settings first: a bad one stops the start before a database file is created.
  const graphiql = options.graphiql ?? process.env.GRAPHIQL !== 'false';
  const readsRequireKey = options.readsRequireKey ?? readsRequireKeyFromEnv();
  const port = options.port ?? Number(process.env.PORT?.trim() || 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number from 0 to 65535, not "${process.env.PORT}".`);
  const host = options.host ?? process.env.HOST ?? '127.0.0.1';
  const { db, seeded } = openArchive(file);
  if (seeded)
    console.log(
      `Seeded ${file}: ${seeded.documents} documents, ${seeded.people} people, ${seeded.topics} topics.`,
    );

  const yoga = createArchiveYoga({
    db,
    graphiql,
    readsRequireKey,
  });
  const server = createServer(yoga);

  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  console.log(
    `Archive API on http://${host}:${actualPort}/graphql${graphiql ? ' (GraphiQL in a browser)' : ''}, database ${file}`,
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => {
        db.$client.close();
        resolve();
      });
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 5000).unref();
    });
    return closing;
  };
  const onSignal = (signal: string) => {
    console.log(`${signal}: closing`);
    void close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  return { server, port: actualPort, close };
}
