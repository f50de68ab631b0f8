import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config.js';
import { loadPersistedOperations, operationHash } from '../src/http/persisted-operations.js';
import { RateLimiter } from '../src/http/rate-limit.js';
import { createTestApp } from './helpers/app.js';
import { errorCodes, postGraphQL, send } from './helpers/http.js';

const dir = mkdtempSync(join(tmpdir(), 'archive-modes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LISTING = 'query Count { documents { totalCount } }';

describe('persisted operations', () => {
  const file = join(dir, 'persisted.json');
  writeFileSync(file, JSON.stringify({ [operationHash(LISTING)]: LISTING }));
  const app = createTestApp({ config: { persistedOperationsFile: file } });
  const byHash = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

  it('when a client sends the hash of an allowed operation, then it runs', async () => {
    const result = await postGraphQL(app.yoga, byHash(operationHash(LISTING)));
    expect(result.json).toEqual({ data: { documents: { totalCount: 10 } } });
    const viaGet = await send(
      app.yoga,
      `/graphql?extensions=${encodeURIComponent(JSON.stringify(byHash(operationHash(LISTING)).extensions))}`,
    );
    expect(viaGet.json).toEqual({ data: { documents: { totalCount: 10 } } });
  });

  it('when a client sends query text, or a hash not in the list, then it is refused with a code', async () => {
    const text = await postGraphQL(app.yoga, { query: LISTING });
    expect(text.status).toBe(400);
    expect(errorCodes(text)).toEqual(['PERSISTED_OPERATION_REQUIRED']);
    const unknown = await postGraphQL(app.yoga, byHash('0'.repeat(64)));
    expect(unknown.status).toBe(400);
    expect(errorCodes(unknown)).toEqual(['PERSISTED_OPERATION_NOT_FOUND']);
  });

  it('when the allow-list file has a hash that is not its query, then the server refuses to start', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ['a'.repeat(64)]: LISTING }));
    expect(() => loadPersistedOperations(bad)).toThrow(/is not the sha256 of its query/);
    writeFileSync(bad, '[1, 2]');
    expect(() => loadPersistedOperations(bad)).toThrow(/must be a JSON object/);
  });
});

describe('GraphiQL and introspection switches', () => {
  it('when GraphiQL is on (the default), then a browser gets it; when off, a browser gets no HTML page', async () => {
    const on = await send(createTestApp().yoga, '/graphql', { headers: { accept: 'text/html' } });
    expect(on.status).toBe(200);
    expect(on.text).toContain('query Listing');
    const off = await send(createTestApp({ config: { graphiql: false } }).yoga, '/graphql', {
      headers: { accept: 'text/html' },
    });
    expect(off.text).not.toContain('<html');
    expect(off.status).toBeGreaterThanOrEqual(400);
  });

  it('when introspection is off, then __schema and __type are refused with a code but __typename still works', async () => {
    const app = createTestApp({ config: { introspection: false } });
    const schema = await postGraphQL(app.yoga, { query: '{ __schema { types { name } } }' });
    expect(errorCodes(schema)).toEqual(['INTROSPECTION_DISABLED']);
    const type = await postGraphQL(app.yoga, { query: '{ __type(name: "Document") { name } }' });
    expect(errorCodes(type)).toEqual(['INTROSPECTION_DISABLED']);
    const typename = await postGraphQL(app.yoga, { query: '{ __typename }' });
    expect(typename.json).toEqual({ data: { __typename: 'Query' } });
    const open = await postGraphQL(createTestApp().yoga, { query: '{ __type(name: "Document") { name } }' });
    expect(open.json).toEqual({ data: { __type: { name: 'Document' } } });
  });
});

