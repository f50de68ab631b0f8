import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/index.js';

const root = resolve(import.meta.dirname, '..');

/** Runs the CLI in process and captures what it prints. */
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  const status = await main(argv);
  vi.restoreAllMocks();
  return { status, out: out.join('\n'), err: err.join('\n') };
}

describe('archive command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'archive-cli-'));
  const db = join(dir, 'archive.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  it('when asked for help, then it lists every command; a command explains its options; mistakes exit 2 with the usage', async () => {
    const overview = await run('--help');
    expect(overview.status).toBe(0);
    for (const command of ['serve', 'migrate', 'seed', 'import', 'export', 'generate', 'bench', 'keys'])
      expect(overview.out).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    const help = await run('import', '--help');
    expect(help).toMatchObject({ status: 0 });
    expect(help.out).toContain('--continue-on-error');
    expect(await run('frobnicate')).toMatchObject({ status: 2 });
    const keys = await run('keys', 'help');
    expect(keys.status).toBe(0);
    expect(keys.out).toContain('create --role');
    const unknown = await run('export', '--colour');
    expect(unknown.status).toBe(2);
    expect(unknown.err).toMatch(/Unknown option '--colour'[\s\S]*Usage: archive export/);
    expect((await run('export', '--filter', '{"docTypes":["POSTCARD"]}', '--db', db)).err).toMatch(
      /--filter\.docTypes\.0: Value "POSTCARD"/,
    );
  });

  it('when a corpus is generated, imported twice and exported, then the summaries give counts and rates and the export re-imports unchanged', async () => {
    const corpus = join(dir, 'corpus.jsonl');
    expect((await run('generate', '--documents', '200', '--seed', '3', '--out', corpus)).status).toBe(0);
    const first = await run('import', corpus, '--db', db, '--quiet');
    expect(first.status).toBe(0);
    expect(first.out).toMatch(
      /^Imported [\d,]+ records into .* in [\d.]+ s \([\d,]+ records\/s\): [\d,]+ inserted, 0 updated, 0 unchanged, 0 rejected/,
    );
    const file = new Database(db);
    expect(file.pragma('journal_mode', { simple: true })).toBe('wal'); // back to WAL after the bulk load
    file.close();
    const again = await run('import', corpus, '--db', db, '--quiet');
    expect(again.out).toMatch(/: 0 inserted, 0 updated, [\d,]+ unchanged, 0 rejected/);
    const exported = join(dir, 'export.jsonl');
    expect((await run('export', '--db', db, '--out', exported, '--quiet')).status).toBe(0);
    expect(
      readFileSync(exported, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"type":"document"')),
    ).toHaveLength(200);
    expect((await run('import', exported, '--db', db, '--quiet')).out).toMatch(/ 0 inserted, 0 updated/);
  });

  it('when an import file has bad records, then the command lists them by line, writes nothing and exits 1; with --continue-on-error it writes the rejects file', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(
      bad,
      '{"type":"topic","key":"fresh-topic","name":"Fresh"}\n{"type":"document","slug":"x","title":"","docType":"NOTE"}\n',
    );
    const refused = await run('import', bad, '--db', db, '--quiet');
    expect(refused.status).toBe(1);
    expect(refused.err).toContain('line 2: title: Too small');
    expect(refused.err).toContain('nothing was written');
    const rejects = join(dir, 'rejects.jsonl');
    const partial = await run(
      'import',
      bad,
      '--db',
      db,
      '--quiet',
      '--continue-on-error',
      '--rejects',
      rejects,
    );
    expect(partial.status).toBe(0);
    expect(partial.out).toMatch(/1 inserted, 0 updated, 0 unchanged, 1 rejected/);
    expect(JSON.parse(readFileSync(rejects, 'utf8'))).toMatchObject({ line: 2 });
  });

  it('when run through the package bin, then the TypeScript CLI starts without a build step', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['src/cli/archive.mjs', 'generate', '--help'],
      {
        cwd: root,
      },
    );
    expect(stdout).toContain('Same seed, same bytes');
  });
});
