import type { DocumentRecord } from '../../db/corpus.js';

/**
 * The flat CSV form of a document: one row per document, one column per field. List columns
 * hold entries separated by `|`; a person entry is `key` or `key=Name as written`, with `\|`
 * and `\\` escaping a bar or backslash inside a name. People and topics are referenced by
 * key and must already exist (import them from a JSONL file first).
 */
export const DOCUMENT_CSV_COLUMNS = [
  'slug',
  'title',
  'docType',
  'dateText',
  'dateStart',
  'dateEnd',
  'datePrecision',
  'summary',
  'body',
  'originPlace',
  'destinationPlace',
  'sourceArchive',
  'sourceCitation',
  'sourceUrl',
  'rights',
  'languages',
  'topics',
  'authors',
  'recipients',
  'mentioned',
  'intermediaries',
  'signatories',
] as const;

type Column = (typeof DOCUMENT_CSV_COLUMNS)[number];

/** Role columns and the role each one holds. */
const ROLE_COLUMNS = {
  authors: 'AUTHOR',
  recipients: 'RECIPIENT',
  mentioned: 'MENTIONED',
  intermediaries: 'INTERMEDIARY',
  signatories: 'SIGNATORY',
} as const satisfies Partial<Record<Column, DocumentRecord['people'][number]['role']>>;

const SCALAR_COLUMNS = DOCUMENT_CSV_COLUMNS.filter(
  (c) => !['languages', 'topics'].includes(c) && !(c in ROLE_COLUMNS),
);

/** Checks a header row; returns the problems (unknown, missing or repeated columns). */
export function documentCsvHeaderProblems(header: readonly string[]): string[] {
  const problems: string[] = [];
  const known = new Set<string>(DOCUMENT_CSV_COLUMNS);
  const seen = new Set<string>();
  for (const name of header) {
    if (!known.has(name)) problems.push(`unknown column "${name}"`);
    if (seen.has(name)) problems.push(`column "${name}" appears twice`);
    seen.add(name);
  }
  for (const required of ['slug', 'title', 'docType'])
    if (!seen.has(required)) problems.push(`missing column "${required}"`);
  return problems;
}

function splitList(cell: string): string[] {
  const entries: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i];
    if (c === '\\' && i + 1 < cell.length) current += cell[++i];
    else if (c === '|') {
      entries.push(current.trim());
      current = '';
    } else current += c;
  }
  entries.push(current.trim());
  return entries.filter((e) => e !== '');
}

const escapeEntry = (text: string) => text.replace(/[\\|]/g, (c) => `\\${c}`);

/** A CSV row (with its header) as a document record object, ready for `documentRecord` validation. */
export function documentFromCsv(
  header: readonly string[],
  fields: readonly string[],
): Record<string, unknown> {
  const cell = new Map(header.map((name, i) => [name, fields[i] ?? '']));
  const record: Record<string, unknown> = {};
  for (const column of SCALAR_COLUMNS) {
    const value = cell.get(column);
    if (value !== undefined && value !== '') record[column] = value;
  }
  record.languages = splitList(cell.get('languages') ?? '');
  record.topics = splitList(cell.get('topics') ?? '');
  record.people = Object.entries(ROLE_COLUMNS).flatMap(([column, role]) =>
    splitList(cell.get(column) ?? '').map((entry) => {
      const eq = entry.indexOf('=');
      return eq < 0
        ? { person: entry, role }
        : { person: entry.slice(0, eq).trim(), role, nameAsWritten: entry.slice(eq + 1).trim() };
    }),
  );
  return record;
}

/** A document record as CSV cells in {@link DOCUMENT_CSV_COLUMNS} order. */
export function documentToCsv(d: DocumentRecord): (string | null | undefined)[] {
  return DOCUMENT_CSV_COLUMNS.map((column) => {
    if (column === 'languages' || column === 'topics') return d[column].map(escapeEntry).join('|');
    if (column in ROLE_COLUMNS) {
      const role = ROLE_COLUMNS[column as keyof typeof ROLE_COLUMNS];
      return d.people
        .filter((p) => p.role === role)
        .map((p) => escapeEntry(p.nameAsWritten ? `${p.person}=${p.nameAsWritten}` : p.person))
        .join('|');
    }
    return d[column as keyof DocumentRecord] as string | null | undefined;
  });
}
