import { migrateDatabase, openDatabase } from '../../db/client.js';
import { databaseFileFromEnv } from '../app-database.js';

const file = databaseFileFromEnv();
const db = openDatabase({ file });
migrateDatabase(db);
db.$client.close();
console.log(`Migrated ${file}`);
