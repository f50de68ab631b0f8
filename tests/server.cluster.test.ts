import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

describe('serve with one process per core', () => {
  const dir = mkdtempSync(join(tmpdir(), 'archive-cluster-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when started with ARCHIVE_WORKERS=2, then the primary prepares the database once, two workers answer on one port, and SIGTERM stops them all', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: { ...process.env, ARCHIVE_DB: join(dir, 'a.sqlite'), PORT: '0', ARCHIVE_WORKERS: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const url = await new Promise<string>((ready, failed) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        const url = /^Archive API on (http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(line)?.[1];
        if (url) ready(url);
      });
      child.on('exit', (code) => failed(new Error(`server exited with ${code}`)));
    });
    expect(lines.filter((l) => l.startsWith('Seeded'))).toHaveLength(1);
    expect(lines.at(-1)).toContain(', 2 workers, database');

    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(`${url}/graphql?query=${encodeURIComponent('{ documents { totalCount } }')}`).then((r) =>
          r.json(),
        ),
      ),
    );
    for (const answer of answers) expect(answer).toEqual({ data: { documents: { totalCount: 10 } } });
    expect((await fetch(`${url}/ready`)).status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines).toContain('SIGTERM: stopping 2 workers');
  });
});
