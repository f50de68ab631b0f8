import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import type { ArchiveDatabase } from '../db/client.js';
import { apiKeys } from '../db/schema.js';
import { type Actor, recordAudit } from './audit.js';

/** What a key may do; each role includes the ones before it. */
export const API_KEY_ROLES = ['READER', 'EDITOR', 'ADMIN'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

const KEY_PREFIX = 'arch_';
/** Characters of the key shown in listings (`arch_` and 7 more): enough to tell keys apart. */
const DISPLAY_PREFIX_LENGTH = 12;
const KEY_PATTERN = /^arch_[A-Za-z0-9_-]{43}$/;

/** Who is calling, decided once per request from the `Authorization` header. */
export type Caller =
  | { kind: 'key'; keyId: number; name: string; role: ApiKeyRole }
  | { kind: 'anonymous'; credential: 'none' | 'malformed' | 'unknown' | 'revoked' };

export const ANONYMOUS: Caller = { kind: 'anonymous', credential: 'none' };

export function roleAtLeast(caller: Caller, role: ApiKeyRole): boolean {
  return caller.kind === 'key' && API_KEY_ROLES.indexOf(caller.role) >= API_KEY_ROLES.indexOf(role);
}

function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * Resolves an `Authorization` header to a caller. The key is looked up by its SHA-256 hash and
 * the stored hash compared in constant time, so neither the lookup nor the comparison reveals
 * how much of a guessed key was right. `lastUsedAt` is refreshed at most once a minute, so a
 * busy client does not turn every read into a write.
 */
export function authenticate(
  db: ArchiveDatabase,
  header: string | null | undefined,
  now = new Date(),
): Caller {
  if (header == null || header.trim() === '') return ANONYMOUS;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (!match || !KEY_PATTERN.test(match[1] as string)) return { kind: 'anonymous', credential: 'malformed' };
  const presented = hashKey(match[1] as string);
  const row = db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, presented.toString('hex')))
    .get();
  if (!row || !timingSafeEqual(Buffer.from(row.keyHash, 'hex'), presented))
    return { kind: 'anonymous', credential: 'unknown' };
  if (row.revokedAt) return { kind: 'anonymous', credential: 'revoked' };
  if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) >= 60_000) {
    try {
      db.update(apiKeys).set({ lastUsedAt: now.toISOString() }).where(eq(apiKeys.id, row.id)).run();
    } catch {
      // Bookkeeping only: a busy or read-only database must not turn away a valid key.
    }
  }
  return { kind: 'key', keyId: row.id, name: row.name, role: row.role as ApiKeyRole };
}

export const apiKeyInput = z.strictObject({
  name: z.string().trim().min(1, 'a key needs a name').max(100),
  role: z.enum(API_KEY_ROLES),
});

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/**
 * Creates a key and returns its secret, which exists nowhere else afterwards: only its hash
 * is stored. Throws a ZodError on a bad name or role, or when a live key has the name.
 */
export function createApiKey(
  db: ArchiveDatabase,
  input: { name: string; role: string },
  actor: Actor,
): { key: string; row: ApiKeyRow } {
  const { name, role } = apiKeyInput.parse(input);
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = db.transaction(
    (tx) => {
      const taken = tx
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(and(eq(apiKeys.name, name), isNull(apiKeys.revokedAt)))
        .get();
      if (taken)
        throw new z.ZodError([
          { code: 'custom', path: ['name'], message: `a live key is already named "${name}"`, input: name },
        ]);
      const created = tx
        .insert(apiKeys)
        .values({
          name,
          role,
          keyHash: hashKey(key).toString('hex'),
          prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
        })
        .returning()
        .get();
      recordAudit(tx, actor, {
        entity: 'ApiKey',
        entityId: created.id,
        action: 'CREATE',
        changes: { name: { old: null, new: name }, role: { old: null, new: role } },
      });
      return created;
    },
    { behavior: 'immediate' },
  );
  return { key, row };
}

/** Every key, newest first; secrets are not stored, so none is shown. */
export function listApiKeys(db: ArchiveDatabase): ApiKeyRow[] {
  return db.select().from(apiKeys).orderBy(desc(apiKeys.id)).all();
}

/**
 * Revokes the key with this numeric id or display prefix. Returns the revoked row, or a reason
 * when no single live key matches.
 */
export function revokeApiKey(
  db: ArchiveDatabase,
  idOrPrefix: string,
  actor: Actor,
): { row: ApiKeyRow } | { problem: string } {
  return db.transaction(
    (tx) => {
      const id = /^[1-9][0-9]{0,15}$/.test(idOrPrefix) ? Number(idOrPrefix) : -1;
      const matches = tx
        .select()
        .from(apiKeys)
        .where(or(eq(apiKeys.id, id), eq(apiKeys.prefix, idOrPrefix)))
        .all();
      if (matches.length === 0) return { problem: `no key has the id or prefix "${idOrPrefix}"` };
      if (matches.length > 1) return { problem: `several keys match "${idOrPrefix}"; give the numeric id` };
      const key = matches[0] as ApiKeyRow;
      if (key.revokedAt)
        return { problem: `key ${key.id} ("${key.name}") was already revoked at ${key.revokedAt}` };
      const revokedAt = new Date().toISOString();
      const row = tx.update(apiKeys).set({ revokedAt }).where(eq(apiKeys.id, key.id)).returning().get();
      recordAudit(tx, actor, {
        entity: 'ApiKey',
        entityId: key.id,
        action: 'REVOKE',
        changes: { revokedAt: { old: null, new: revokedAt } },
      });
      return { row };
    },
    { behavior: 'immediate' },
  );
}
