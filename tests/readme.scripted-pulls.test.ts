import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/api-keys.js';
import { createTestApp } from './helpers/app.js';

const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');

/** The code block that follows `<!-- scripted-pull:<name> -->` in README.md. */
function example(name: string): string {
  const match = new RegExp(`<!-- scripted-pull:${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\``).exec(
    readme,
  );
  if (!match) throw new Error(`README has no ${name} example`);
  return match[1]!;
}

const available = (command: string) =>
  promisify(execFile)(command, ['--version']).then(
    () => true,
    () => false,
  );

describe('README scripted pulls', () => {
  // Reads need a key here, so the examples are checked with ARCHIVE_KEY too.
  const app = createTestApp({ readsRequireKey: true });
  const key = createApiKey(app.db, { name: 'puller', role: 'READER' }, { keyId: null, name: 'test' }).key;
  const server = createServer(app.yoga);
  const dir = mkdtempSync(join(tmpdir(), 'archive-pulls-'));
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  const filter = { docTypes: ['TELEGRAM'], date: { from: '1950' } };

  async function expected() {
    const open = createTestApp();
    const { documents } = await open.data<{ documents: { nodes: { slug: string }[] } }>(
      'query ($filter: DocumentFilter) { documents(first: 100, filter: $filter) { nodes { slug } } }',
      { filter },
    );
    return documents.nodes.map((n) => n.slug);
  }

  it.each([
    ['node', 'pull.mjs', process.execPath],
    ['python', 'pull.py', 'python3'],
    ['curl', 'pull.sh', 'sh'],
  ])(
    'when the %s example walks a filtered set two documents a page, then it prints every matching document once, in order',
    async (name, file, interpreter) => {
      if (!(await available(interpreter === 'sh' ? 'jq' : interpreter))) return; // tool not installed here
      const script = join(dir, file);
      writeFileSync(script, example(name));
      const { stdout } = await promisify(execFile)(interpreter, [script], {
        env: {
          ...process.env,
          ARCHIVE_URL: url,
          ARCHIVE_KEY: key,
          FILTER: JSON.stringify(filter),
          PAGE_SIZE: '2',
        },
      });
      const slugs = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).slug);
      const want = await expected();
      expect(want.length).toBeGreaterThan(4); // several pages
      expect(slugs).toEqual(want);
    },
  );

  it('when the curl NDJSON example runs, then it gets the filtered export', async () => {
    const response = await fetch(
      `${url}/export.ndjson?filter=${encodeURIComponent(JSON.stringify(filter))}`,
      {
        headers: { authorization: `Bearer ${key}` },
      },
    );
    const documents = (await response.text())
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((r) => r.type === 'document');
    expect(documents.map((d) => d.slug).sort()).toEqual((await expected()).sort());
  });
});
