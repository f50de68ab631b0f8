import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArchiveDatabase } from './client.js';
import { type LoadSummary, loadCorpus } from './corpus.js';

/** The starting corpus: the ten documents of the archive listing's first page. */
export const seedCorpusFile = resolve(dirname(fileURLToPath(import.meta.url)), 'seed/corpus.json');

export function seedDatabase(db: ArchiveDatabase): LoadSummary {
  return loadCorpus(db, JSON.parse(readFileSync(seedCorpusFile, 'utf8')));
}
