import { migrateDatabase, openDatabase } from '../../db/client.js';
import { seedDatabase } from '../../db/seed.js';
import { type ArchiveConfig, defaultConfig } from '../../src/config.js';
import { createArchiveYoga } from '../../src/yoga.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * A fresh in-memory archive behind the real yoga pipeline, with every SQL statement logged.
 * `seed: false` gives an empty, migrated database for tests that build their own data; `config`
 * overrides server settings (limits, switches) for the tests of those settings.
 */
export function createTestApp({
  seed = true,
  config = {},
}: {
  seed?: boolean;
  config?: Partial<ArchiveConfig>;
} = {}) {
  const statements: string[] = [];
  let recording = false;
  const db = openDatabase({
    file: ':memory:',
    logger: {
      logQuery: (query) => {
        if (recording) statements.push(query);
      },
    },
  });
  migrateDatabase(db);
  if (seed) seedDatabase(db);
  const yoga = createArchiveYoga({ db, logging: false, log: null, config: { ...defaultConfig, ...config } });

  async function request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>> {
    const response = await yoga.fetch('http://archive.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
    return { status: response.status, ...body };
  }

  return {
    db,
    yoga,
    request,
    /** Runs a query and returns its data, failing on any error. */
    async data<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) {
      const result = await request<T>(query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as T;
    },
    /** Runs a query and returns the SQL statements it issued. */
    async sqlOf(query: string, variables?: Record<string, unknown>) {
      statements.length = 0;
      recording = true;
      try {
        const result = await request(query, variables);
        return { result, statements: [...statements] };
      } finally {
        recording = false;
      }
    },
  };
}

export type TestApp = ReturnType<typeof createTestApp>;
