import { getIntrospectionQuery, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config.js';
import { operationCost } from '../src/limits/cost-limit.js';
import { schema } from '../src/schema/index.js';
import { createTestApp } from './helpers/app.js';
import { errorCodes, postGraphQL, send } from './helpers/http.js';

const limits = defaultConfig.limits;

describe('operation limits', () => {
  const app = createTestApp();

  it('when an operation nests deeper than the depth limit, then it is refused naming the limit, and one within it runs', async () => {
    // documents > nodes > authors repeated: three levels per repetition, plus the leaf.
    const within =
      '{ documents(first: 1) { nodes { authors { documents(first: 1) { nodes { authors { documents(first: 1) { nodes { title } } } } } } } } }';
    const tooDeep =
      '{ documents(first: 1) { nodes { authors { documents(first: 1) { nodes { authors { documents(first: 1) { nodes { authors { documents(first: 1) { totalCount } } } } } } } } } } }';
    const ok = await postGraphQL(app.yoga, { query: within });
    expect(ok.status).toBe(200);
    expect(ok.json?.errors).toBeUndefined();
    const refused = await postGraphQL(app.yoga, { query: tooDeep });
    expect(refused.status).toBe(400);
    expect(refused.json?.data).toBeUndefined();
    expect(refused.json?.errors?.[0]).toMatchObject({
      message: expect.stringContaining('query depth (11) exceeds the limit of 10'),
      extensions: { code: 'DEPTH_LIMIT_EXCEEDED', limit: 'maxDepth', max: 10 },
    });
  });

  it("when GraphiQL's introspection query is sent, then its deep type nesting is not held against the depth limit", async () => {
    const result = await postGraphQL(app.yoga, {
      query: getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
      }),
    });
    expect(result.status).toBe(200);
    const data = result.json?.data as { __schema: { types: unknown[] } } | undefined;
    expect(data?.__schema.types.length).toBeGreaterThan(20);
  });

  it('when an operation uses more aliases than allowed, counted through fragments, then it is refused', async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ');
    const fifteen = await postGraphQL(app.yoga, { query: `{ ${aliases(15)} }` });
    expect(fifteen.json?.errors).toBeUndefined();
    expect(Object.keys(fifteen.json?.data as object)).toHaveLength(15);
    // 8 aliases in a fragment spread twice: 16.
    const viaFragments = await postGraphQL(app.yoga, {
      query: `{ ...F x: documents { ...G } } fragment F on Query { ${aliases(8)} } fragment G on DocumentConnection { ${aliases(8)} }`,
    });
    expect(errorCodes(viaFragments)).toEqual(['ALIAS_LIMIT_EXCEEDED']);
    expect(viaFragments.json?.errors?.[0]?.message).toContain(
      'number of aliases (17) exceeds the limit of 15',
    );
  });

  it('when fragments spread each other in a doubling chain (a fragment bomb), then it is refused quickly by the alias limit', async () => {
    const fragments = ['fragment F0 on Query { a: __typename }'];
    for (let i = 1; i <= 40; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
    const result = await postGraphQL(app.yoga, { query: `{ ...F40 } ${fragments.join(' ')}` });
    expect(result.status).toBe(400);
    // 2^40 aliases, measured without walking them.
    expect(errorCodes(result)).toContain('ALIAS_LIMIT_EXCEEDED');
  });

  it('when a document has more tokens than the token limit, then parsing stops with a token limit error', async () => {
    const many = `{ ${'__typename '.repeat(limits.maxTokens)} }`;
    const result = await postGraphQL(app.yoga, { query: many });
    expect(result.status).toBe(400);
    expect(result.json?.errors?.[0]).toMatchObject({
      message: expect.stringContaining('number of tokens exceeds the limit of 1000'),
      extensions: { code: 'TOKEN_LIMIT_EXCEEDED', limit: 'maxTokens', max: 1000 },
    });
  });

  it('when an operation carries more directives than allowed, then it is refused', async () => {
    const directives = (n: number) => '... on Query @include(if: true) { __typename } '.repeat(n);
    const ok = await postGraphQL(app.yoga, { query: `{ ${directives(50)} }` });
    expect(ok.json).toEqual({ data: { __typename: 'Query' } });
    const refused = await postGraphQL(app.yoga, { query: `{ ${directives(51)} }` });
    expect(errorCodes(refused)).toEqual(['DIRECTIVE_LIMIT_EXCEEDED']);
  });

  it('when the cost is estimated, then it counts the objects the operation can return, page sizes multiplying', () => {
    const cost = (query: string, variables?: Record<string, unknown>) =>
      operationCost(schema, parse(query), undefined, variables);
    // The connection (1) + 10 documents x (1 + 5 authors each); scalars are free.
    expect(cost('{ documents(first: 10) { nodes { title authors { name } } } }')).toBe(1 + 10 * (1 + 5));
    // The default page (20) when no first/last is given; __typename and introspection are free.
    expect(cost('{ __typename documents { totalCount nodes { __typename title } } }')).toBe(1 + 20);
    expect(cost('{ documents(first: 50) { edges { cursor node { title } } } }')).toBe(1 + 50 * 2);
    // Only a count: the page size does not matter.
    expect(cost('{ documents(first: 100) { totalCount } }')).toBe(1);
    // Variables and their defaults count.
    const paged = 'query ($n: Int = 3) { documents(first: $n) { nodes { title } } }';
    expect(cost(paged)).toBe(1 + 3);
    expect(cost(paged, { n: 50 })).toBe(1 + 50);
    // nodes(ids:) counts its IDs; out-of-range page sizes count as the cap (the guard refuses them).
    expect(cost('{ nodes(ids: ["a", "b", "c"]) { id } }')).toBe(3);
    expect(cost('{ documents(first: 100000) { nodes { id } } }')).toBe(1 + 100);
    // Fragments are costed where they are spread.
    expect(cost('{ documents(first: 7) { ...P } } fragment P on DocumentConnection { nodes { id } }')).toBe(
      8,
    );
  });

  it('when an operation would cost more than the limit, then it is refused before any SQL runs, with the same query at a small page size allowed', async () => {
    const query = /* GraphQL */ `
      query Expensive($n: Int!) {
        documents(first: $n) { nodes { title authors { name documents(first: $n) { nodes { title } } } } }
      }
    `;
    const { result, statements } = await app.sqlOf(query, { n: 100 });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]).toMatchObject({
      message: expect.stringContaining('estimated cost (51101) exceeds the limit of 50000'),
      extensions: { code: 'COST_LIMIT_EXCEEDED', limit: 'maxCost', max: 50000 },
    });
    expect(statements).toEqual([]);
    const small = await app.request(query, { n: 2 });
    expect(small.errors).toBeUndefined();
  });

  it('when a batch holds more operations than allowed, then it is refused with 413, and a batch within the limit runs each', async () => {
    const op = { query: '{ documents { totalCount } }' };
    const ok = await postGraphQL(
      app.yoga,
      Array.from({ length: limits.maxBatch }, () => op),
    );
    expect(ok.json).toEqual(
      Array.from({ length: limits.maxBatch }, () => ({ data: { documents: { totalCount: 10 } } })),
    );
    const refused = await postGraphQL(
      app.yoga,
      Array.from({ length: limits.maxBatch + 1 }, () => op),
    );
    expect(refused.status).toBe(413);
    expect(errorCodes(refused)).toEqual(['BATCH_LIMIT_EXCEEDED']);
  });

  it('when batching is turned off (ARCHIVE_MAX_BATCH=0), then a batch is refused', async () => {
    const noBatch = createTestApp({ config: { limits: { ...limits, maxBatch: 0 } } });
    const refused = await postGraphQL(noBatch.yoga, [{ query: '{ documents { totalCount } }' }]);
    expect(refused.status).toBe(400);
    expect(refused.json?.errors?.[0]?.message).toBe('Batching is not supported.');
  });

  it('when a body is larger than the limit, declared or streamed, then it is refused with 413 before parsing', async () => {
    const small = createTestApp({ config: { limits: { ...limits, maxBodyBytes: 2048 } } });
    const big = JSON.stringify({ query: `{ documents { totalCount } } # ${'x'.repeat(3000)}` });
    const declared = await postGraphQL(small.yoga, big);
    expect(declared.status).toBe(413);
    expect(errorCodes(declared)).toEqual(['BODY_TOO_LARGE']);

    const chunks = [big.slice(0, 1500), big.slice(1500)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const streamed = await send(small.yoga, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(errorCodes(streamed)).toEqual(['BODY_TOO_LARGE']);

    const fits = await postGraphQL(small.yoga, { query: '{ documents { totalCount } }' });
    expect(fits.json).toEqual({ data: { documents: { totalCount: 10 } } });
  });

  it('when an operation runs past the timeout, then it is cut off with OPERATION_TIMEOUT and execution is signalled to stop', async () => {
    let signalSeen: AbortSignal | undefined;
    const slow: Plugin = {
      onExecute({ executeFn, setExecuteFn }) {
        setExecuteFn(async (args) => {
          signalSeen = (args as { signal?: AbortSignal }).signal;
          await new Promise((done) => setTimeout(done, 3000));
          return executeFn(args);
        });
      },
    };
    const timed = createTestApp({ config: { limits: { ...limits, operationTimeoutMs: 50 } } });
    const yoga = (await import('../src/yoga.js')).createArchiveYoga({
      db: timed.db,
      log: null,
      config: { ...defaultConfig, limits: { ...limits, operationTimeoutMs: 50 } },
      plugins: [slow],
    });
    const result = await postGraphQL(yoga, { query: '{ documents { totalCount } }' });
    expect(result.status).toBe(503);
    expect(result.json?.errors?.[0]).toMatchObject({
      message: expect.stringContaining('running time in milliseconds exceeds the limit of 50'),
      extensions: { code: 'OPERATION_TIMEOUT', limit: 'operationTimeoutMs', max: 50 },
    });
    expect(signalSeen?.aborted).toBe(true);
  });
});

describe('operation limits in production', () => {
  const app = createTestApp({ config: { production: true } });

  it('when an operation is refused in production, then the error names the limit but not the measured figure or the setting', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ');
    const refused = await postGraphQL(app.yoga, { query: `{ ${aliases} }` });
    expect(refused.json?.errors).toEqual([
      {
        message: 'Operation refused: the number of aliases exceeds the limit of 15.',
        locations: [{ line: 1, column: 1 }],
        extensions: { code: 'ALIAS_LIMIT_EXCEEDED', limit: 'maxAliases', max: 15 },
      },
    ]);
  });

  it('when a field name is misspelt in production, then the error gives no "Did you mean" hints about the schema', async () => {
    const result = await postGraphQL(app.yoga, { query: '{ documentz { totalCount } }' });
    expect(result.json?.errors?.[0]?.message).toBe('Cannot query field "documentz" on type "Query".');
    const dev = await postGraphQL(createTestApp().yoga, { query: '{ documentz { totalCount } }' });
    expect(dev.json?.errors?.[0]?.message).toContain('Did you mean');
  });
});
