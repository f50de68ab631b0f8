/**
 * The process the fault run kills. `import <file> <count>`: one bulk import of `count` records;
 * `writes <file> <from> <count> [prefix]`: one record per transaction, printing
 * `ack <slug> <milliseconds>` only after each commit. It prints `begin` when the writing starts.
 */
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { corpusFile, loadCorpus } from '../../db/corpus.js';
import { faultCorpus } from './fault-corpus.js';

const [mode, file, ...rest] = process.argv.slice(2);
if (!file || (mode !== 'import' && mode !== 'writes')) {
  console.error('usage: fault-child import <file> <count> | writes <file> <from> <count> [prefix]');
  process.exit(2);
}
const db = openDatabase({ file });
migrateDatabase(db);

if (mode === 'import') {
  // Validated up front, so the kill lands in the write, not in the parsing.
  const corpus = corpusFile.parse(faultCorpus(Number(rest[0]), 'bulk'));
  process.stdout.write('begin\n');
  loadCorpus(db, corpus);
  process.stdout.write('done\n');
} else {
  const from = Number(rest[0]);
  const count = Number(rest[1]);
  process.stdout.write('begin\n');
  const prefix = rest[2] ?? 'write';
  for (let n = from; n < from + count; n++) {
    const t0 = performance.now();
    loadCorpus(db, faultCorpus(1, prefix, n));
    process.stdout.write(`ack ${prefix}-${n} ${(performance.now() - t0).toFixed(3)}\n`);
  }
  process.stdout.write('done\n');
}
db.$client.close();
