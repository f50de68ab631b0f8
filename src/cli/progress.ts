/**
 * Progress of long work on stderr: a redrawn bar on a terminal, a plain line every few seconds
 * otherwise (logs and CI), and nothing at all when quiet.
 */
export interface Progress {
  update(done: number, total?: number, detail?: string): void;
  finish(): void;
}

export function progressReporter(label: string, { quiet = false, stream = process.stderr } = {}): Progress {
  if (quiet) return { update() {}, finish() {} };
  const started = performance.now();
  const tty = stream.isTTY === true;
  let lastPrinted = 0;
  let drawn = false;
  return {
    update(done, total, detail) {
      const now = performance.now();
      if (now - lastPrinted < (tty ? 100 : 5000)) return;
      lastPrinted = now;
      const seconds = (now - started) / 1000;
      const share = total ? Math.min(1, done / total) : undefined;
      const extra = detail ? ` ${detail}` : '';
      if (tty) {
        const width = 30;
        const bar =
          share === undefined
            ? ''
            : `[${'#'.repeat(Math.round(share * width)).padEnd(width, '.')}] ${(share * 100).toFixed(0).padStart(3)}% `;
        stream.write(`\r${label} ${bar}${extra} ${seconds.toFixed(0)}s\x1b[K`);
        drawn = true;
      } else {
        stream.write(
          `${label}: ${share === undefined ? '' : `${(share * 100).toFixed(0)}% `}${extra.trim()} (${seconds.toFixed(0)}s)\n`,
        );
      }
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
