import { once } from 'node:events';
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
