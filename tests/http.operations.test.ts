import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.js';
import { defaultConfig } from '../src/config.js';
import { jsonYogaLogger, type LogRecord } from '../src/http/request-log.js';
import { startServer } from '../src/http/serve.js';
import { createArchiveYoga } from '../src/yoga.js';
import { createTestApp } from './helpers/app.js';
import { postGraphQL, send } from './helpers/http.js';

const dir = mkdtempSync(join(tmpdir(), 'archive-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('health and readiness', () => {
  it('when the database is migrated, then /health and /ready answer 200', async () => {
    const app = createTestApp();
    expect((await send(app.yoga, '/health')).status).toBe(200);
    const ready = await send(app.yoga, '/ready');
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ ready: true });
  });

  it('when migrations are missing or the database is closed, then /ready answers 503 with the reason while /health stays 200', async () => {
    const db = openDatabase({ file: ':memory:' });
    const yoga = createArchiveYoga({ db, log: null });
    const pending = await send(yoga, '/ready');
    expect(pending.status).toBe(503);
    expect(pending.json).toEqual({
      ready: false,
      reason: expect.stringMatching(/^\d+ migration\(s\) not applied$/),
    });
    db.$client.close();
    expect((await send(yoga, '/ready')).json).toEqual({ ready: false, reason: 'database unreachable' });
    expect((await send(yoga, '/health')).status).toBe(200);
  });

  it('when the server is draining for shutdown, then /ready answers 503 so a load balancer stops sending work', async () => {
    const app = createTestApp();
    const yoga = createArchiveYoga({ db: app.db, log: null, draining: () => true });
    const ready = await send(yoga, '/ready');
    expect(ready.status).toBe(503);
    expect(ready.json).toEqual({ ready: false, reason: 'shutting down' });
  });
});

describe('request log', () => {
  const records: LogRecord[] = [];
  const app = createTestApp();
  const yoga = createArchiveYoga({ db: app.db, log: (r) => records.push(r) });

  it('when a request is answered, then one JSON record gives its id, operation, status and duration, and the id is echoed', async () => {
    records.length = 0;
    const answer = await postGraphQL(
      yoga,
      { query: 'query Count { documents { totalCount } }', operationName: 'Count' },
      { 'x-request-id': 'trace-42' },
    );
    expect(answer.headers.get('x-request-id')).toBe('trace-42');
    expect(records).toEqual([
      {
        level: 'info',
        msg: 'request',
        requestId: 'trace-42',
        method: 'POST',
        path: '/graphql',
        status: 200,
        operationName: 'Count',
        operationType: 'query',
        durationMs: expect.any(Number),
      },
    ]);
    expect(JSON.parse(JSON.stringify(records[0]))).toEqual(records[0]);
  });

  it('when the client sends no usable request id, then the server makes one; a refused request is logged with its refusal', async () => {
    records.length = 0;
    const answer = await postGraphQL(
      yoga,
      { query: `{ ${'a: __typename '.repeat(2)} }` },
      {
        'x-request-id': 'not ok; has spaces',
      },
    );
    const id = answer.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await postGraphQL(yoga, {
      query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
    });
    expect(records.map((r) => [r.requestId === id, r.status, r.refusal])).toEqual([
      [true, 200, undefined],
      [false, 400, 'ALIAS_LIMIT_EXCEEDED'],
    ]);
  });
});

describe('metrics', () => {
  it('when requests have been answered and refused, then /metrics counts them in the Prometheus text format', async () => {
    const app = createTestApp({ config: { rateLimit: { limit: 2, windowSeconds: 60 } } });
    await postGraphQL(app.yoga, { query: '{ documents { totalCount } }' });
    await postGraphQL(app.yoga, { query: '{ documents { totalCount } }' });
    await postGraphQL(app.yoga, { query: '{ documents { totalCount } }' });
    const metrics = await send(app.yoga, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(metrics.text).toContain(
      'archive_http_requests_total{method="POST",status="200",operation_type="query"} 2',
    );
    expect(metrics.text).toContain(
      'archive_http_requests_total{method="POST",status="429",operation_type="none"} 1',
    );
    expect(metrics.text).toContain('archive_refused_requests_total{code="RATE_LIMITED"} 1');
    expect(metrics.text).toContain('archive_http_request_duration_seconds_count{operation_type="query"} 2');
    expect(metrics.text).toContain('archive_http_requests_in_flight 0');
    expect(metrics.text).toMatch(/^# TYPE archive_http_request_duration_seconds histogram$/m);
  });

  it('when metrics are turned off, then /metrics is not served', async () => {
    const app = createTestApp({ config: { metrics: false } });
    expect((await send(app.yoga, '/metrics')).status).toBe(404);
  });
});

describe('graceful shutdown', () => {
  it('when the server is closed with a request in flight, then it stops accepting, lets that request finish, then closes the database', async () => {
    let release: () => void = () => {};
    let started: () => void = () => {};
    const gate = new Promise<void>((done) => {
      release = done;
    });
    const inExecution = new Promise<void>((done) => {
      started = done;
    });
    const hold: Plugin = {
      onExecute({ executeFn, setExecuteFn }) {
        setExecuteFn(async (args) => {
          started();
          await gate;
          return executeFn(args);
        });
      },
    };
    const running = await startServer({
      file: join(dir, 'drain.sqlite'),
      port: 0,
      host: '127.0.0.1',
      config: { ...defaultConfig, requestLog: false },
      log: () => {},
      announce: () => {},
      plugins: [hold],
    });
    const inFlight = fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ documents { totalCount } }' }),
    });
    await inExecution;
    expect(running.inFlight()).toBe(1);

    const closed = running.close();
    let closedYet = false;
    void closed.then(() => {
      closedYet = true;
    });
    await expect(fetch(`${running.url}/health`)).rejects.toThrow();
    expect(closedYet).toBe(false);
    expect(running.db.$client.open).toBe(true);

    release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.headers.get('connection')).toBe('close');
    expect(await answer.json()).toEqual({ data: { documents: { totalCount: 10 } } });
    await closed;
    expect(running.db.$client.open).toBe(false);
  });
});

describe('error log', () => {
  it('when a resolver fails unexpectedly, then the client gets the masked error and the log gets the cause as JSON', async () => {
    const records: LogRecord[] = [];
    const app = createTestApp();
    const failing: Plugin = {
      onExecute({ setExecuteFn }) {
        setExecuteFn(() => {
          throw new Error('disk on fire');
        });
      },
    };
    const yoga = createArchiveYoga({
      db: app.db,
      log: null,
      logging: jsonYogaLogger((r) => records.push(r)),
      plugins: [failing],
    });
    const answer = await postGraphQL(yoga, { query: '{ documents { totalCount } }' });
    expect(answer.text).not.toContain('disk on fire');
    expect(answer.json?.errors?.[0]?.message).toBe('Unexpected error.');
    const logged = JSON.stringify(records);
    expect(records.some((r) => r.level === 'error')).toBe(true);
    expect(logged).toContain('disk on fire');
  });
});
