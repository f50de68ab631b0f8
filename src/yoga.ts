import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerOptions } from 'graphql-yoga';
import type { ArchiveDatabase } from '../db/client.js';
import { authenticate } from './api-keys.js';
import { type ArchiveConfig, defaultConfig } from './config.js';
import type { ArchiveContext } from './context.js';
import { ErrorCode } from './errors.js';
import { corsFromAllowList } from './http/cors.js';
import { useCsrfPrevention } from './http/csrf.js';
import { EXPORT_PATH, useDocumentExport } from './http/export-route.js';
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

/**
 * What GraphiQL opens on: the archive's listing page in one query. The first ten hits of a
 * search with their snippets, "1 - 10 of N", and the sidebar's facets.
 */
export const LISTING_QUERY = /* GraphQL */ `# The archive's listing page: search hits, their count and the sidebar facets.
# Try other searches: "Fyn-Si", Shtyk*, "Chinese troops" -Stalin, pilots OR aviation
query Listing($query: String = "Stalin", $filter: DocumentFilter, $after: String) {
  search(query: $query, filter: $filter, first: 10, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      score
      node {
        id
        title
        dateText
        docType
        authors { name }
        recipients { name }
      }
      snippets { field segments { text highlighted } }
    }
    facets {
      topics(limit: 10) { topic { id name } count }
      people(limit: 10) { person { id name } role count }
      years { label from to mode count }
      months { label from to mode count }
      docTypes { docType count }
      languages { language count }
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
  /** Overrides `config.readsRequireKey`: require an API key (any role) for reads too. */
  readsRequireKey?: boolean;
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
  readsRequireKey = config.readsRequireKey,
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
    // The caller is decided here, once per request; fields declare which role they need.
    context: ({ request }): ArchiveContext => ({
      db,
      caller: authenticate(db, request.headers.get('authorization')),
      readsRequireKey,
    }),
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
        ? useRateLimit(config.rateLimit, {
            paths: [GRAPHQL_ENDPOINT, EXPORT_PATH],
            trustProxy: config.trustProxy,
          })
        : {},
      config.csrfPrevention
        ? useCsrfPrevention({ graphqlEndpoint: GRAPHQL_ENDPOINT, allowedOrigins: config.corsOrigins })
        : {},
      useDatabaseReadiness(db, draining),
      useDocumentExport({ db, readsRequireKey }),
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
  const variableError = error instanceof GraphQLError ? variableInputError(error) : undefined;
  if (variableError) return variableError;
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

/**
 * GraphQL's own refusal of a variable (a missing required field, an unknown enum value, a
 * string where a number belongs) in the shape of every other input problem: BAD_USER_INPUT with
 * `extensions.fields` giving the path ("input.title") and the reason.
 */
function variableInputError(error: GraphQLError): GraphQLError | undefined {
  if (error.path) return undefined;
  const match = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)" got invalid value .*?(?: at "([^"]+)")?; (.*)$/s.exec(
    error.message,
  );
  if (!match) return undefined;
  const [, variable, at, reason] = match as unknown as [string, string, string | undefined, string];
  const field =
    /^Field "([^"]+)" (?:of required type .* was not provided|is not defined by type .*)\.$/s.exec(reason);
  const path = [(at ?? variable).replace(/\[(\d+)\]/g, '.$1'), ...(field ? [field[1]] : [])].join('.');
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    extensions: { code: ErrorCode.BAD_USER_INPUT, fields: [{ path, message: reason }] },
  });
}
