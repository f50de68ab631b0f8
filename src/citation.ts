import { MONTH_NAMES } from '../db/corpus.js';

/**
 * Citations of archive documents, built only from what the archive records: authors and
 * recipients (preferred names), title, date as printed, source citation, holding archive and
 * a URL. A missing field is left out, never guessed; an undated document gets Chicago's "n.d.".
 */

export const CITATION_STYLES = ['CHICAGO_NOTE', 'CHICAGO_BIBLIOGRAPHY', 'RIS', 'BIBTEX'] as const;
export type CitationStyle = (typeof CITATION_STYLES)[number];

export interface CitableDocument {
  slug: string;
  title: string;
  docType: string;
  dateText: string | null;
  dateStart: string | null;
  dateEnd: string | null;
  datePrecision: string;
  sourceArchive: string | null;
  sourceCitation: string | null;
  sourceUrl: string | null;
  summary?: string | null;
  languages?: readonly string[];
  authors: readonly string[];
  recipients: readonly string[];
}

/** The address readers can reach the document at, from `ARCHIVE_BASE_URL` */
export function archiveBaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const base = env.ARCHIVE_BASE_URL?.trim();
  return base ? base.replace(/\/+$/, '') : undefined;
}

/**
 * The document's URL: `<ARCHIVE_BASE_URL>/documents/<slug>` when a base URL is configured,
 * otherwise the source's own URL when the archive records one.
 */
export function documentUrl(d: Pick<CitableDocument, 'slug' | 'sourceUrl'>, baseUrl = archiveBaseUrl()) {
  if (baseUrl) return `${baseUrl}/documents/${encodeURIComponent(d.slug)}`;
  return d.sourceUrl ?? undefined;
}

/** The date as printed; failing that, the ISO date written out to its precision; else "n.d.". */
function citationDate(d: CitableDocument): string {
  if (d.dateText) return d.dateText;
  const parts = dateParts(d);
  if (!parts) return 'n.d.';
  const [y, m, day] = parts;
  if (day !== undefined) return `${MONTH_NAMES[m! - 1]} ${day}, ${y}`;
  if (m !== undefined) return `${MONTH_NAMES[m - 1]} ${y}`;
  return String(y);
}

/** [year, month?, day?] as far as the precision goes; undefined when undated or a range. */
function dateParts(d: CitableDocument): number[] | undefined {
  if (!d.dateStart || d.datePrecision === 'UNDATED' || d.datePrecision === 'RANGE') return undefined;
  const [y, m, day] = d.dateStart.split('-').map(Number) as [number, number, number];
  if (d.datePrecision === 'YEAR') return [y];
  if (d.datePrecision === 'MONTH') return [y, m];
  return [y, m, day];
}

function names(list: readonly string[]): string {
  if (list.length <= 2) return list.join(' and ');
  return `${list.slice(0, -1).join(', ')}, and ${list.at(-1)}`;
}

