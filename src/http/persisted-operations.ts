import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors.js';

export function operationHash(query: string): string {
  return createHash('sha256').update(query, 'utf8').digest('hex');
}

/**
 * Reads an allow-list file: a JSON object mapping the sha256 (hex) of each query's exact text to
 * that text. A hash that does not match its query stops start-up: a front-end build sending that
 * hash would otherwise run something other than what it was reviewed as.
 */
export function loadPersistedOperations(file: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Persisted operations file ${file} is not readable JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`Persisted operations file ${file} must be a JSON object of hash -> query.`);
  const operations = new Map<string, string>();
  for (const [hash, query] of Object.entries(parsed)) {
    if (typeof query !== 'string' || operationHash(query) !== hash.toLowerCase())
      throw new Error(`Persisted operations file ${file}: "${hash}" is not the sha256 of its query.`);
    operations.set(hash.toLowerCase(), query);
  }
  return operations;
}

/** The operation hash a client sent: Apollo's `extensions.persistedQuery` or a `documentId`. */
function persistedOperationId(params: GraphQLParams & { documentId?: unknown }): string | null {
  const apollo = (params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
    ?.persistedQuery?.sha256Hash;
  const id = typeof apollo === 'string' ? apollo : params.documentId;
  if (typeof id !== 'string') return null;
  return id.replace(/^sha256:/, '').toLowerCase();
}

/** Only operations of the allow-list run; any other query text is refused. */
export function usePersistedOperationsOnly(operations: Map<string, string>): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: false,
    extractPersistedOperationId: persistedOperationId,
    getPersistedOperation: (hash) => operations.get(hash) ?? null,
    customErrors: {
      persistedQueryOnly: {
        message:
          'This server runs persisted operations only: send the sha256 hash of an allowed query in extensions.persistedQuery.sha256Hash.',
        extensions: { code: ErrorCode.PERSISTED_OPERATION_REQUIRED, http: { status: 400 } },
      },
      keyNotFound: {
        message:
          'This server runs persisted operations only: send the sha256 hash of an allowed query in extensions.persistedQuery.sha256Hash.',
        extensions: { code: ErrorCode.PERSISTED_OPERATION_REQUIRED, http: { status: 400 } },
      },
      notFound: {
        message: 'No persisted operation has this hash.',
        extensions: { code: ErrorCode.PERSISTED_OPERATION_NOT_FOUND, http: { status: 400 } },
      },
    },
  });
}
