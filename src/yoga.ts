import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerOptions } from 'graphql-yoga';
import type { ArchiveDatabase } from '../db/client.js';
import { type ArchiveConfig, defaultConfig } from './config.js';
import type { ArchiveContext } from './context.js';
import { ErrorCode } from './errors.js';
import { corsFromAllowList } from './http/cors.js';
import { useCsrfPrevention } from './http/csrf.js';
import { Metrics, useMetrics } from './http/metrics.js';
import { loadPersistedOperations, usePersistedOperationsOnly } from './http/persisted-operations.js';
import { useRateLimit } from './http/rate-limit.js';
import { useDatabaseReadiness } from './http/readiness.js';
import { jsonStdout, type LogSink, useRequestLog } from './http/request-log.js';
import { useRequestParsingErrors } from './http/request-parsing.js';
import { useBatchLimit } from './limits/batch-limit.js';
import { useBodyLimit } from './limits/body-limit.js';
import { useCostLimit } from './limits/cost-limit.js';
import { useDocumentLimits } from './limits/document-limits.js';
import { useIntrospectionControl } from './limits/introspection.js';
import { useOperationTimeout } from './limits/operation-timeout.js';
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
  /** Every setting (see src/config.ts); defaults to the values an empty environment gives. */
  config?: ArchiveConfig;
  /** Overrides `config.graphiql` (kept for callers that only switch GraphiQL). */
  graphiql?: boolean;
  /** Yoga's own logger (its warnings and masked errors). */
  logging?: YogaServerOptions<object, ArchiveContext>['logging'];
  /** Where the request log goes (JSON lines on stdout by default); null for none. */
  log?: LogSink | null;
  /** The metrics registry /metrics renders; one per process. */
  metrics?: Metrics;
  /** True once the server drains for shutdown: /ready then answers 503. */
  draining?: () => boolean;
  /** Plugins run after the archive's checks, just inside the timeout (tests slow operations with it). */
  plugins?: Plugin[];
}

const GRAPHQL_ENDPOINT = '/graphql';

/**
 * Builds the HTTP handler. It never listens: `src/server.ts` does, and tests call
 * `yoga.fetch` in process.
 */
export function createArchiveYoga({
  db,
  config = defaultConfig,
  graphiql = config.graphiql,
  logging,
  log = config.requestLog ? jsonStdout : null,
  metrics = new Metrics(),
  draining,
  plugins = [],
}: ArchiveYogaOptions) {
  const { limits, production } = config;
  const persisted = config.persistedOperationsFile
    ? loadPersistedOperations(config.persistedOperationsFile)
    : null;
  return createYoga<object, ArchiveContext>({
    schema,
    context: () => ({ db }),
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    healthCheckEndpoint: '/health',
    landingPage: false,
    // GraphiQL's assets are bundled, not fetched from a CDN: the archive may run offline.
    renderGraphiQL,
    logging,
    graphiql: graphiql
      ? { title: 'Archive API', defaultQuery: LISTING_QUERY, shouldPersistHeaders: false }
      : false,
    maskedErrors: { maskError },
    cors: corsFromAllowList(config.corsOrigins),
    batching: limits.maxBatch > 0 ? { limit: Number.MAX_SAFE_INTEGER } : false,
    plugins: [
      // The log and metrics come first so they see every request, refused ones included.
      useRequestLog(log),
      useMetrics(metrics, { serve: config.metrics }),
      useBodyLimit(limits, production),
      config.rateLimit.limit > 0
        ? useRateLimit(config.rateLimit, { graphqlEndpoint: GRAPHQL_ENDPOINT, trustProxy: config.trustProxy })
        : {},
      config.csrfPrevention
        ? useCsrfPrevention({ graphqlEndpoint: GRAPHQL_ENDPOINT, allowedOrigins: config.corsOrigins })
        : {},
      useDatabaseReadiness(db, draining),
      useRequestParsingErrors(),
      persisted ? usePersistedOperationsOnly(persisted) : {},
      limits.maxBatch > 0 ? useBatchLimit(limits, production) : {},
      useIntrospectionControl({ introspection: config.introspection, production }),
      useDocumentLimits(limits, production),
      useCostLimit(limits, production),
      // Extra plugins sit inside the timeout, so a test can slow an operation down and see it cut.
      ...plugins,
      useOperationTimeout(limits, production),
    ],
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
  // graphql's own refusal of a variable value (wrong type, unknown enum value): not a resolver
  // error (no path), and its message only restates the client's input.
  if (error instanceof GraphQLError && !error.path && original instanceof GraphQLError) {
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      extensions: { ...error.extensions, code: ErrorCode.BAD_USER_INPUT },
    });
  }
  return new GraphQLError(message, {
    nodes: error instanceof GraphQLError ? error.nodes : undefined,
    path: error instanceof GraphQLError ? error.path : undefined,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
