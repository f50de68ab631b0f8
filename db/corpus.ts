import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ArchiveDatabase } from './client.js';
import {
  documentLanguages,
  documentPeople,
  documents,
  documentTopics,
  people,
  personNames,
  topics,
} from './schema.js';

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
  sourceUrl: z.url().max(2000).nullish(),
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
 * Loads a corpus in one transaction, keyed by slug: records that exist are updated in place
 * (and their version bumped) only when something differs, so loading the same corpus twice
 * changes nothing.
 */
export function loadCorpus(db: ArchiveDatabase, input: unknown): LoadSummary {
  const corpus = corpusFile.parse(input);
  let changed = 0;
  db.transaction((tx) => {
    const topicIds = new Map<string, number>();
    for (const t of corpus.topics) {
      const parentId = t.parent ? (topicIds.get(t.parent) ?? idBySlug(tx, topics, t.parent)) : null;
      if (t.parent && parentId === undefined) throw new Error(`topic ${t.key}: unknown parent ${t.parent}`);
      const values = {
        slug: t.key,
        name: t.name,
        description: t.description ?? null,
        parentId: parentId ?? null,
      };
      const [id, didChange] = upsert(tx, topics, values);
      topicIds.set(t.key, id);
      if (didChange) changed++;
    }

    const personIds = new Map<string, number>();
    for (const p of corpus.people) {
      const values = {
        slug: p.key,
        name: p.name,
        kind: p.kind,
        description: p.description ?? null,
        birthYear: p.birthYear ?? null,
        deathYear: p.deathYear ?? null,
      };
      const [id, personChanged] = upsert(tx, people, values);
      personIds.set(p.key, id);
      const namesChanged = replaceRows(
        tx,
        personNames,
        eq(personNames.personId, id),
        p.alternateNames.map((n) => ({
          personId: id,
          name: n.name,
          nameType: n.type,
          language: n.language ?? null,
        })),
        (r) => `${r.name}\u0000${r.nameType}\u0000${r.language ?? ''}`,
      );
      if (personChanged || namesChanged) changed++;
    }

    for (const d of corpus.documents) {
      const { people: links, topics: topicKeys, languages, ...fields } = d;
      const values = {
        ...fields,
        summary: fields.summary ?? null,
        body: fields.body ?? null,
        dateText: fields.dateText ?? null,
        dateStart: fields.dateStart ?? null,
        dateEnd: fields.dateEnd ?? null,
        originPlace: fields.originPlace ?? null,
        destinationPlace: fields.destinationPlace ?? null,
        sourceArchive: fields.sourceArchive ?? null,
        sourceCitation: fields.sourceCitation ?? null,
        sourceUrl: fields.sourceUrl ?? null,
        rights: fields.rights ?? null,
      };
      const [id, docChanged] = upsert(tx, documents, values);
      const resolvePerson = (k: string) => {
        const pid = personIds.get(k) ?? idBySlug(tx, people, k);
        if (pid === undefined) throw new Error(`document ${d.slug}: unknown person ${k}`);
        return pid;
      };
      const resolveTopic = (k: string) => {
        const tid = topicIds.get(k) ?? idBySlug(tx, topics, k);
        if (tid === undefined) throw new Error(`document ${d.slug}: unknown topic ${k}`);
        return tid;
      };
      const roleCounts = new Map<string, number>();
      const linkRows = links.map((l) => {
        const position = roleCounts.get(l.role) ?? 0;
        roleCounts.set(l.role, position + 1);
        return {
          documentId: id,
          personId: resolvePerson(l.person),
          role: l.role,
          nameAsWritten: l.nameAsWritten ?? null,
          position,
        };
      });
      const peopleChanged = replaceRows(
        tx,
        documentPeople,
        eq(documentPeople.documentId, id),
        linkRows,
        (r) => `${r.personId}\u0000${r.role}\u0000${r.nameAsWritten ?? ''}\u0000${r.position}`,
      );
      const topicsChanged = replaceRows(
        tx,
        documentTopics,
        eq(documentTopics.documentId, id),
        [...new Set(topicKeys)].map((k) => ({ documentId: id, topicId: resolveTopic(k) })),
        (r) => String(r.topicId),
      );
      const languagesChanged = replaceRows(
        tx,
        documentLanguages,
        eq(documentLanguages.documentId, id),
        [...new Set(languages)].map((language) => ({ documentId: id, language })),
        (r) => r.language,
      );
      if (docChanged || peopleChanged || topicsChanged || languagesChanged) changed++;
    }
  });
  return {
    topics: corpus.topics.length,
    people: corpus.people.length,
    documents: corpus.documents.length,
    changed,
  };
}

type Tx = Parameters<Parameters<ArchiveDatabase['transaction']>[0]>[0];
type Keyed = typeof documents | typeof people | typeof topics;

function idBySlug(tx: Tx, table: Keyed, slug: string): number | undefined {
  const row = tx.select({ id: table.id }).from(table).where(eq(table.slug, slug)).get();
  return row?.id;
}

/** Inserts by slug, or updates the differing columns and bumps the version. */
function upsert(
  tx: Tx,
  table: Keyed,
  values: Record<string, unknown> & { slug: string },
): [id: number, changed: boolean] {
  const existing = tx.select().from(table).where(eq(table.slug, values.slug)).get() as
    | (Record<string, unknown> & { id: number; version: number })
    | undefined;
  if (!existing) {
    const inserted = tx
      .insert(table)
      // biome-ignore lint/suspicious/noExplicitAny: one upsert serves three tables of one shape
      .values(values as any)
      .returning({ id: table.id })
      .get();
    return [inserted.id, true];
  }
  const diff = Object.fromEntries(Object.entries(values).filter(([k, v]) => existing[k] !== v));
  if (Object.keys(diff).length === 0) return [existing.id, false];
  tx.update(table)
    .set({
      ...diff,
      version: existing.version + 1,
      updatedAt: new Date().toISOString(),
    })
    .where(eq(table.id, existing.id))
    .run();
  return [existing.id, true];
}

/** Makes a parent's child rows equal `rows`, touching nothing when they already are. */
function replaceRows<T extends Record<string, unknown>>(
  tx: Tx,
  // biome-ignore lint/suspicious/noExplicitAny: child tables differ in shape
  table: any,
  // biome-ignore lint/suspicious/noExplicitAny: a drizzle condition
  ofParent: any,
  rows: T[],
  identity: (row: T) => string,
): boolean {
  const current = tx.select().from(table).where(ofParent).all() as T[];
  const want = rows.map(identity).sort().join('\n');
  const have = current.map(identity).sort().join('\n');
  if (want === have) return false;
  tx.delete(table).where(ofParent).run();
  if (rows.length) tx.insert(table).values(rows).run();
  return true;
}
