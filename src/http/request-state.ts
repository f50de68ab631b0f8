import { randomUUID } from 'node:crypto';

/**
 * What the request log and metrics learn about one request as it passes through the pipeline.
 * It lives on yoga's per-request server context, which yoga copies into the GraphQL context, so
 * HTTP hooks and execution hooks see the same object even after a plugin replaces the Request.
 */
export interface RequestState {
  id: string;
  startedAt: number;
  operationName?: string;
  operationType?: string;
  /** The `extensions.code` of the limit or check that refused the request, if one did. */
  refusal?: string;
}

const KEY = 'archiveRequest';
type Carrier = { [KEY]?: RequestState };

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The state of this request, created on first use with the client's X-Request-Id if sane. */
export function requestState(serverContext: object, request?: Request): RequestState {
  const carrier = serverContext as Carrier;
  if (!carrier[KEY]) {
    const given = request?.headers.get('x-request-id');
    carrier[KEY] = {
      id: given && REQUEST_ID.test(given) ? given : randomUUID(),
      startedAt: performance.now(),
    };
  }
  return carrier[KEY];
}

/** The state from a GraphQL context (yoga builds the context from the server context). */
export function requestStateOf(context: unknown): RequestState | undefined {
  return (context as Carrier | undefined)?.[KEY];
}
