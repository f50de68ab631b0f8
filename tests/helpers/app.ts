import { migrateDatabase, openDatabase } from '../../db/client.js';
import { seedDatabase } from '../../db/seed.js';
import { type ApiKeyRole, createApiKey, revokeApiKey } from '../../src/api-keys.js';
import { type ArchiveConfig, defaultConfig } from '../../src/config.js';
import { createArchiveYoga } from '../../src/yoga.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

const images = new Map<boolean, Buffer>();

/**
 * A migrated (and seeded) archive, built once per test process and copied for each app:
 * copying takes a millisecond, rebuilding it some tens.
 */
function archiveImage(seed: boolean): Buffer {
  let image = images.get(seed);
  if (!image) {
    const db = openDatabase({ file: ':memory:' });
    migrateDatabase(db);
    if (seed) seedDatabase(db);
    image = db.$client.serialize();
    db.$client.close();
    images.set(seed, image);
  }
  return image;
}

export interface RequestOptions {
  /** Sent as `Authorization: Bearer <key>`. */
  key?: string;
  headers?: Record<string, string>;
}

/** Who test fixtures attribute their own key management to. */
export const TEST_OPERATOR = { keyId: null, name: 'test setup' };

/**
 * A fresh in-memory archive behind the real yoga pipeline, with every SQL statement logged.
 * `seed: false` gives an empty, migrated database for tests that build their own data;
 * `readsRequireKey` turns on the setting that makes reads need a key; `config` overrides other
 * server settings (limits, switches) for the tests of those settings. Rate limiting is off
 * unless `config` sets it.
 */
export function createTestApp({
  seed = true,
  readsRequireKey = false,
  config = {},
}: {
  seed?: boolean;
  readsRequireKey?: boolean;
  config?: Partial<ArchiveConfig>;
} = {}) {
  const statements: string[] = [];
  let recording = false;
  const db = openDatabase({
    file: ':memory:',
    image: archiveImage(seed),
    logger: {
      logQuery: (query) => {
        if (recording) statements.push(query);
      },
    },
  });
  const yoga = createArchiveYoga({
    db,
    logging: false,
    log: null,
    // No rate limit unless a test sets one: suites send hundreds of requests from one "client".
    config: {
      ...defaultConfig,
      rateLimit: { ...defaultConfig.rateLimit, limit: 0 },
      readsRequireKey,
      ...config,
    },
  });

  async function request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options: RequestOptions = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await yoga.fetch('http://archive.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
    return { status: response.status, ...body };
  }

  return {
    db,
    yoga,
    request,
    /** Creates an API key with this role and returns its secret. */
    keyFor(role: ApiKeyRole, name = `${role.toLowerCase()} ${nextSerial()}`) {
      return createApiKey(db, { name, role }, TEST_OPERATOR).key;
    },
    /** Creates a key and revokes it at once; returns the dead secret. */
    revokedKey(role: ApiKeyRole = 'ADMIN') {
      const { key, row } = createApiKey(db, { name: `revoked ${nextSerial()}`, role }, TEST_OPERATOR);
      revokeApiKey(db, String(row.id), TEST_OPERATOR);
      return key;
    },
    /** Runs a query and returns its data, failing on any error. */
    async data<T = Record<string, unknown>>(
      query: string,
      variables?: Record<string, unknown>,
      options?: RequestOptions,
    ) {
      const result = await request<T>(query, variables, options);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as T;
    },
    /** Runs a query and returns the SQL statements it issued. */
    async sqlOf(query: string, variables?: Record<string, unknown>, options?: RequestOptions) {
      statements.length = 0;
      recording = true;
      try {
        const result = await request(query, variables, options);
        return { result, statements: [...statements] };
      } finally {
        recording = false;
      }
    },
  };
}

/** Key names must be unique among live keys; a counter keeps them unique and repeatable. */
let keySerial = 0;
function nextSerial() {
  keySerial += 1;
  return keySerial;
}

export type TestApp = ReturnType<typeof createTestApp>;
