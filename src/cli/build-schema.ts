import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printArchiveSchema } from '../schema/print.js';

/** Writes schema.graphql, or with --check fails when the committed file is stale. */
export const schemaFile = resolve(dirname(fileURLToPath(import.meta.url)), '../../schema.graphql');

const printed = printArchiveSchema();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(schemaFile, 'utf8');
  } catch {}
  if (committed !== printed) {
    console.error('schema.graphql is stale: run `npm run schema` and commit the result.');
    process.exit(1);
  }
  console.log('schema.graphql is up to date.');
} else {
  writeFileSync(schemaFile, printed);
  console.log(`Wrote ${schemaFile}`);
}
