import { describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { M } from './helpers/mutations.js';
import { idOf } from './helpers/records.js';

const AUDIT = `query($entity: AuditEntity, $entityId: ID, $keyName: String, $keyId: Int, $action: AuditAction, $since: String, $until: String, $first: Int, $after: String) {
  auditLog(entity: $entity, entityId: $entityId, keyName: $keyName, keyId: $keyId, action: $action, since: $since, until: $until, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { sequence at keyName keyId entity entityId action changes { field oldValue newValue } }
  }
}`;

interface AuditPage {
  auditLog: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string };
    nodes: {
      sequence: number;
      at: string;
      keyName: string;
      keyId: number | null;
      entity: string;
      entityId: string;
      action: string;
      changes: { field: string; oldValue: string | null; newValue: string | null }[];
    }[];
  };
}

/** An archive where two editors each made a write, and an admin who reads the log. */
async function setUp() {
  const app = createTestApp();
  const admin = app.keyFor('ADMIN', 'Chief Archivist');
  const alice = app.keyFor('EDITOR', 'Alice');
  const bob = app.keyFor('EDITOR', 'Bob');
  const topic = idOf(app, 'Topic', 'aviation');
  await app.data(
    M.updateTopic,
    { input: { id: topic, expectedVersion: 1, description: 'Aircraft and air defence.' } },
    { key: alice },
  );
  await app.data(M.createPerson, { input: { name: 'Lin Biao' } }, { key: bob });
  const read = (variables: Record<string, unknown> = {}) =>
    app.data<AuditPage>(AUDIT, variables, { key: admin });
  return { app, admin, alice, bob, topic, read };
}

describe('auditLog', () => {
  it('when an admin reads the log, then each write is there newest first with who, when, what and the old and new values', async () => {
    const { topic, read } = await setUp();
    const page = await read({ entity: 'TOPIC' });
    expect(page.auditLog.totalCount).toBe(1);
    expect(page.auditLog.nodes).toEqual([
      {
        sequence: expect.any(Number),
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        keyName: 'Alice',
        keyId: expect.any(Number),
        entity: 'TOPIC',
        entityId: topic,
        action: 'UPDATE',
        changes: [
          {
            field: 'description',
            oldValue: expect.stringMatching(/^"Air force matters/),
            newValue: '"Aircraft and air defence."',
          },
        ],
      },
    ]);
    const all = await read({ entity: null });
    const sequences = all.auditLog.nodes.map((n) => n.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => b - a));
    expect(all.auditLog.nodes.slice(0, 2).map((n) => [n.keyName, n.entity, n.action])).toEqual([
      ['Bob', 'PERSON', 'CREATE'],
      ['Alice', 'TOPIC', 'UPDATE'],
    ]);
  });

  it('when filtered by key name, key id, record or action, then only the matching entries come back', async () => {
    const { app, topic, read } = await setUp();
    expect((await read({ keyName: 'Bob' })).auditLog.nodes.map((n) => n.action)).toEqual(['CREATE']);
    const bobId = app.db.$client.prepare(`select id from api_keys where name = 'Bob'`).pluck().get();
    expect((await read({ keyId: bobId })).auditLog.nodes.map((n) => n.entity)).toEqual(['PERSON']);
    expect((await read({ entityId: topic })).auditLog.nodes.map((n) => n.keyName)).toEqual(['Alice']);
    expect((await read({ action: 'CREATE', entity: 'API_KEY' })).auditLog.totalCount).toBe(3);
    expect((await read({ keyName: 'Nobody' })).auditLog).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it('when filtered by time, then since and until bound the entries inclusively', async () => {
    const { app, read } = await setUp();
    // Spread the entries over known instants: the clock is not part of the test.
    app.db.$client.exec(`update audit_log set at = '2026-01-0' || id || 'T12:00:00.000Z'`);
    const total = (await read()).auditLog.totalCount;
    expect((await read({ since: '2026-01-02T12:00:00Z' })).auditLog.totalCount).toBe(total - 1);
    expect((await read({ until: '2026-01-02' })).auditLog.totalCount).toBe(2);
    expect((await read({ until: '2026-01-02T00:00:00Z' })).auditLog.totalCount).toBe(1);
    expect(
      (await read({ since: '2026-01-02', until: '2026-01-03T12:00:00+00:00' })).auditLog.nodes.map(
        (n) => n.at,
      ),
    ).toEqual(['2026-01-03T12:00:00.000Z', '2026-01-02T12:00:00.000Z']);
  });

  it('when the filter is bad, then every bad argument is named at once', async () => {
    const { app, admin } = await setUp();
    const result = await app.request(
      AUDIT,
      { since: 'yesterday', until: '2026-13-01', entityId: 'nope' },
      { key: admin },
    );
    expect(result.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'entityId', message: 'not an ID of this API' },
        { path: 'since', message: expect.stringContaining('ISO 8601') },
        { path: 'until', message: expect.stringContaining('ISO 8601') },
      ],
    });
  });

  it('when paged, then cursors walk the whole log without repeats', async () => {
    const { read } = await setUp();
    const seen: number[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await read({ first: 2, after });
      seen.push(...page.auditLog.nodes.map((n) => n.sequence));
      if (!page.auditLog.pageInfo.hasNextPage) break;
      after = page.auditLog.pageInfo.endCursor;
    }
    expect(seen).toEqual([...new Set(seen)].sort((a, b) => b - a));
    expect(seen).toHaveLength((await read()).auditLog.totalCount);
  });

  it('when a forged cursor is sent, then BAD_USER_INPUT names the argument', async () => {
    const { app, admin } = await setUp();
    const forged = await app.request(
      AUDIT,
      { after: Buffer.from('DC:N:x').toString('base64') },
      { key: admin },
    );
    expect(forged.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it('when a failed write is attempted, then it leaves no audit entry', async () => {
    const { app, alice, topic, read } = await setUp();
    const before = (await read()).auditLog.totalCount;
    const stale = await app.request(
      M.updateTopic,
      { input: { id: topic, expectedVersion: 1, name: 'x' } },
      { key: alice },
    );
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await read()).auditLog.totalCount).toBe(before);
  });
});

