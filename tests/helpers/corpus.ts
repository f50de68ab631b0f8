import type { ArchiveDatabase } from '../../db/client.js';
import { type Corpus, loadCorpus } from '../../db/corpus.js';

type DocumentInput = Partial<Corpus['documents'][number]> & { slug: string };

/**
 * A fixture document: an undated memorandum titled after its slug unless overridden. Fixtures
 * are made-up test data, never archive facts.
 */
export function documentFixture(overrides: DocumentInput): Corpus['documents'][number] {
  return {
    title: `Fixture ${overrides.slug}`,
    docType: 'MEMORANDUM',
    datePrecision: 'UNDATED',
    languages: [],
    people: [],
    topics: [],
    ...overrides,
  } as Corpus['documents'][number];
}

/** A document dated as a historian would print it: a day, a month, a year or a range. */
export function dated(
  slug: string,
  date: string | [string, string],
  overrides: Partial<DocumentInput> = {},
): Corpus['documents'][number] {
  if (Array.isArray(date))
    return documentFixture({
      slug,
      dateStart: date[0],
      dateEnd: date[1],
      datePrecision: 'RANGE',
      ...overrides,
    });
  const [y, m, d] = date.split('-');
  if (d) return documentFixture({ slug, dateStart: date, dateEnd: date, datePrecision: 'DAY', ...overrides });
  if (m) {
    const last = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate();
    return documentFixture({
      slug,
      dateStart: `${y}-${m}-01`,
      dateEnd: `${y}-${m}-${String(last).padStart(2, '0')}`,
      datePrecision: 'MONTH',
      ...overrides,
    });
  }
  return documentFixture({
    slug,
    dateStart: `${y}-01-01`,
    dateEnd: `${y}-12-31`,
    datePrecision: 'YEAR',
    ...overrides,
  });
}

export function loadFixtures(db: ArchiveDatabase, corpus: Partial<Corpus>) {
  return loadCorpus(db, { topics: [], people: [], documents: [], ...corpus });
}
