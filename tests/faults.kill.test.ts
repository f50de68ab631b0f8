import { describe, expect, it } from 'vitest';
import { faultsHeld, runFaults } from '../src/cli/faults.js';

/**
 * The short variant of `npm run faults` (which kills more often on a bigger import): the bulk
 * importer and the server, in the middle of a stream of mutations, are killed with SIGKILL on a
 * WAL file, and nothing is lost or half-written.
 */
describe('SIGKILL during writes', () => {
  it('when the importer and the server are killed mid-write, then the file is sound, no record is partial, every acknowledged write is there and the import converges', async () => {
    const documents = 200;
    const report = await runFaults({ importRounds: 2, writeRounds: 1, documents, seed: 6 });
    expect(report.importKills + report.importFinishedFirst).toBe(2);
    expect(report.importKills).toBeGreaterThanOrEqual(1);
    expect(report.writeKills).toBe(1);
    expect(report.integrity).toEqual(Array(3).fill('ok'));
    for (const count of report.importCountsAfterKill) expect([0, documents]).toContain(count);
    expect(report.partialRecords).toEqual([]);
    expect(report.acknowledgedWrites).toBeGreaterThanOrEqual(5);
    expect(report.missingAcknowledged).toEqual([]);
    expect(report.converged).toBe(true);
    expect(report.rerunUnchanged).toBe(true);
    expect(faultsHeld(report, documents)).toBe(true);
  });
});