describe('API keys through GraphQL', () => {
  it('when an admin creates a key, then its secret is shown once, it works at once, and revoking it stops it', async () => {
    const { app, admin } = await setUp();
    const created = await app.data<{
      createApiKey: { secret: string; apiKey: { keyId: number; name: string; role: string; prefix: string } };
    }>(M.createApiKey, { input: { name: 'Visiting scholar', role: 'EDITOR' } }, { key: admin });
    const { secret, apiKey } = created.createApiKey;
    expect(secret).toMatch(/^arch_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    const stored = app.db.$client.prepare('select * from api_keys where id = ?').get(apiKey.keyId) as Record<
      string,
      unknown
    >;
    expect(Object.values(stored)).not.toContain(secret);
    const write = () => app.request(M.createTopic, { input: { name: 'By the scholar' } }, { key: secret });
    expect((await write()).errors).toBeUndefined();
    const listed = await app.data<{ apiKeys: { name: string; lastUsedAt: string | null }[] }>(
      `{ apiKeys { name lastUsedAt } }`,
      {},
      { key: admin },
    );
    expect(listed.apiKeys.find((k) => k.name === 'Visiting scholar')?.lastUsedAt).toEqual(expect.any(String));
    const duplicate = await app.request(
      M.createApiKey,
      { input: { name: 'Visiting scholar', role: 'READER' } },
      { key: admin },
    );
    expect(duplicate.errors?.[0]?.extensions?.fields).toEqual([
      { path: 'input.name', message: 'a live key is already named "Visiting scholar"' },
    ]);
    const revoked = await app.data(M.revokeApiKey, { input: { key: apiKey.prefix } }, { key: admin });
    expect(revoked).toMatchObject({
      revokeApiKey: { apiKey: { keyId: apiKey.keyId, revokedAt: expect.any(String) } },
    });
    expect((await write()).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const again = await app.request(M.revokeApiKey, { input: { key: String(apiKey.keyId) } }, { key: admin });
    expect(again.errors?.[0]?.extensions?.fields).toEqual([
      { path: 'input.key', message: expect.stringContaining('was already revoked') },
    ]);
  });
});
