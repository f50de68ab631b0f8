import type { YogaServerOptions } from 'graphql-yoga';
import { CSRF_HEADER } from './csrf.js';

type CorsOption = YogaServerOptions<object, object>['cors'];

/**
 * CORS from an allow-list of origins: an allowed origin gets the CORS headers (and may read the
 * rate limit and request id headers), any other gets none, so browsers withhold the response.
 * An empty list turns cross-origin browser access off; `*` allows every origin.
 */
export function corsFromAllowList(origins: string[]): CorsOption {
  if (origins.length === 0) return false;
  const any = origins.includes('*');
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !(any || origins.includes(origin))) return false;
    return {
      origin: [origin],
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'accept', 'authorization', 'x-request-id', CSRF_HEADER],
      exposedHeaders: [
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'RateLimit-Policy',
        'Retry-After',
        'X-Request-Id',
      ],
      credentials: false,
      maxAge: 600,
    };
  };
}
