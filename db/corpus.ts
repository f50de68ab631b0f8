import { z } from 'zod';
import type { ArchiveDatabase } from './client.js';
import { CorpusWriter } from './corpus-writer.js';

/** Stable keys tie records together across files and re-imports: lowercase kebab-case. */
export const key = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase kebab-case (a-z, 0-9, -)')
  .max(200);
const isoDay = z.iso.date();
const optionalText = (max: number) => z.string().trim().min(1).max(max).nullish();

export const DOCUMENT_TYPES = [
  'TELEGRAM',
  'CIPHERED_TELEGRAM',
  'CABLE',
  'LETTER',
  'REPORT',
  'MEMORANDUM',
  'MINUTES',
  'DIRECTIVE',
  'DIARY',
  'NOTE',
  'OTHER',
] as const;
export const DATE_PRECISIONS = ['DAY', 'MONTH', 'YEAR', 'RANGE', 'UNDATED'] as const;
export const PERSON_KINDS = ['PERSON', 'ORGANIZATION'] as const;
export const PERSON_ROLES = ['AUTHOR', 'RECIPIENT', 'MENTIONED', 'INTERMEDIARY', 'SIGNATORY'] as const;
export const NAME_TYPES = [
  'PSEUDONYM',
  'TRANSLITERATION',
  'ORIGINAL_SCRIPT',
  'MISSPELLING',
  'VARIANT',
  'REAL_NAME',
] as const;

export const topicRecord = z.strictObject({
  key,
  name: z.string().trim().min(1).max(200),
  description: optionalText(2000),
  parent: key.nullish(),
});

export const personRecord = z
  .strictObject({
    key,
    name: z.string().trim().min(1).max(300),
    kind: z.enum(PERSON_KINDS).default('PERSON'),
    description: optionalText(2000),
    birthYear: z.number().int().min(-3000).max(2100).nullish(),
    deathYear: z.number().int().min(-3000).max(2100).nullish(),
    alternateNames: z
      .array(
        z.strictObject({
          name: z.string().trim().min(1).max(300),
          type: z.enum(NAME_TYPES),
          language: z.string().min(2).max(35).nullish(),
        }),
      )
      .max(200)
      .default([]),
  })
  .superRefine((p, ctx) => {
    if (p.birthYear != null && p.deathYear != null && p.deathYear < p.birthYear)
      ctx.addIssue({ code: 'custom', path: ['deathYear'], message: 'deathYear is before birthYear' });
    const seen = new Set<string>();
    p.alternateNames.forEach((n, i) => {
      if (seen.has(n.name))
        ctx.addIssue({
          code: 'custom',
          path: ['alternateNames', i, 'name'],
          message: 'this name is listed twice',
        });
      seen.add(n.name);
    });
  });

/** Checks that a document's printed date, interval and precision agree with each other. */
export function dateProblems(d: {
  dateText?: string | null;
  dateStart?: string | null;
  dateEnd?: string | null;
  datePrecision: (typeof DATE_PRECISIONS)[number];
}): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (d.datePrecision === 'UNDATED') {
    if (d.dateStart || d.dateEnd)
      problems.push({ path: 'dateStart', message: 'an undated document has no start or end date' });
    return problems;
  }
  if (!d.dateStart || !d.dateEnd) {
    problems.push({
      path: d.dateStart ? 'dateEnd' : 'dateStart',
      message: `a ${d.datePrecision} date needs both dateStart and dateEnd`,
    });
    return problems;
  }
  if (d.dateStart > d.dateEnd) {
    problems.push({ path: 'dateEnd', message: 'dateEnd is before dateStart' });
    return problems;
  }
  const [sy, sm] = d.dateStart.split('-');
  const expected: Record<string, [string, string] | null> = {
    DAY: [d.dateStart, d.dateStart],
    MONTH: [`${sy}-${sm}-01`, lastDayOfMonth(Number(sy), Number(sm))],
    YEAR: [`${sy}-01-01`, `${sy}-12-31`],
    RANGE: null,
  };
  const span = expected[d.datePrecision];
  if (span && (span[0] !== d.dateStart || span[1] !== d.dateEnd)) {
    problems.push({
      path: 'dateEnd',
      message: `a ${d.datePrecision} date runs from ${span[0]} to ${span[1]}`,
    });
  }
  return problems;
}

