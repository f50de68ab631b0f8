import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** Starts `src/server.ts` as `npm start` does, on a free port, and waits for its URL. */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolveUrl, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(output);
      if (match) resolveUrl(match[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000).unref();
  });
  return { child, url, output: () => output };
}

function exited(child: ChildProcess) {
  return new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
}

describe('server script', () => {
  const dir = mkdtempSync(join(tmpdir(), 'archive-server-'));
  const file = join(dir, 'nested', 'archive.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when started on a missing database file, then it creates, migrates and seeds it, serves /health and GraphQL, and stops cleanly on SIGTERM', async () => {
    const server = startServer({ ARCHIVE_DB: file });
    const base = await server.url;

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);

    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ documents(first: 1) { totalCount nodes { dateText } } }' }),
    });
    expect(await response.json()).toEqual({
      data: { documents: { totalCount: 10, nodes: [{ dateText: 'May 15, 1949' }] } },
    });

    const graphiql = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toContain('query Listing');

    const exit = exited(server.child);
    server.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(server.output()).toMatch(/Seeded .*10 documents/);

    const db = new Database(file, { readonly: true });
    expect(db.prepare('select count(*) as n from documents').get()).toEqual({ n: 10 });
    db.close();
  });

  it('when started again on the same file, then it keeps the data and does not seed twice', async () => {
    const server = startServer({ ARCHIVE_DB: file });
    const base = await server.url;
    const response = await fetch(
      `${base}/graphql?query=${encodeURIComponent('{ documents { totalCount } }')}`,
    );
    expect(await response.json()).toEqual({ data: { documents: { totalCount: 10 } } });
    const exit = exited(server.child);
    server.child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(server.output()).not.toMatch(/Seeded/);
  });
});
