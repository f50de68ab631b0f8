import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface FetchHandler {
  fetch(url: string, init: RequestInit): Promise<Response> | Response;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json?: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** Sends a request through the in-process pipeline and reads the whole answer. */
export async function send(app: FetchHandler, path: string, init: RequestInit = {}): Promise<RawResponse> {
  const response = await app.fetch(`http://archive.test${path}`, init);
  const text = await response.text();
  let json: RawResponse['json'];
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POSTs a JSON GraphQL request (any body: objects are stringified, strings sent as they are). */
export function postGraphQL(
  app: FetchHandler,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return send(app, '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The `extensions.code` of each error of a response. */
export function errorCodes(response: RawResponse): unknown[] {
  return (response.json?.errors ?? []).map((e) => e.extensions?.code);
}

/** Serves a request listener on 127.0.0.1 on a free port; `close` ends it. */
export async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
