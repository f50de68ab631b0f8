import { type DocumentRecord, lastDayOfMonth, type PersonRecord, type TopicRecord } from '../../db/corpus.js';
import { encodeArchiveId } from '../../src/global-id.js';

/** Global ID of a record, as the API returns it. */
export const globalId = (type: 'Document' | 'Person' | 'Topic', id: number) => encodeArchiveId(type, id);

type Input<T> = Partial<T> & Record<string, unknown>;

export function topicRecord(overrides: Input<TopicRecord> = {}): Input<TopicRecord> {
  return { key: 'topic', name: 'Topic', ...overrides };
}

export function personRecord(overrides: Input<PersonRecord> = {}): Input<PersonRecord> {
  return { key: 'person', name: 'Person', kind: 'PERSON', ...overrides };
}

/** A day-precision document; pass `date` to set dateText/dateStart/dateEnd together. */
export function documentRecord(
  overrides: Input<DocumentRecord> & { date?: string } = {},
): Input<DocumentRecord> {
  const { date = '1950-01-01', ...rest } = overrides;
  return {
    slug: 'document',
    title: 'Document',
    docType: 'TELEGRAM',
    dateText: date,
    dateStart: date,
    dateEnd: date,
    datePrecision: 'DAY',
    ...rest,
  };
}

/**
 * `count` test documents, one a day from 1950-01-01, each written by one of three authors
 * and filed under one of two topics: enough rows to page through at the largest page size.
 */
export function bulkCorpus(count: number) {
  const topics = [
    topicRecord({ key: 'war', name: 'War' }),
    topicRecord({ key: 'front', name: 'Front', parent: 'war' }),
    topicRecord({ key: 'aid', name: 'Aid' }),
  ];
  const people = [0, 1, 2, 3].map((i) => personRecord({ key: `author-${i}`, name: `Author ${i}` }));
  const start = Date.UTC(1950, 0, 1);
  const documents = Array.from({ length: count }, (_, i) => {
    const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    return documentRecord({
      slug: `doc-${String(i).padStart(4, '0')}`,
      title: `Document ${String(i).padStart(4, '0')}`,
      date,
      people: [
        { person: `author-${i % 3}`, role: 'AUTHOR' },
        { person: 'author-3', role: 'RECIPIENT', nameAsWritten: 'Recipient' },
      ],
      topics: [i % 2 ? 'front' : 'aid'],
    });
  });
  return { topics, people, documents };
}

/**
 * A document dated as a historian prints it: "1950-10-15" (a day), "1950-10" (a month),
 * "1950" (a year) or a [first, last] range of days; `null` for an undated one.
 */
export function datedRecord(
  slug: string,
  date: string | [string, string] | null,
  overrides: Input<DocumentRecord> = {},
): Input<DocumentRecord> {
  const base = documentRecord({ slug, title: `Fixture ${slug}`, ...overrides });
  if (date === null)
    return { ...base, dateText: null, dateStart: null, dateEnd: null, datePrecision: 'UNDATED' };
  if (Array.isArray(date))
    return { ...base, dateText: null, dateStart: date[0], dateEnd: date[1], datePrecision: 'RANGE' };
  const [year, month, day] = date.split('-');
  if (day) return { ...base, dateText: date, dateStart: date, dateEnd: date, datePrecision: 'DAY' };
  if (month)
    return {
      ...base,
      dateText: date,
      dateStart: `${year}-${month}-01`,
      dateEnd: lastDayOfMonth(Number(year), Number(month)),
      datePrecision: 'MONTH',
    };
  return {
    ...base,
    dateText: date,
    dateStart: `${year}-01-01`,
    dateEnd: `${year}-12-31`,
    datePrecision: 'YEAR',
  };
}

/**
 * `n` people and `n` topics (a tree, three children to a topic) with `3n` documents among
 * them: each document written by one agent, addressed to the next and naming a third, so
 * every agent has documents in each role; every fourth document also names its own author
 * (two roles, one document). Every seventh is undated, titles do not follow dates, and each
 * document is filed under two topics, often of one subtree. For lists nested under lists.
 */
export function networkCorpus(n: number) {
  const topics = Array.from({ length: n }, (_, i) =>
    topicRecord({
      key: `t-${i}`,
      name: `Topic ${String(i).padStart(3, '0')}`,
      parent: i === 0 ? null : `t-${Math.floor((i - 1) / 3)}`,
    }),
  );
  const people = Array.from({ length: n }, (_, i) =>
    personRecord({ key: `p-${i}`, name: `Agent ${String(i).padStart(3, '0')}` }),
  );
  const docTypes = ['TELEGRAM', 'LETTER', 'REPORT'] as const;
  const start = Date.UTC(1950, 0, 1);
  const documents = Array.from({ length: 3 * n }, (_, j) => {
    const author = `p-${j % n}`;
    const mentioned = `p-${(j * 7 + 2) % n}`;
    const date = new Date(start + ((j * 37) % 365) * 86_400_000).toISOString().slice(0, 10);
    const record = documentRecord({
      slug: `net-${j}`,
      title: `${['Cable', 'memo', 'Note', 'report'][j % 4]} ${String((j * 13) % 97).padStart(2, '0')}`,
      docType: docTypes[j % 3],
      date,
      people: [
        { person: author, role: 'AUTHOR' },
        { person: `p-${(j + 1) % n}`, role: 'RECIPIENT' },
        ...(mentioned === author ? [] : [{ person: mentioned, role: 'MENTIONED' as const }]),
        ...(j % 4 === 0 ? [{ person: author, role: 'MENTIONED' as const }] : []),
      ],
      topics: [...new Set([`t-${j % n}`, `t-${(j * 5 + 1) % n}`])],
    });
    return j % 7 === 3
      ? { ...record, dateText: null, dateStart: null, dateEnd: null, datePrecision: 'UNDATED' }
      : record;
  });
  return { topics, people, documents };
}
