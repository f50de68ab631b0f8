import { createServer } from 'node:http';
import { databaseFileFromEnv, openArchive, readsRequireKeyFromEnv } from './app-database.js';
import { createArchiveYoga } from './yoga.js';

const file = databaseFileFromEnv();
const readsRequireKey = readsRequireKeyFromEnv();
const { db, seeded } = openArchive(file);
if (seeded)
  console.log(
    `Seeded ${file}: ${seeded.documents} documents, ${seeded.people} people, ${seeded.topics} topics.`,
  );

const yoga = createArchiveYoga({ db, graphiql: process.env.GRAPHIQL !== 'false', readsRequireKey });
const server = createServer(yoga);
const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? '127.0.0.1';

server.listen(port, host, () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  console.log(
    `Archive API on http://${host}:${actualPort}/graphql (GraphiQL in a browser), database ${file}`,
  );
});

let closing = false;
function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing`);
  server.close(() => {
    db.$client.close();
    process.exit(0);
  });
  server.closeIdleConnections();
  setTimeout(() => {
    server.closeAllConnections();
  }, 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
