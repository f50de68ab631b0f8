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
