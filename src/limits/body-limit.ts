import type { Plugin } from 'graphql-yoga';
import type { OperationLimits } from '../config.js';
import { errorResponse } from '../errors.js';
import { limitMessage } from './limit-error.js';

/**
 * Refuses request bodies above `maxBodyBytes` with 413 before anything parses them: at once when
 * Content-Length says so, and while reading when the body is streamed without a length.
 */
export function useBodyLimit(limits: OperationLimits, production: boolean): Plugin {
  const max = limits.maxBodyBytes;
  const tooLarge = (actual?: number) => {
    const { code, message, extensions } = limitMessage('maxBodyBytes', max, actual, production);
    return errorResponse(code, message, 413, { connection: 'close' }, extensions);
  };
  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      if (!request.body) return;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        const length = Number(declared);
        if (Number.isFinite(length) && length > max) endResponse(tooLarge(length));
        return;
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      const reader = request.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > max) {
          await reader.cancel().catch(() => {});
          endResponse(tooLarge());
          return;
        }
        chunks.push(value);
      }
      setRequest(
        new fetchAPI.Request(request.url, {
          method: request.method,
          headers: request.headers,
          body: Buffer.concat(chunks),
          signal: request.signal,
        }),
      );
    },
  };
}
