import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { listen } from './helpers/http.js';

/**
 * The GraphQL-over-HTTP audit suite of the graphql-http package, against the real server over
 * loopback HTTP (default settings: CSRF prevention, rate limiting and limits all on). Every MUST
 * and SHOULD audit has to pass; MAY audits are recommendations and are checked to run.
 */
describe('GraphQL over HTTP compliance (graphql-http audits)', () => {
  const app = createTestApp();
  let served: Awaited<ReturnType<typeof listen>>;
  let url = '';
  beforeAll(async () => {
    served = await listen(app.yoga);
    url = `${served.url}/graphql`;
  });
  afterAll(() => served.close());

  it('when a mutation is sent by GET, then it is refused with 405 and nothing is written', async () => {
    const key = app.keyFor('EDITOR');
    const mutation = 'mutation { createTopic(input: { name: "Sent by GET" }) { topic { id } } }';
    const response = await fetch(`${url}?query=${encodeURIComponent(mutation)}`, {
      headers: { accept: 'application/graphql-response+json', authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toContain('POST');
    expect(
      app.db.$client.prepare("select count(*) as n from topics where name = 'Sent by GET'").get(),
    ).toEqual({ n: 0 });
    // The same mutation by POST is written: the 405 is about the method, not the key or input.
    const posted = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: mutation }),
    });
    expect(posted.status).toBe(200);
    expect(
      app.db.$client.prepare("select count(*) as n from topics where name = 'Sent by GET'").get(),
    ).toEqual({ n: 1 });
  });

  for (const audit of serverAudits({ url: () => url })) {
    it(`when audited: ${audit.name}, then it passes`, async () => {
      const result = await audit.fn();
      if (audit.name.startsWith('MAY')) expect(['ok', 'warn']).toContain(result.status);
      else
        expect(
          result.status === 'ok' ? 'ok' : `${result.status}: ${(result as { reason?: string }).reason}`,
        ).toBe('ok');
    });
  }
});
