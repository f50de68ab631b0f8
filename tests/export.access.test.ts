import { describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { send } from './helpers/http.js';

describe('export route access', () => {
  it('when reads require a key, then GET /export.ndjson without one is refused with 401 like a GraphQL read, and a reader key gets the export', async () => {
    const app = createTestApp({ readsRequireKey: true });
    const anonymous = await send(app.yoga, '/export.ndjson');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(anonymous.json?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const reader = await send(app.yoga, '/export.ndjson', {
      headers: { authorization: `Bearer ${app.keyFor('READER')}` },
    });
    expect(reader.status).toBe(200);
    expect(reader.text.split('\n').filter(Boolean).length).toBeGreaterThan(10);
  });

  it('when reads are public, then the export is open to anyone, but a bad key still opens nothing', async () => {
    const app = createTestApp();
    expect((await send(app.yoga, '/export.ndjson')).status).toBe(200);
    const revoked = await send(app.yoga, '/export.ndjson', {
      headers: { authorization: `Bearer ${app.revokedKey()}` },
    });
    expect(revoked.status).toBe(401);
    expect(revoked.json?.errors?.[0]?.message).toBe('The API key has been revoked.');
  });

  it('when a client exports past its rate limit, then the export is refused with 429 like GraphQL requests', async () => {
    const app = createTestApp({ config: { rateLimit: { limit: 1, windowSeconds: 60 } } });
    const first = await send(app.yoga, '/export.ndjson');
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-remaining')).toBe('0');
    const second = await send(app.yoga, '/export.ndjson');
    expect(second.status).toBe(429);
    expect(second.json?.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });
});
