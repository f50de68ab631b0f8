import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';

/** Writes pieces of text with backpressure, gathering small pieces into 64 KiB writes. */
export async function writeAll(pieces: Iterable<string>, out: Writable, onPiece?: () => void) {
  let buffer = '';
  for (const piece of pieces) {
    buffer += piece;
    onPiece?.();
    if (buffer.length >= 65536) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  if (buffer) out.write(buffer);
}

/**
 * Where a command writes its output: standard output, or a file that appears only when
 * complete (written as `<file>.part`, renamed on `commit`, removed on `abort`).
 */
export function outputTo(path: string | undefined) {
  if (!path) return { stream: process.stdout as Writable, commit: async () => {}, abort: () => {} };
  const partial = `${path}.part`;
  const stream = createWriteStream(partial);
  return {
    stream: stream as Writable,
    async commit() {
      stream.end();
      await once(stream, 'finish');
      renameSync(partial, path);
    },
    abort() {
      stream.destroy();
      rmSync(partial, { force: true });
    },
  };
}
