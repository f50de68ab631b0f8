import { userInfo } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type ArchiveDatabase, migrateDatabase, openDatabase } from '../../db/client.js';
import { API_KEY_ROLES, type ApiKeyRow, createApiKey, listApiKeys, revokeApiKey } from '../api-keys.js';
import { databaseFileFromEnv } from '../app-database.js';
import type { Actor } from '../audit.js';

export interface KeysCommandIo {
  /** The database to work on; by default the one `ARCHIVE_DB` names (opened, migrated, closed). */
  db?: ArchiveDatabase;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

const USAGE = `Usage: npm run keys -- <command> [--db FILE]   (or: archive keys <command>)

  create --role <reader|editor|admin> --name "<holder>"   create a key and print it (once)
  list [--json]                                           list keys (no secrets: only hashes are stored)
  revoke <id|prefix>                                      revoke a key; it authenticates nothing afterwards

  --db FILE   database file (default: $ARCHIVE_DB or db/archive.sqlite)

Key changes made here are audited under "command line (<user>)".`;

/** Who the audit log credits with key changes made at the command line. */
function operator(): Actor {
  let user = process.env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {}
  return { keyId: null, name: `command line (${user})` };
}

/**
 * `keys create|list|revoke`: manages API keys. Returns the process exit code (0 done, 1 refused,
 * 2 usage error), so the unified `archive` CLI can dispatch to it.
 */
export function runKeysCommand(argv: readonly string[], io: KeysCommandIo = {}): number {
  const out = io.out ?? ((line: string) => console.log(line));
  const err = io.err ?? ((line: string) => console.error(line));
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (command === undefined || command === 'help' || parsed.values.help) {
    out(USAGE);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  if (!['create', 'list', 'revoke'].includes(command)) {
    err(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const db = io.db ?? openDatabase({ file: parsed.values.db ?? databaseFileFromEnv() });
  try {
    if (!io.db) migrateDatabase(db);
    if (command === 'create') return create(db, parsed.values, out, err);
    if (command === 'list') return list(db, parsed.values.json === true, out);
    if (rest.length !== 1) {
      err(`revoke takes one key id or prefix.\n\n${USAGE}`);
      return 2;
    }
    const result = revokeApiKey(db, rest[0] as string, operator());
    if ('problem' in result) {
      err(`Not revoked: ${result.problem}.`);
      return 1;
    }
    out(`Revoked key ${result.row.id} (${result.row.prefix}…, "${result.row.name}", ${result.row.role}).`);
    return 0;
  } finally {
    if (!io.db) db.$client.close();
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean' },
      db: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function create(
  db: ArchiveDatabase,
  values: { role?: string; name?: string },
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  try {
    const { key, row } = createApiKey(
      db,
      { name: values.name ?? '', role: (values.role ?? '').toUpperCase() },
      operator(),
    );
    out(`Created key ${row.id} for "${row.name}" with the ${row.role} role.`);
    out('');
    out(`  ${key}`);
    out('');
    out('Store it now: it is shown only this once (the archive keeps only its hash).');
    out(`Send it as:  Authorization: Bearer ${key}`);
    return 0;
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    for (const issue of error.issues) {
      const field = String(issue.path[0] ?? 'input');
      err(
        field === 'role'
          ? `--role must be one of ${API_KEY_ROLES.map((r) => r.toLowerCase()).join(', ')}`
          : `--${field}: ${issue.message}`,
      );
    }
    return 1;
  }
}

function list(db: ArchiveDatabase, json: boolean, out: (line: string) => void): number {
  const rows = listApiKeys(db);
  if (json) {
    out(
      JSON.stringify(
        rows.map(({ keyHash: _hash, ...row }) => row),
        null,
        2,
      ),
    );
    return 0;
  }
  if (rows.length === 0) {
    out('No API keys yet. Create one with: npm run keys -- create --role editor --name "..."');
    return 0;
  }
  const table = [
    ['ID', 'PREFIX', 'ROLE', 'NAME', 'CREATED', 'LAST USED', 'STATUS'],
    ...rows.map((r: ApiKeyRow) => [
      String(r.id),
      `${r.prefix}…`,
      r.role,
      r.name,
      r.createdAt.slice(0, 16).replace('T', ' '),
      r.lastUsedAt ? r.lastUsedAt.slice(0, 16).replace('T', ' ') : '-',
      r.revokedAt ? `revoked ${r.revokedAt.slice(0, 10)}` : 'live',
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table)
    out(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = runKeysCommand(process.argv.slice(2));
