import type { Plugin } from 'graphql-yoga';
import { ErrorCode, errorResponse } from '../errors.js';
import { requestState } from './request-state.js';

/** The header that proves a request was not a plain browser form or link: browsers preflight it. */
export const CSRF_HEADER = 'x-graphql-csrf';

/** Content types a browser form or `fetch(..., {mode: 'no-cors'})` may send without a preflight. */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

function isSimpleRequest(request: Request): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return true;
  if (request.method !== 'POST') return false;
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  return !type || SIMPLE_CONTENT_TYPES.includes(type);
}

/**
 * Whether a browser sent this from a page of another site: its Origin is neither this server nor
 * an allowed CORS origin, or (browsers that omit Origin on GET) Sec-Fetch-Site says cross-site.
 * Scripts and curl send neither header and are not browsers riding on a user's session.
 */
function isForeignBrowserRequest(request: Request, ownHost: string, allowedOrigins: string[]): boolean {
  const origin = request.headers.get('origin');
  if (origin) {
    if (allowedOrigins.includes('*') || allowedOrigins.includes(origin)) return false;
    try {
      return new URL(origin).host !== ownHost;
    } catch {
      return true;
    }
  }
  const site = request.headers.get('sec-fetch-site');
  return site === 'cross-site' || site === 'same-site';
}

/**
 * CSRF prevention: a request another site's page could make a browser send without a CORS
 * preflight (a link, an image, a form post) is refused with 403, unless it carries the
 * X-GraphQL-CSRF header, which no such page can add without the preflight CORS then rules on.
 */
export function useCsrfPrevention({
  graphqlEndpoint,
  allowedOrigins,
}: {
  graphqlEndpoint: string;
  allowedOrigins: string[];
}): Plugin {
  return {
    onRequest({ request, url, serverContext, endResponse }) {
      if (url.pathname !== graphqlEndpoint || !isSimpleRequest(request)) return;
      // Following a link to GraphiQL runs nothing; a link carrying a query is checked.
      if (request.method === 'GET' && !url.searchParams.has('query')) return;
      if (request.headers.get(CSRF_HEADER)?.trim()) return;
      if (!isForeignBrowserRequest(request, url.host, allowedOrigins)) return;
      requestState(serverContext, request).refusal = ErrorCode.CSRF_REFUSED;
      endResponse(
        errorResponse(
          ErrorCode.CSRF_REFUSED,
          `Cross-site request refused: send it as application/json, or add a non-empty ${CSRF_HEADER} header.`,
          403,
        ),
      );
    },
  };
}
