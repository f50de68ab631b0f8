import { describe, expect, it } from 'vitest';
import { runFaults } from '../src/cli/faults.js';

/**
 * The short variant of `npm run faults` (which kills more often on a bigger import): writers are
 * killed with SIGKILL mid-import and mid-stream on a WAL file, and nothing is lost or half-written.
 */
describe('SIGKILL during writes', () => {
  it('when writers are killed during a bulk import and during a stream of writes, then the file is sound, no record is partial, every acknowledged write is there and the import converges', async () => {
    const report = await runFaults({ importRounds: 2, writeRounds: 2, importSize: 300, seed: 6 });
    expect(report.importKills + report.importFinishedFirst).toBe(2);
    expect(report.importKills).toBeGreaterThanOrEqual(1);
    expect(report.writeKills).toBe(2);
    expect(report.integrity.every((r) => r === 'ok')).toBe(true);
    expect(report.integrity.length).toBeGreaterThanOrEqual(5);
    for (const count of report.importCountsAfterKill) expect([0, 300]).toContain(count);
    expect(report.partialRecords).toEqual([]);
    expect(report.acknowledgedWrites).toBeGreaterThanOrEqual(10);
    expect(report.missingAcknowledged).toEqual([]);
    expect(report.converged).toBe(true);
    expect(report.rerunUnchanged).toBe(true);
  });
});
