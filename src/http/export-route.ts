import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ArchiveDatabase } from '../../db/client.js';
import { authenticate } from '../api-keys.js';
import { authScopesOf, credentialProblems } from '../authorization.js';
import { EXPORT_CONTENT_TYPES, exportPieces } from '../data/export.js';
import { parseDocumentFilterJson } from '../data/filter-json.js';
import { ErrorCode } from '../errors.js';

export const EXPORT_PATH = '/export.ndjson';

/** Bytes gathered before handing a piece of the stream to the connection. */
const CHUNK_BYTES = 64 * 1024;

function jsonError(status: number, message: string, code: string, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/**
 * `GET /export.ndjson?filter=<DocumentFilter as JSON>`: the matching documents, with the topics
 * and people they reference, as newline-delimited JSON in the import format, streamed without
 * pagination. The filter is read exactly as GraphQL's `filter` argument; a bad one is a 400
 * with a BAD_USER_INPUT error. The body is produced only as fast as the client reads it, a chunk
 * of rows at a time, so a slow client holds no more than one chunk in memory.
 */
export function useDocumentExport({
  db,
  readsRequireKey = false,
}: {
  db: ArchiveDatabase;
  /** As for GraphQL reads: without it anyone may read, unless a bad key is sent. */
  readsRequireKey?: boolean;
}): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== EXPORT_PATH) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(
          jsonError(405, `${EXPORT_PATH} accepts GET only.`, 'METHOD_NOT_ALLOWED', { allow: 'GET, HEAD' }),
        );
        return;
      }
      // The same key rules as a GraphQL read, decided the same way.
      const caller = authenticate(db, request.headers.get('authorization'));
      if (!authScopesOf({ db, caller, readsRequireKey }).reader) {
        const problem = caller.kind === 'anonymous' ? credentialProblems[caller.credential] : 'Forbidden.';
        endResponse(jsonError(401, problem, ErrorCode.UNAUTHENTICATED, { 'www-authenticate': 'Bearer' }));
        return;
      }
      let pieces: Generator<string>;
      try {
        const filter = parseDocumentFilterJson(url.searchParams.get('filter'), 'filter');
        pieces = exportPieces(db, { format: 'jsonl', filter });
      } catch (error) {
        if (error instanceof GraphQLError && error.extensions.code === ErrorCode.BAD_USER_INPUT) {
          endResponse(jsonError(400, error.message, ErrorCode.BAD_USER_INPUT));
          return;
        }
        throw error;
      }
      const encoder = new TextEncoder();
      const body =
        request.method === 'HEAD'
          ? null
          : new fetchAPI.ReadableStream<Uint8Array>(
              {
                pull(controller) {
                  let text = '';
                  while (text.length < CHUNK_BYTES) {
                    const next = pieces.next();
                    if (next.done) {
                      if (text) controller.enqueue(encoder.encode(text));
                      controller.close();
                      return;
                    }
                    text += next.value;
                  }
                  controller.enqueue(encoder.encode(text));
                },
                cancel() {
                  pieces.return(undefined);
                },
              },
              { highWaterMark: 1 },
            );
      endResponse(
        new fetchAPI.Response(body, {
          status: 200,
          headers: {
            'content-type': EXPORT_CONTENT_TYPES.jsonl,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          },
        }),
      );
    },
  };
}
