import type { ArchiveDatabase } from '../../db/client.js';
import { type ExportOptions, exportPieces } from '../../src/data/export.js';
import { type ImportOptions, importRecords } from '../../src/data/import.js';

/** Feeds text in small chunks, so records, lines and characters straddle chunk boundaries. */
export async function* inChunks(text: string, size = 97) {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export function importText(db: ArchiveDatabase, text: string, options: Partial<ImportOptions> = {}) {
  return importRecords(db, inChunks(text), { format: 'jsonl', ...options });
}

export function exportText(db: ArchiveDatabase, options: Partial<ExportOptions> = {}) {
  return [...exportPieces(db, { format: 'jsonl', ...options })].join('');
}

/** JSONL of records, each given as `[type, fields]`. */
export function jsonl(...records: [string, Record<string, unknown>][]) {
  return records.map(([type, fields]) => `${JSON.stringify({ type, ...fields })}\n`).join('');
}

export function countRows(db: ArchiveDatabase, table: string): number {
  return db.$client.prepare(`select count(*) from ${table}`).pluck().get() as number;
}