/** English month names, January first: how printed dates name months. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export function lastDayOfMonth(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A document's own fields: everything but its links to people and topics. */
export const documentFields = z.strictObject({
  slug: key,
  title: z.string().trim().min(1).max(1000),
  docType: z.enum(DOCUMENT_TYPES),
  summary: optionalText(20_000),
  body: optionalText(2_000_000),
  dateText: optionalText(200),
  dateStart: isoDay.nullish(),
  dateEnd: isoDay.nullish(),
  datePrecision: z.enum(DATE_PRECISIONS).default('UNDATED'),
  originPlace: optionalText(300),
  destinationPlace: optionalText(300),
  sourceArchive: optionalText(500),
  sourceCitation: optionalText(1000),
  // Web addresses only: a javascript: or data: URL would run in the page of any site linking it.
  sourceUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullish(),
  rights: optionalText(1000),
  languages: z.array(z.string().min(2).max(35)).max(20).default([]),
});

const DATE_FIELDS = new Set<PropertyKey>(['dateStart', 'dateEnd', 'datePrecision']);

function checkDates(d: Parameters<typeof dateProblems>[0], ctx: z.RefinementCtx) {
  for (const p of dateProblems(d)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
}

/**
 * The dates are checked against each other once each is valid by itself, even when other
 * fields have problems, so that every problem of a record is reported at once.
 */
const whenDatesValid = {
  when: (payload: z.core.ParsePayload) =>
    !payload.issues.some((issue) => DATE_FIELDS.has(issue.path?.[0] ?? '')),
};

/** A document's own fields, dates checked against each other (what the API's mutations write). */
export const documentFieldsRecord = documentFields.superRefine(checkDates, whenDatesValid);

/** A person's part in a document, the person named by key. */
export const documentPersonLink = z.strictObject({
  person: key,
  role: z.enum(PERSON_ROLES),
  nameAsWritten: optionalText(500),
});

export const documentRecord = documentFields
  .extend({
    people: z.array(documentPersonLink).default([]),
    topics: z.array(key).default([]),
  })
  .superRefine(checkDates, whenDatesValid);

export const corpusFile = z.strictObject({
  source: z.string().optional(),
  topics: z.array(topicRecord).default([]),
  people: z.array(personRecord).default([]),
  documents: z.array(documentRecord).default([]),
});

export type TopicRecord = z.infer<typeof topicRecord>;
export type PersonRecord = z.infer<typeof personRecord>;
export type DocumentRecord = z.infer<typeof documentRecord>;
export type Corpus = z.infer<typeof corpusFile>;

export interface LoadSummary {
  topics: number;
  people: number;
  documents: number;
  changed: number;
}

/**
 * Loads a corpus in one (immediate) transaction, keyed by slug: records that exist are updated in place
 * (and their version bumped) only when something differs, so loading the same corpus twice
 * changes nothing.
 */
export function loadCorpus(db: ArchiveDatabase, input: unknown): LoadSummary {
  const corpus = corpusFile.parse(input);
  const sqlite = db.$client;
  let changed = 0;
  sqlite
    .transaction(() => {
      const writer = new CorpusWriter(sqlite);
      const count = (outcome: string) => {
        if (outcome !== 'unchanged') changed++;
      };
      for (const t of corpus.topics) count(writer.topic(t));
      for (const p of corpus.people) count(writer.person(p));
      for (const d of corpus.documents) count(writer.document(d));
      // IMMEDIATE: take the write lock before the first read. A deferred transaction that reads
      // and then writes fails with SQLITE_BUSY (no waiting) when another process committed in
      // between; an immediate one waits its turn under the busy timeout instead.
    })
    .immediate();
  return {
    topics: corpus.topics.length,
    people: corpus.people.length,
    documents: corpus.documents.length,
    changed,
  };
}
