import { describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../src/api-keys.js';
import { createTestApp } from './helpers/app.js';
import { exportText } from './helpers/bulk.js';

const url = (filter?: unknown) =>
  `http://archive.test/export.ndjson${filter === undefined ? '' : `?filter=${encodeURIComponent(typeof filter === 'string' ? filter : JSON.stringify(filter))}`}`;

describe('GET /export.ndjson', () => {
  const app = createTestApp();

  it('when no filter is given, then the whole archive streams as NDJSON in the import format', async () => {
    const response = await app.yoga.fetch(url());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const body = await response.text();
    expect(body).toBe(exportText(app.db));
    expect(body.split('\n').filter((l) => JSON.parse(l || '{}').type === 'document')).toHaveLength(10);
  });

  it('when a filter is given, then it selects the same documents as the GraphQL filter', async () => {
    const filter = { date: { from: '1950-10', to: '1950-10' }, docTypes: ['TELEGRAM', 'CABLE'] };
    const { documents } = await app.data<{ documents: { nodes: { slug: string }[] } }>(
      'query ($filter: DocumentFilter) { documents(first: 100, filter: $filter) { nodes { slug } } }',
      { filter },
    );
    const body = await (await app.yoga.fetch(url(filter))).text();
    const slugs = body
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((r) => r.type === 'document')
      .map((r) => r.slug);
    expect(documents.nodes.length).toBeGreaterThan(0);
    expect(slugs).toHaveLength(documents.nodes.length);
    expect(new Set(slugs)).toEqual(new Set(documents.nodes.map((n) => n.slug)));
  });

  it.each([
    ['not JSON', '{docTypes', /^filter is not valid JSON/],
    [
      'an unknown enum value',
      { docTypes: ['POSTCARD'] },
      /^filter\.docTypes\.0: Value "POSTCARD" does not exist/,
    ],
    ['an unknown field', { author: 'x' }, /^filter: Field "author" is not defined by type "DocumentFilter"/],
    [
      'an impossible date',
      { date: { from: '1950-02-30' } },
      /^Invalid date "1950-02-30" in filter\.date\.from/,
    ],
    ['a foreign ID', { topics: ['bm9wZQ=='] }, /^Invalid ID/],
  ])(
    'when the filter has %s, then the answer is 400 with a BAD_USER_INPUT error',
    async (_case, filter, message) => {
      const response = await app.yoga.fetch(url(filter));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]!.message).toMatch(message);
      expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    },
  );

  it('when posted to, then the answer is 405 naming GET', async () => {
    const response = await app.yoga.fetch(url(), { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('when the client stops reading after the first chunk, then the export stops without error', async () => {
    const response = await app.yoga.fetch(url());
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await reader.cancel();
  });
});

describe('GET /export.ndjson and API keys', () => {
  const locked = createTestApp({ readsRequireKey: true });
  const operator = { keyId: null, name: 'test' };
  const reader = createApiKey(locked.db, { name: 'reader', role: 'READER' }, operator).key;
  const revoked = createApiKey(locked.db, { name: 'gone', role: 'READER' }, operator);
  revokeApiKey(locked.db, String(revoked.row.id), operator);

  it.each([
    ['no key', undefined, /needs an API key/],
    ['a revoked key', `Bearer ${revoked.key}`, /revoked/],
    ['a malformed header', 'Basic abc', /not "Bearer <key>"/],
  ])(
    'when reads need a key and the request has %s, then the answer is 401 UNAUTHENTICATED, as GraphQL says',
    async (_case, authorization, message) => {
      const response = await locked.yoga.fetch(url(), { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]!.message).toMatch(message);
      expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    },
  );

  it('when reads need a key and a reader key is sent, then the export streams', async () => {
    const response = await locked.yoga.fetch(url(), { headers: { authorization: `Bearer ${reader}` } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(exportText(locked.db));
  });

  it('when reads are public but a revoked key is sent, then it is refused rather than ignored', async () => {
    const open = createTestApp();
    const key = createApiKey(open.db, { name: 'x', role: 'READER' }, operator);
    revokeApiKey(open.db, String(key.row.id), operator);
    expect((await open.yoga.fetch(url(), { headers: { authorization: `Bearer ${key.key}` } })).status).toBe(
      401,
    );
    expect((await open.yoga.fetch(url())).status).toBe(200);
  });
});
