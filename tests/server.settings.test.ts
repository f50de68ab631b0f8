import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { serve } from '../src/cli/serve.js';

describe('server settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'archive-settings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('when ARCHIVE_REQUIRE_KEY_FOR_READS is neither true nor false, then the server refuses to start before creating the database', async () => {
    vi.stubEnv('ARCHIVE_REQUIRE_KEY_FOR_READS', 'yes');
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const file = join(dir, 'never.sqlite');
    await expect(serve({ file, port: 0 })).rejects.toThrow(
      /ARCHIVE_REQUIRE_KEY_FOR_READS must be "true" or "false"/,
    );
    expect(existsSync(file)).toBe(false);
  });

  it('when PORT is not a port number, then the server refuses to start before creating the database', async () => {
    vi.stubEnv('PORT', 'abc');
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const file = join(dir, 'no-port.sqlite');
    await expect(serve({ file })).rejects.toThrow('PORT must be a port number from 0 to 65535, not "abc".');
    expect(existsSync(file)).toBe(false);
  });

  it('when GraphiQL is off, then the start line does not send people to it', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    const server = await serve({ file: ':memory:', port: 0, graphiql: false });
    await server.close();
    const started = lines.find((line) => line.startsWith('Archive API on'));
    expect(started).toMatch(/^Archive API on http:\/\/127\.0\.0\.1:\d+\/graphql, database :memory:$/);
  });

  it('when the port is taken, then serve fails with a message naming the address, not a stack trace', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const squatter = createServer();
    await new Promise<void>((listening) => squatter.listen(0, '127.0.0.1', listening));
    const port = (squatter.address() as { port: number }).port;
    try {
      await expect(serve({ file: ':memory:', port })).rejects.toThrow(
        `Cannot listen on 127.0.0.1:${port}: the port is already in use (another server there? set PORT).`,
      );
    } finally {
      squatter.close();
    }
  });
});
