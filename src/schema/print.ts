import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './index.js';

/** The SDL that `schema.graphql` must hold: what the code builds, sorted. */
export function printArchiveSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