describe('CORS allow-list', () => {
  const app = createTestApp({ config: { corsOrigins: ['https://front.example'] } });

  it('when an allowed origin preflights, then it gets the CORS headers including the exposed rate limit headers', async () => {
    const preflight = await send(app.yoga, '/graphql', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://front.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://front.example');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
    const post = await postGraphQL(
      app.yoga,
      { query: '{ __typename }' },
      { origin: 'https://front.example' },
    );
    expect(post.headers.get('access-control-allow-origin')).toBe('https://front.example');
    expect(post.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining');
  });

  it('when another origin asks, then no CORS header allows it, so the browser withholds the answer', async () => {
    const post = await postGraphQL(app.yoga, { query: '{ __typename }' }, { origin: 'https://evil.example' });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    const closed = await postGraphQL(
      createTestApp().yoga,
      { query: '{ __typename }' },
      { origin: 'https://front.example' },
    );
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CSRF prevention', () => {
  const app = createTestApp({ config: { corsOrigins: ['https://front.example'] } });
  const query = encodeURIComponent('{ __typename }');

  it('when a page on another site makes a browser send a form post or a GET with a query, then it is refused with 403', async () => {
    const form = await send(app.yoga, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: `query=${query}`,
    });
    expect(form.status).toBe(403);
    expect(errorCodes(form)).toEqual(['CSRF_REFUSED']);
    const text = await send(app.yoga, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(text.status).toBe(403);
    const image = await send(app.yoga, `/graphql?query=${query}`, {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(image.status).toBe(403);
  });

  it('when the request is JSON, carries X-GraphQL-CSRF, comes from an allowed origin or from no browser, then it runs', async () => {
    const json = await postGraphQL(app.yoga, { query: '{ __typename }' }, { origin: 'https://evil.example' });
    expect(json.json).toEqual({ data: { __typename: 'Query' } });
    const withHeader = await send(app.yoga, `/graphql?query=${query}`, {
      headers: { 'sec-fetch-site': 'cross-site', 'x-graphql-csrf': '1' },
    });
    expect(withHeader.json).toEqual({ data: { __typename: 'Query' } });
    const allowed = await send(app.yoga, `/graphql?query=${query}`, {
      headers: { origin: 'https://front.example' },
    });
    expect(allowed.json).toEqual({ data: { __typename: 'Query' } });
    const sameOrigin = await send(app.yoga, `/graphql?query=${query}`, {
      headers: { origin: 'http://archive.test', 'sec-fetch-site': 'same-origin' },
    });
    expect(sameOrigin.json).toEqual({ data: { __typename: 'Query' } });
    const curl = await send(app.yoga, `/graphql?query=${query}`);
    expect(curl.json).toEqual({ data: { __typename: 'Query' } });
    const link = await send(app.yoga, '/graphql', {
      headers: { accept: 'text/html', 'sec-fetch-site': 'cross-site' },
    });
    expect(link.status).toBe(200);
  });

  it('when CSRF prevention is turned off, then a cross-site form post is let through to GraphQL', async () => {
    const open = createTestApp({ config: { csrfPrevention: false } });
    const form = await send(open.yoga, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: `query=${query}`,
    });
    expect(form.json).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('rate limiting', () => {
  const config = { rateLimit: { limit: 3, windowSeconds: 60 } };

  it('when a client stays within its allowance, then every answer says the limit, what remains and when it resets', async () => {
    const app = createTestApp({ config });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await postGraphQL(app.yoga, { query: '{ __typename }' }));
    expect(answers.map((a) => a.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0']);
    expect(answers[0]?.headers.get('ratelimit-limit')).toBe('3');
    expect(answers[0]?.headers.get('ratelimit-policy')).toBe('3;w=60');
    expect(Number(answers[0]?.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
  });

  it('when a client goes over, then it gets 429 with Retry-After, while other API keys keep their own allowance', async () => {
    const app = createTestApp({ config });
    const asKey = (key: string) =>
      postGraphQL(app.yoga, { query: '{ __typename }' }, { authorization: `Bearer ${key}` });
    for (let i = 0; i < 3; i++) expect((await asKey('alpha')).status).toBe(200);
    const over = await asKey('alpha');
    expect(over.status).toBe(429);
    expect(errorCodes(over)).toEqual(['RATE_LIMITED']);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('ratelimit-remaining')).toBe('0');
    expect((await asKey('beta')).status).toBe(200);
    // Without a key the client address counts: a separate allowance again.
    expect((await postGraphQL(app.yoga, { query: '{ __typename }' })).status).toBe(200);
  });

  it('when behind a trusted proxy, then each forwarded client address has its own allowance; otherwise X-Forwarded-For is ignored', async () => {
    const asClient = (app: ReturnType<typeof createTestApp>, address: string) =>
      postGraphQL(app.yoga, { query: '{ __typename }' }, { 'x-forwarded-for': `${address}, 10.0.0.1` });
    const proxied = createTestApp({ config: { ...config, trustProxy: true } });
    for (let i = 0; i < 3; i++) expect((await asClient(proxied, '203.0.113.7')).status).toBe(200);
    expect((await asClient(proxied, '203.0.113.7')).status).toBe(429);
    expect((await asClient(proxied, '198.51.100.2')).status).toBe(200);
    const direct = createTestApp({ config });
    for (let i = 0; i < 3; i++) expect((await asClient(direct, `203.0.113.${i}`)).status).toBe(200);
    expect((await asClient(direct, '198.51.100.2')).status).toBe(429);
  });

  it('when the window has passed, then the allowance is back, and idle clients are forgotten', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 2, windowSeconds: 10 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')].map((t) => t.allowed)).toEqual([
      true,
      true,
      false,
    ]);
    now = 9_999;
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('a').headers['RateLimit-Reset']).toBe('1');
    now = 10_000;
    expect(limiter.take('a')).toMatchObject({ allowed: true, headers: { 'RateLimit-Remaining': '1' } });
  });

  it('when rate limiting is off (ARCHIVE_RATE_LIMIT=0), then no RateLimit headers are sent', async () => {
    const app = createTestApp({ config: { rateLimit: { ...defaultConfig.rateLimit, limit: 0 } } });
    const answer = await postGraphQL(app.yoga, { query: '{ __typename }' });
    expect(answer.headers.get('ratelimit-limit')).toBeNull();
  });
});
