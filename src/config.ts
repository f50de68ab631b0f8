import { availableParallelism } from 'node:os';

/**
 * Every setting of the HTTP server, read from the environment in one place. Each entry names its
 * environment variable, default and meaning; README's settings table is checked against this list
 * by a test, so a setting cannot go undocumented.
 */
export interface ArchiveConfig {
  /** NODE_ENV=production: refused operations and errors reveal no internals. */
  production: boolean;
  limits: OperationLimits;
  /** Persisted operations allow-list file (JSON object: sha256 hex of the query -> query text). */
  persistedOperationsFile: string | null;
  graphiql: boolean;
  introspection: boolean;
  /** Every read needs an API key too (by default reads are public). */
  readsRequireKey: boolean;
  /** Browser origins allowed to call the API cross-origin; `*` allows any. */
  corsOrigins: string[];
  csrfPrevention: boolean;
  rateLimit: RateLimitSettings;
  /** Take the client address from the first X-Forwarded-For entry (behind a trusted proxy only). */
  trustProxy: boolean;
  requestLog: boolean;
  metrics: boolean;
  /** Worker processes for `serve`; each opens the same database file. */
  workers: number;
  /** How long shutdown waits for requests in flight before closing their connections. */
  shutdownGraceMs: number;
}

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
  /** Operations in one batched request; 0 turns batching off. */
  maxBatch: number;
  maxBodyBytes: number;
  operationTimeoutMs: number;
}

export interface RateLimitSettings {
  /** Requests allowed per client per window; 0 turns rate limiting off. */
  limit: number;
  windowSeconds: number;
}

type Parse<T> = (raw: string, name: string) => T;

interface Setting<T> {
  env: string;
  default: T;
  parse: Parse<T>;
  description: string;
}

const integer =
  (min: number): Parse<number> =>
  (raw, name) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`${name} must be an integer >= ${min}, got "${raw}".`);
    return value;
  };

const boolean: Parse<boolean> = (raw, name) => {
  const value = raw.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`${name} must be "true" or "false", not "${raw.trim()}".`);
};

const text: Parse<string | null> = (raw) => raw.trim() || null;

const list: Parse<string[]> = (raw) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const workerCount: Parse<number> = (raw, name) =>
  raw.trim() === 'auto' ? availableParallelism() : integer(1)(raw, name);

