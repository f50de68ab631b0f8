/**
 * The bulk import the fault run kills: `<file> <documents> <seed>` imports the synthetic corpus
 * (`archive generate`) with the archive's importer, all or nothing, printing `begin` when the
 * import starts and `done` once it has committed.
 */
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { generateCorpus } from '../data/generate.js';
import { importRecords } from '../data/import.js';

const [file, documents, seed] = process.argv.slice(2);
if (!file || !documents || !seed) {
  console.error('usage: fault-child <file> <documents> <seed>');
  process.exit(2);
}
const db = openDatabase({ file });
migrateDatabase(db);
// Generated up front, so the kill lands in the import, not in the generating.
const lines = [...generateCorpus({ documents: Number(documents), seed: Number(seed) })];
async function* source() {
  yield* lines;
}
process.stdout.write('begin\n');
const summary = await importRecords(db, source(), { format: 'jsonl' });
process.stdout.write(summary.committed ? 'done\n' : `refused ${JSON.stringify(summary.errors)}\n`);
db.$client.close();
