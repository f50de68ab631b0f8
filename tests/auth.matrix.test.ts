import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { M, type MutationName, mutationCases } from './helpers/mutations.js';
import { auditRows, idOf } from './helpers/records.js';
import { databaseSnapshot } from './helpers/snapshot.js';

type Caller = 'no key' | 'unknown key' | 'malformed header' | 'revoked key' | 'READER' | 'EDITOR' | 'ADMIN';
const CALLERS: Caller[] = [
  'no key',
  'unknown key',
  'malformed header',
  'revoked key',
  'READER',
  'EDITOR',
  'ADMIN',
];

/** A key of this archive's shape that was never issued. */
const UNKNOWN_KEY = `arch_${'A'.repeat(43)}`;

function headersFor(app: TestApp, caller: Caller): Record<string, string> {
  switch (caller) {
    case 'no key':
      return {};
    case 'unknown key':
      return { authorization: `Bearer ${UNKNOWN_KEY}` };
    case 'malformed header':
      return { authorization: 'Basic dXNlcjpwYXNz' };
    case 'revoked key':
      return { authorization: `Bearer ${app.revokedKey('ADMIN')}` };
    default:
      return { authorization: `Bearer ${app.keyFor(caller)}` };
  }
}

function expectedOutcome(caller: Caller, needed: 'EDITOR' | 'ADMIN') {
  if (caller === 'READER') return 'FORBIDDEN';
  if (caller === 'EDITOR') return needed === 'EDITOR' ? 'ok' : 'FORBIDDEN';
  if (caller === 'ADMIN') return 'ok';
  return 'UNAUTHENTICATED';
}

describe('authorization matrix: every mutation for every kind of caller', () => {
  for (const name of Object.keys(mutationCases) as MutationName[]) {
    const { role, input } = mutationCases[name];
    // Refused calls change nothing, so they share one archive; each success gets a fresh one.
    let refusedApp: TestApp | undefined;
    for (const caller of CALLERS) {
      const outcome = expectedOutcome(caller, role);
      it(`when ${name} is called with ${caller}, then ${outcome === 'ok' ? 'it succeeds and is audited under the key' : `${outcome} and nothing changes`}`, async () => {
        if (outcome !== 'ok' && !refusedApp) refusedApp = createTestApp();
        const app = outcome === 'ok' ? createTestApp() : (refusedApp as TestApp);
        const headers = headersFor(app, caller);
        const variables = { input: input(app) };
        const before = databaseSnapshot(app.db);
        const auditBefore = auditRows(app).length;
        const result = await app.request<Record<string, unknown>>(M[name], variables, { headers });
        if (outcome === 'ok') {
          expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
          expect(result.data?.[name]).toBeTruthy();
          const written = auditRows(app).slice(auditBefore);
          expect(written.length).toBeGreaterThan(0);
          expect(new Set(written.map((e) => e.keyName))).toEqual(
            new Set([expect.stringMatching(/^(editor|admin) \d+$/)]),
          );
        } else {
          expect(result.data).toBeNull();
          expect(result.errors?.map((e) => e.extensions?.code)).toEqual([outcome]);
          if (outcome === 'FORBIDDEN') expect(result.errors?.[0]?.extensions?.requiredRole).toBe(role);
          expect(databaseSnapshot(app.db)).toEqual(before);
        }
      });
    }
  }
});

describe('authorization of reads', () => {
  const QUERY = `{ documents(first: 1) { totalCount } }`;
  const ADMIN_QUERIES = {
    auditLog: `{ auditLog(first: 5) { totalCount } }`,
    apiKeys: `{ apiKeys { name } }`,
  };

  it('when reads are public (the default), then anyone reads without a key, and a reader key reads too', async () => {
    const app = createTestApp();
    expect((await app.request(QUERY)).data).toEqual({ documents: { totalCount: 10 } });
    expect((await app.request(QUERY, {}, { key: app.keyFor('READER') })).data).toEqual({
      documents: { totalCount: 10 },
    });
  });

  it('when a key is sent that is unknown or revoked, then even a public read is UNAUTHENTICATED', async () => {
    const app = createTestApp();
    for (const headers of [
      headersFor(app, 'unknown key'),
      headersFor(app, 'revoked key'),
      headersFor(app, 'malformed header'),
    ]) {
      const result = await app.request(QUERY, {}, { headers });
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('when the archive requires a key for reads, then no key is UNAUTHENTICATED and any live key reads', async () => {
    const app = createTestApp({ readsRequireKey: true });
    const anonymous = await app.request(QUERY);
    expect(anonymous.data).toBeNull();
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const id = idOf(app, 'Document', '1950-09-21-telegram-vasilevsky-to-stalin');
    for (const root of [
      'node(id: $id) { id }',
      'nodes(ids: [$id]) { id }',
      'document(id: $id) { title }',
      'persons(first: 1) { totalCount }',
      'topics(first: 1) { totalCount }',
    ]) {
      const result = await app.request(root.includes('$id') ? `query($id: ID!) { ${root} }` : `{ ${root} }`, {
        id,
      });
      expect(
        result.errors?.map((e) => e.extensions?.code),
        root,
      ).toEqual(['UNAUTHENTICATED']);
    }
    for (const role of ['READER', 'EDITOR', 'ADMIN'] as const)
      expect((await app.request(QUERY, {}, { key: app.keyFor(role) })).data).toEqual({
        documents: { totalCount: 10 },
      });
  });

  for (const [field, query] of Object.entries(ADMIN_QUERIES))
    it(`when ${field} is read, then only an admin key may: others get UNAUTHENTICATED or FORBIDDEN`, async () => {
      const app = createTestApp();
      const codes: Record<string, unknown> = {};
      for (const caller of CALLERS) {
        const result = await app.request<Record<string, unknown>>(
          query,
          {},
          { headers: headersFor(app, caller) },
        );
        codes[caller] = result.errors ? result.errors.map((e) => e.extensions?.code).join() : 'ok';
      }
      expect(codes).toEqual({
        'no key': 'UNAUTHENTICATED',
        'unknown key': 'UNAUTHENTICATED',
        'malformed header': 'UNAUTHENTICATED',
        'revoked key': 'UNAUTHENTICATED',
        READER: 'FORBIDDEN',
        EDITOR: 'FORBIDDEN',
        ADMIN: 'ok',
      });
    });

  it('when ARCHIVE_REQUIRE_KEY_FOR_READS is set, then it is read as a true/false setting and anything else is refused', () => {
    const readsRequireKey = (value?: string) =>
      configFromEnv(value === undefined ? {} : { ARCHIVE_REQUIRE_KEY_FOR_READS: value }).readsRequireKey;
    expect(readsRequireKey()).toBe(false);
    expect(readsRequireKey('false')).toBe(false);
    expect(readsRequireKey(' TRUE ')).toBe(true);
    expect(() => readsRequireKey('maybe')).toThrow(
      'ARCHIVE_REQUIRE_KEY_FOR_READS must be "true" or "false", not "maybe".',
    );
  });

  it('when a write is refused for the role, then the error names the role held and the role needed', async () => {
    const app = createTestApp();
    const result = await app.request(
      M.createTopic,
      { input: { name: 'X' } },
      { key: app.keyFor('READER', 'Reading Room') },
    );
    expect(result.errors?.[0]).toMatchObject({
      message: 'The key "Reading Room" has the READER role; Mutation.createTopic needs the EDITOR role.',
      extensions: { code: 'FORBIDDEN', role: 'READER', requiredRole: 'EDITOR' },
    });
  });
});