/** The settings table: environment variable, default, parser and meaning of every setting. */
export const SETTINGS = {
  maxDepth: {
    env: 'ARCHIVE_MAX_DEPTH',
    default: 10,
    parse: integer(1),
    description:
      'Deepest field nesting an operation may select (introspection excluded). graphql-armor uses 6; connections add two levels (`edges { node }`), hence 10.',
  },
  maxAliases: {
    env: 'ARCHIVE_MAX_ALIASES',
    default: 15,
    parse: integer(0),
    description: 'Aliases allowed in one operation, counted through fragments.',
  },
  maxTokens: {
    env: 'ARCHIVE_MAX_TOKENS',
    default: 1000,
    parse: integer(1),
    description: 'Lexical tokens allowed in a query document; parsing stops past it.',
  },
  maxDirectives: {
    env: 'ARCHIVE_MAX_DIRECTIVES',
    default: 50,
    parse: integer(0),
    description: 'Directives allowed in one operation, counted through fragments.',
  },
  maxCost: {
    env: 'ARCHIVE_MAX_COST',
    default: 50_000,
    parse: integer(1),
    description:
      "Estimated cost allowed per operation: the number of objects it can return (records, connections, page entries; scalars are free), page sizes from `first`/`last` (or the default page, 20) and 5 for lists without page arguments. A page of 100 documents with their people and topics two levels deep costs about 8,000, 100 people each with a page of 20 documents and their authors and topics about 24,000; 100 documents each with 100 of each author's documents 51,101, refused.",
  },
  maxBatch: {
    env: 'ARCHIVE_MAX_BATCH',
    default: 10,
    parse: integer(0),
    description: 'Operations allowed in one batched (JSON array) request; 0 turns batching off.',
  },
  maxBodyBytes: {
    env: 'ARCHIVE_MAX_BODY_BYTES',
    default: 4 * 1024 * 1024,
    parse: integer(1024),
    description:
      'Largest request body in bytes (4 MiB leaves room for a document body of 2,000,000 characters).',
  },
  operationTimeoutMs: {
    env: 'ARCHIVE_OPERATION_TIMEOUT_MS',
    default: 10_000,
    parse: integer(1),
    description: 'An operation still running after this many milliseconds is cut off.',
  },
  persistedOperationsFile: {
    env: 'ARCHIVE_PERSISTED_OPERATIONS',
    default: null,
    parse: text,
    description:
      'Path of a persisted operations file (JSON: sha256 hex of the query text -> query). When set, only operations in it run.',
  },
  graphiql: {
    env: 'ARCHIVE_GRAPHIQL',
    default: true,
    parse: boolean,
    description: 'Serve GraphiQL to browsers at /graphql.',
  },
  introspection: {
    env: 'ARCHIVE_INTROSPECTION',
    default: true,
    parse: boolean,
    description: 'Answer introspection queries (`__schema`, `__type`); GraphiQL needs it.',
  },
  readsRequireKey: {
    env: 'ARCHIVE_REQUIRE_KEY_FOR_READS',
    default: false,
    parse: boolean,
    description:
      'Every read needs an API key (any role) too; by default reads are public and writes need a key.',
  },
  corsOrigins: {
    env: 'ARCHIVE_CORS_ORIGINS',
    default: [] as string[],
    parse: list,
    description:
      'Comma-separated browser origins allowed cross-origin (e.g. `https://archive.example`); `*` allows any; empty allows none.',
  },
  csrfPrevention: {
    env: 'ARCHIVE_CSRF_PREVENTION',
    default: true,
    parse: boolean,
    description:
      'Refuse requests a browser on another site could send without a CORS preflight, unless they carry an `X-GraphQL-CSRF` header.',
  },
  rateLimit: {
    env: 'ARCHIVE_RATE_LIMIT',
    default: 600,
    parse: integer(0),
    description: 'Requests allowed per API key (bearer token) or client address per window; 0 turns it off.',
  },
  rateLimitWindowSeconds: {
    env: 'ARCHIVE_RATE_LIMIT_WINDOW_SECONDS',
    default: 60,
    parse: integer(1),
    description: 'Length of the rate limit window in seconds.',
  },
  trustProxy: {
    env: 'ARCHIVE_TRUST_PROXY',
    default: false,
    parse: boolean,
    description:
      'Take the client address from the first `X-Forwarded-For` entry; only behind a proxy that sets it.',
  },
  requestLog: {
    env: 'ARCHIVE_REQUEST_LOG',
    default: true,
    parse: boolean,
    description: 'Write one JSON line per request to stdout (request id, operation name, status, duration).',
  },
  metrics: {
    env: 'ARCHIVE_METRICS',
    default: true,
    parse: boolean,
    description: 'Serve Prometheus metrics at /metrics.',
  },
  workers: {
    env: 'ARCHIVE_WORKERS',
    default: 1,
    parse: workerCount,
    description: 'Server processes sharing the database file; `auto` starts one per core.',
  },
  shutdownGraceMs: {
    env: 'ARCHIVE_SHUTDOWN_GRACE_MS',
    default: 10_000,
    parse: integer(0),
    description:
      'On SIGTERM/SIGINT, how long requests in flight may finish before their connections are closed.',
  },
} satisfies Record<string, Setting<unknown>>;

type Settings = typeof SETTINGS;
type SettingValues = { [K in keyof Settings]: Settings[K]['default'] };

function readSettings(env: NodeJS.ProcessEnv): SettingValues {
  const values: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(SETTINGS) as [string, Setting<unknown>][]) {
    const raw = env[setting.env];
    values[key] = raw === undefined || raw.trim() === '' ? setting.default : setting.parse(raw, setting.env);
  }
  return values as SettingValues;
}

/** Reads every setting from the environment; a malformed value stops start-up with its name. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ArchiveConfig {
  const s = readSettings(env);
  return {
    production: env.NODE_ENV === 'production',
    limits: {
      maxDepth: s.maxDepth,
      maxAliases: s.maxAliases,
      maxTokens: s.maxTokens,
      maxDirectives: s.maxDirectives,
      maxCost: s.maxCost,
      maxBatch: s.maxBatch,
      maxBodyBytes: s.maxBodyBytes,
      operationTimeoutMs: s.operationTimeoutMs,
    },
    persistedOperationsFile: s.persistedOperationsFile,
    graphiql: s.graphiql,
    introspection: s.introspection,
    readsRequireKey: s.readsRequireKey,
    corsOrigins: s.corsOrigins,
    csrfPrevention: s.csrfPrevention,
    rateLimit: { limit: s.rateLimit, windowSeconds: s.rateLimitWindowSeconds },
    trustProxy: s.trustProxy,
    requestLog: s.requestLog,
    metrics: s.metrics,
    workers: s.workers,
    shutdownGraceMs: s.shutdownGraceMs,
  };
}

/** The defaults, as a server started with an empty environment gets them. */
export const defaultConfig: ArchiveConfig = configFromEnv({});
