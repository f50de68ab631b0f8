import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { authenticate } from '../src/api-keys.js';
import { main } from '../src/cli/index.js';
import { runKeysCommand } from '../src/cli/keys.js';

function setUp() {
  const db = openDatabase({ file: ':memory:' });
  migrateDatabase(db);
  const run = (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runKeysCommand(argv, { db, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const keyIn = (text: string) => /(arch_[A-Za-z0-9_-]{43})/.exec(text)?.[1] as string;
  return { db, run, keyIn };
}

describe('npm run keys', () => {
  it('when a key is created, then it is printed once, stored only as a hash, and authenticates with its role', () => {
    const { db, run, keyIn } = setUp();
    const created = run('create', '--role', 'editor', '--name', 'Jane Archivist');
    expect(created.code).toBe(0);
    const key = keyIn(created.out);
    expect(created.out).toContain('Created key 1 for "Jane Archivist" with the EDITOR role.');
    expect(created.out).toContain(`Authorization: Bearer ${key}`);
    const dump = JSON.stringify(db.$client.prepare('select * from api_keys').all());
    expect(dump).not.toContain(key);
    expect(dump).toContain(key.slice(0, 12));
    expect(authenticate(db, `Bearer ${key}`)).toEqual({
      kind: 'key',
      keyId: 1,
      name: 'Jane Archivist',
      role: 'EDITOR',
    });
    const listed = run('list');
    expect(listed.out).not.toContain(key);
    expect(listed.out).toMatch(/^ID\s+PREFIX\s+ROLE\s+NAME/);
    expect(listed.out).toContain(`${key.slice(0, 12)}…  EDITOR  Jane Archivist`);
  });

  it('when a key is revoked by prefix or id, then it no longer authenticates and a second revoke is refused', () => {
    const { db, run, keyIn } = setUp();
    const first = keyIn(run('create', '--role', 'admin', '--name', 'A').out);
    const second = keyIn(run('create', '--role', 'reader', '--name', 'B').out);
    expect(run('revoke', first.slice(0, 12))).toMatchObject({
      code: 0,
      out: expect.stringContaining('Revoked key 1'),
    });
    expect(run('revoke', '2').code).toBe(0);
    for (const key of [first, second])
      expect(authenticate(db, `Bearer ${key}`)).toEqual({ kind: 'anonymous', credential: 'revoked' });
    expect(run('revoke', '2')).toMatchObject({ code: 1, err: expect.stringContaining('already revoked') });
    expect(run('revoke', 'arch_nothere')).toMatchObject({
      code: 1,
      err: expect.stringContaining('no key has the id or prefix'),
    });
    const audit = db.$client
      .prepare('select key_id, key_name, entity, action from audit_log order by id')
      .all();
    expect(audit).toEqual([
      {
        key_id: null,
        key_name: expect.stringMatching(/^command line \(/),
        entity: 'ApiKey',
        action: 'CREATE',
      },
      {
        key_id: null,
        key_name: expect.stringMatching(/^command line \(/),
        entity: 'ApiKey',
        action: 'CREATE',
      },
      {
        key_id: null,
        key_name: expect.stringMatching(/^command line \(/),
        entity: 'ApiKey',
        action: 'REVOKE',
      },
      {
        key_id: null,
        key_name: expect.stringMatching(/^command line \(/),
        entity: 'ApiKey',
        action: 'REVOKE',
      },
    ]);
    expect(run('list', '--json').out).toContain('"revokedAt": "');
  });

  it('when the arguments are wrong, then it says what is wrong and exits non-zero without creating anything', () => {
    const { db, run } = setUp();
    expect(run('create', '--role', 'owner', '--name', '')).toEqual({
      code: 1,
      out: '',
      err: '--name: a key needs a name\n--role must be one of reader, editor, admin',
    });
    expect(run('create', '--name', 'X', '--colour', 'red')).toMatchObject({
      code: 2,
      err: expect.stringContaining("Unknown option '--colour'"),
    });
    expect(run('rotate')).toMatchObject({
      code: 2,
      err: expect.stringContaining('Unknown command "rotate"'),
    });
    expect(run()).toMatchObject({ code: 2, out: expect.stringContaining('Usage: npm run keys') });
    expect(run('create', '--role', 'editor', '--name', 'Same').code).toBe(0);
    expect(run('create', '--role', 'editor', '--name', 'Same')).toMatchObject({
      code: 1,
      err: '--name: a live key is already named "Same"',
    });
    expect(db.$client.prepare('select count(*) from api_keys').pluck().get()).toBe(1);
  });
});

describe('archive keys', () => {
  it('when run through the archive command on a database file, then the key it prints authenticates against that file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'archive-keys-'));
    const file = join(dir, 'archive.sqlite');
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    try {
      expect(await main(['keys', 'create', '--role', 'editor', '--name', 'Jane', '--db', file])).toBe(0);
      expect(await main(['keys', 'list', '--db', file])).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
    const key = /(arch_[A-Za-z0-9_-]{43})/.exec(out.join('\n'))?.[1];
    expect(out.join('\n')).toMatch(/EDITOR {2}Jane/);
    const db = openDatabase({ file });
    expect(authenticate(db, `Bearer ${key}`)).toMatchObject({ kind: 'key', name: 'Jane', role: 'EDITOR' });
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('authenticate', () => {
  it('when the header is missing, malformed, unknown or almost right, then the caller is anonymous with the reason', () => {
    const { db, run, keyIn } = setUp();
    const key = keyIn(run('create', '--role', 'editor', '--name', 'Jane').out);
    const nearMiss = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(
      [
        undefined,
        '',
        'Basic abc',
        `Bearer ${key} extra`,
        'Bearer short',
        `Bearer ${nearMiss}`,
        `bearer   ${key}`,
      ].map((header) => authenticate(db, header)),
    ).toEqual([
      { kind: 'anonymous', credential: 'none' },
      { kind: 'anonymous', credential: 'none' },
      { kind: 'anonymous', credential: 'malformed' },
      { kind: 'anonymous', credential: 'malformed' },
      { kind: 'anonymous', credential: 'malformed' },
      { kind: 'anonymous', credential: 'unknown' },
      { kind: 'key', keyId: 1, name: 'Jane', role: 'EDITOR' },
    ]);
  });

  it('when a key is used, then lastUsedAt is recorded, but refreshed at most once a minute', () => {
    const { db, run, keyIn } = setUp();
    const key = keyIn(run('create', '--role', 'reader', '--name', 'R').out);
    const lastUsed = () => db.$client.prepare('select last_used_at from api_keys').pluck().get();
    authenticate(db, `Bearer ${key}`, new Date('2026-01-01T10:00:00.000Z'));
    expect(lastUsed()).toBe('2026-01-01T10:00:00.000Z');
    authenticate(db, `Bearer ${key}`, new Date('2026-01-01T10:00:59.000Z'));
    expect(lastUsed()).toBe('2026-01-01T10:00:00.000Z');
    authenticate(db, `Bearer ${key}`, new Date('2026-01-01T10:01:00.000Z'));
    expect(lastUsed()).toBe('2026-01-01T10:01:00.000Z');
  });
});
