import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { createYoga, type YogaServerOptions } from 'graphql-yoga';
import type { ArchiveDatabase } from '../db/client.js';
import type { ArchiveContext } from './context.js';
import { ErrorCode } from './errors.js';
import { useDocumentExport } from './http/export-route.js';
import { schema } from './schema/index.js';

/** What GraphiQL opens on: the archive's listing page in one query. */
export const LISTING_QUERY = /* GraphQL */ `# The archive's listing page: the first ten documents, oldest first.
query Listing($after: String) {
  documents(first: 10, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      title
      dateText
      docType
      summary
      authors { name }
      recipients { name }
      topics { name }
    }
  }
}
`;

export interface ArchiveYogaOptions {
  db: ArchiveDatabase;
  /** Show GraphiQL at /graphql (default true). */
  graphiql?: boolean;
  logging?: YogaServerOptions<object, ArchiveContext>['logging'];
}

/**
 * Builds the HTTP handler. It never listens: `src/server.ts` does, and tests call
 * `yoga.fetch` in process.
 */
export function createArchiveYoga({ db, graphiql = true, logging }: ArchiveYogaOptions) {
  return createYoga<object, ArchiveContext>({
    schema,
    context: () => ({ db }),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    // GraphiQL's assets are bundled, not fetched from a CDN: the archive may run offline.
    renderGraphiQL,
    logging,
    graphiql: graphiql
      ? { title: 'Archive API', defaultQuery: LISTING_QUERY, shouldPersistHeaders: false }
      : false,
    maskedErrors: { maskError },
    plugins: [useDocumentExport({ db })],
  });
}

/**
 * Expected failures keep their message and code; input the schema helpers refused becomes
 * BAD_USER_INPUT; anything else is replaced by a generic message so internals never leak.
 */
export function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof PothosValidationError) {
    return new GraphQLError(original.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  if (original instanceof GraphQLError && typeof original.extensions.code === 'string') {
    return error as GraphQLError;
  }
  if (error instanceof GraphQLError && !error.originalError) return error;
  return new GraphQLError(message, {
    nodes: error instanceof GraphQLError ? error.nodes : undefined,
    path: error instanceof GraphQLError ? error.path : undefined,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