/** Joins pieces with a separator, dropping the missing ones, and ends with a period. */
function sentence(pieces: (string | undefined | null)[], separator: string): string {
  const text = pieces.filter((p): p is string => !!p).join(separator);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Puts a title's closing punctuation inside the quotes, as Chicago does. */
function quoted(title: string, punctuation: ',' | '.'): string {
  const bare = title.replace(/[.,]$/, '');
  return /[!?]$/.test(bare) ? `“${bare}”` : `“${bare}${punctuation}”`;
}

export function chicagoNote(d: CitableDocument, baseUrl = archiveBaseUrl()): string {
  const head = d.authors.length ? `${names(d.authors)}, ` : '';
  const rest = [citationDate(d), d.sourceCitation, d.sourceArchive, documentUrl(d, baseUrl)];
  return `${head}${quoted(d.title, ',')} ${sentence(rest, ', ')}`;
}

export function chicagoBibliography(d: CitableDocument, baseUrl = archiveBaseUrl()): string {
  const head = d.authors.length ? `${sentence([names(d.authors)], '')} ` : '';
  const rest = [citationDate(d), d.sourceCitation, d.sourceArchive, documentUrl(d, baseUrl)];
  return `${head}${quoted(d.title, '.')} ${rest
    .filter(Boolean)
    .map((p) => sentence([p], ''))
    .join(' ')}`;
}

const LETTER_TYPES = new Set(['LETTER', 'TELEGRAM', 'CIPHERED_TELEGRAM', 'CABLE']);

/** One RIS record (ends with `ER  - `); correspondence is PCOMM, everything else MANSCPT. */
export function risRecord(d: CitableDocument, baseUrl = archiveBaseUrl()): string {
  const lines: [string, string | undefined | null][] = [
    ['TY', LETTER_TYPES.has(d.docType) ? 'PCOMM' : 'MANSCPT'],
    ['ID', d.slug],
    ['TI', d.title],
    ...d.authors.map((a): [string, string] => ['AU', a]),
    ...d.recipients.map((r): [string, string] => ['A2', r]),
  ];
  const parts = dateParts(d);
  if (parts) {
    lines.push(['PY', String(parts[0])]);
    lines.push([
      'DA',
      `${parts[0]}/${parts[1] ? String(parts[1]).padStart(2, '0') : ''}/${parts[2] ? String(parts[2]).padStart(2, '0') : ''}/`,
    ]);
  }
  lines.push(['N1', d.dateText ? `Date as printed: ${d.dateText}` : undefined]);
  lines.push(['DP', d.sourceArchive], ['AV', d.sourceCitation], ['AB', d.summary]);
  for (const language of d.languages ?? []) lines.push(['LA', language]);
  lines.push(['UR', documentUrl(d, baseUrl)]);
  return `${lines
    .filter(([, value]) => value)
    .map(([tag, value]) => `${tag}  - ${String(value).replace(/\s*\n\s*/g, ' ')}`)
    .join('\r\n')}\r\nER  - \r\n`;
}

const BIBTEX_SPECIAL = /[\\{}%&#$_^~]/g;
function bibtexText(text: string): string {
  return text.replace(BIBTEX_SPECIAL, (c) =>
    c === '\\'
      ? '\\textbackslash{}'
      : c === '^'
        ? '\\textasciicircum{}'
        : c === '~'
          ? '\\textasciitilde{}'
          : `\\${c}`,
  );
}

/** One BibTeX `@misc` entry keyed by slug; each name is braced so organizations stay whole. */
export function bibtexEntry(d: CitableDocument, baseUrl = archiveBaseUrl()): string {
  const parts = dateParts(d);
  const fields: [string, string | undefined | null][] = [
    ['title', `{${bibtexText(d.title)}}`],
    ['author', d.authors.length ? d.authors.map((a) => `{${bibtexText(a)}}`).join(' and ') : undefined],
    ['year', parts ? String(parts[0]) : undefined],
    [
      'month',
      parts?.[1]
        ? ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'][parts[1] - 1]
        : undefined,
    ],
    ['date', parts ? parts.map((p, i) => (i ? String(p).padStart(2, '0') : String(p))).join('-') : undefined],
    ['note', d.dateText ? bibtexText(`Date as printed: ${d.dateText}`) : undefined],
    [
      'howpublished',
      [d.sourceCitation, d.sourceArchive]
        .filter(Boolean)
        .map((p) => bibtexText(p!))
        .join(', ') || undefined,
    ],
    ['url', documentUrl(d, baseUrl)],
  ];
  const body = fields
    .filter(([, v]) => v)
    .map(([k, v]) => (k === 'month' ? `  ${k} = ${v}` : `  ${k} = {${v}}`))
    .join(',\n');
  return `@misc{${d.slug},\n${body}\n}\n`;
}

/** A CSL-JSON item (the format citeproc, Zotero and Pandoc read). */
export function cslJsonItem(d: CitableDocument, baseUrl = archiveBaseUrl()): Record<string, unknown> {
  const item: Record<string, unknown> = {
    id: d.slug,
    type: LETTER_TYPES.has(d.docType) ? 'personal_communication' : 'manuscript',
    title: d.title,
  };
  if (d.authors.length) item.author = d.authors.map((literal) => ({ literal }));
  if (d.recipients.length) item.recipient = d.recipients.map((literal) => ({ literal }));
  const parts = dateParts(d);
  if (parts) item.issued = { 'date-parts': [parts] };
  else if (d.datePrecision === 'RANGE' && d.dateStart && d.dateEnd)
    item.issued = { 'date-parts': [d.dateStart.split('-').map(Number), d.dateEnd.split('-').map(Number)] };
  else if (d.dateText) item.issued = { literal: d.dateText };
  if (d.sourceArchive) item.archive = d.sourceArchive;
  if (d.sourceCitation) item.archive_location = d.sourceCitation;
  if (d.summary) item.abstract = d.summary;
  if (d.languages?.length) item.language = d.languages.join(', ');
  const url = documentUrl(d, baseUrl);
  if (url) item.URL = url;
  return item;
}

/** A citation in one of the GraphQL field's styles. */
export function formatCitation(d: CitableDocument, style: CitationStyle, baseUrl = archiveBaseUrl()): string {
  switch (style) {
    case 'CHICAGO_NOTE':
      return chicagoNote(d, baseUrl);
    case 'CHICAGO_BIBLIOGRAPHY':
      return chicagoBibliography(d, baseUrl);
    case 'RIS':
      return risRecord(d, baseUrl);
    case 'BIBTEX':
      return bibtexEntry(d, baseUrl);
  }
}
