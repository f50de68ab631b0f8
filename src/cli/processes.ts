import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root: child processes run from here with tsx. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Child {
  process: ChildProcess;
  /** Lines it printed on stdout, so far. */
  lines: string[];
  /** Lines it printed on stderr (a process that fails says why there). */
  errors: string[];
  /** Resolves with the first line from now on that passes `test` (null if it exits first). */
  waitFor: (test: (line: string) => boolean) => Promise<string | null>;
  exited: Promise<void>;
}

/** Starts a TypeScript entry point (path from the root) in its own Node process. */
export function startChild(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const errors: string[] = [];
  const waiters: { test: (line: string) => boolean; done: (l: string | null) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of [...waiters])
      if (w.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(line);
      }
  });
  createInterface({ input: child.stderr! }).on('line', (line) => errors.push(line));
  const exited = new Promise<void>((done) =>
    child.on('exit', () => {
      for (const w of waiters.splice(0)) w.done(null);
      done();
    }),
  );
  return {
    process: child,
    lines,
    errors,
    exited,
    waitFor: (test) => new Promise((done) => waiters.push({ test, done })),
  };
}

/**
 * Starts the real server (`src/server.ts`, as `npm start` does) on `file`, on a free loopback
 * port, and resolves once it listens, with its base URL.
 */
export async function startServerProcess(file: string, env: NodeJS.ProcessEnv = {}) {
  const child = startChild('src/server.ts', [], {
    ARCHIVE_DB: file,
    HOST: '127.0.0.1',
    PORT: '0',
    ARCHIVE_RATE_LIMIT: '0',
    ARCHIVE_REQUEST_LOG: 'false',
    ...env,
  });
  const started = /^Archive API on (http:\/\/127\.0\.0\.1:\d+)\/graphql/;
  const line = await child.waitFor((l) => started.test(l));
  if (!line) throw new Error(`server did not start: ${[...child.lines, ...child.errors].join('\n')}`);
  const url = started.exec(line)![1] as string;
  return { ...child, url };
}

/** Posts a GraphQL operation; resolves with the HTTP status and parsed body. */
export async function postGraphQL(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  key?: string,
): Promise<{
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: unknown[] };
  text: string;
}> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { data?: Record<string, unknown> | null; errors?: unknown[] } = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [text] };
  }
  return { status: response.status, body, text };
}
