import { migrateDatabase, openDatabase } from '../../db/client.js';
import { seedDatabase } from '../../db/seed.js';
import { databaseFileFromEnv } from '../app-database.js';

const file = databaseFileFromEnv();
const db = openDatabase({ file });
migrateDatabase(db);
const summary = seedDatabase(db);
db.$client.close();
console.log(
  `Seeded ${file}: ${summary.documents} documents, ${summary.people} people, ${summary.topics} topics (${summary.changed} records added or changed).`,
);
