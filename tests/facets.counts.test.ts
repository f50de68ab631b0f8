import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../db/corpus.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { datedRecord as dated } from './helpers/factories.js';

const FACETS = /* GraphQL */ `
  fragment Facets on DocumentFacets {
    topics(limit: 100) { topic { id name } count }
    people(limit: 100) { person { id name } role count }
    years { label from to mode count }
    months { label from to mode count }
    docTypes { docType count }
    languages { language count }
  }
`;

type Filter = Record<string, unknown>;
interface Facets {
  topics: { topic: { id: string; name: string }; count: number }[];
  people: { person: { id: string; name: string }; role: string; count: number }[];
  years: { label: string; from: string; to: string; mode: string; count: number }[];
  months: { label: string; from: string; to: string; mode: string; count: number }[] | null;
  docTypes: { docType: string; count: number }[];
  languages: { language: string; count: number }[];
}
interface Listed {
  totalCount: number;
  facets: Facets;
}

/** A document list that facets can be asked of: root, search, a person's or a topic's. */
interface ListKind {
  name: string;
  query: string;
  pick: (data: Record<string, unknown>) => Listed;
  variables?: Record<string, unknown>;
}

const root: ListKind = {
  name: 'documents',
  query: `query ($filter: DocumentFilter) { list: documents(filter: $filter, first: 0) { totalCount facets { ...Facets } } } ${FACETS}`,
  pick: (data) => data.list as Listed,
};
const searchFor = (query: string): ListKind => ({
  name: `search "${query}"`,
  query: `query ($filter: DocumentFilter, $query: String) { list: search(query: $query, filter: $filter, first: 0) { totalCount facets { ...Facets } } } ${FACETS}`,
  pick: (data) => data.list as Listed,
  variables: { query },
});
const personDocuments = (slug: string): ListKind => ({
  name: `person ${slug}`,
  query: `query ($filter: DocumentFilter, $slug: String) { person(slug: $slug) { list: documents(filter: $filter, first: 0) { totalCount facets { ...Facets } } } } ${FACETS}`,
  pick: (data) => (data.person as { list: Listed }).list,
  variables: { slug },
});
const topicDocuments = (slug: string): ListKind => ({
  name: `topic ${slug}`,
  query: `query ($filter: DocumentFilter, $slug: String) { topic(slug: $slug) { list: documents(filter: $filter, first: 0) { totalCount facets { ...Facets } } } } ${FACETS}`,
  pick: (data) => (data.topic as { list: Listed }).list,
  variables: { slug },
});

async function list(app: TestApp, kind: ListKind, filter: Filter): Promise<Listed> {
  return kind.pick(await app.data(kind.query, { ...kind.variables, filter }));
}

/**
 * Checks every facet value of the list against the totalCount of the list re-filtered the way
 * the value's description says. Returns how many values were checked.
 */
async function expectFacetsMatchTotals(app: TestApp, kind: ListKind, filter: Filter): Promise<number> {
  const { facets } = await list(app, kind, filter);
  const narrowed: [string, number, Filter][] = [
    ...facets.topics.map((v): [string, number, Filter] => [
      `topic ${v.topic.name}`,
      v.count,
      { ...filter, topics: [...((filter.topics as string[]) ?? []), v.topic.id] },
    ]),
    ...facets.people.map((v): [string, number, Filter] => [
      `${v.role} ${v.person.name}`,
      v.count,
      { ...filter, people: [...((filter.people as Filter[]) ?? []), { id: v.person.id, roles: [v.role] }] },
    ]),
    ...[...facets.years, ...(facets.months ?? [])].map((v): [string, number, Filter] => [
      `date ${v.label}`,
      v.count,
      { ...filter, date: { from: v.from, to: v.to, mode: v.mode } },
    ]),
    ...facets.docTypes.map((v): [string, number, Filter] => [
      `type ${v.docType}`,
      v.count,
      { ...filter, docTypes: [v.docType] },
    ]),
    ...facets.languages.map((v): [string, number, Filter] => [
      `language ${v.language}`,
      v.count,
      { ...filter, languages: [v.language] },
    ]),
  ];
  for (const [label, count, refiltered] of narrowed) {
    expect(count, `${kind.name}: ${label}`).toBeGreaterThan(0);
    expect((await list(app, kind, refiltered)).totalCount, `${kind.name}: ${label}`).toBe(count);
  }
  return narrowed.length;
}

describe('facets on the seed corpus', () => {
  const app = createTestApp();

  it('when facets are asked of every kind of list, then each value counts what its filter would list', async () => {
    let checked = 0;
    for (const [kind, filter] of [
      [root, {}],
      [root, { date: { from: '1950' } }],
      [searchFor('Stalin OR Shtykov'), {}],
      [searchFor('Kim'), { docTypes: ['TELEGRAM', 'CABLE'] }],
      [personDocuments('shtykov'), {}],
      [topicDocuments('korean-war'), { includeDescendants: true }],
      [topicDocuments('korean-war'), { includeDescendants: false }],
    ] as [ListKind, Filter][]) {
      checked += await expectFacetsMatchTotals(app, kind, filter);
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('when the whole archive is faceted, then the seed corpus counts come out as listed', async () => {
    const { totalCount, facets } = await list(app, root, {});
    expect(totalCount).toBe(10);
    expect(facets.years.map((y) => [y.label, y.count])).toEqual([
      ['1949', 1],
      ['1950', 9],
    ]);
    expect(facets.months).toBeNull();
    expect(facets.docTypes).toEqual([
      { docType: 'TELEGRAM', count: 8 },
      { docType: 'CABLE', count: 1 },
      { docType: 'CIPHERED_TELEGRAM', count: 1 },
    ]);
    expect(facets.people.slice(0, 2).map((p) => [p.person.name, p.role, p.count])).toEqual([
      ['Kim Il Sung', 'MENTIONED', 6],
      ['Shtykov', 'AUTHOR', 5],
    ]);
  });

  it('when the filter lies within one year, then months are given, clipped to the filter', async () => {
    const { facets } = await list(app, root, { date: { from: '1950-09-25', to: '1950-10' } });
    expect(facets.months).toEqual([
      { label: '1950-09', from: '1950-09-25', to: '1950-09-30', mode: 'OVERLAPS', count: 2 },
      { label: '1950-10', from: '1950-10-01', to: '1950-10-31', mode: 'OVERLAPS', count: 2 },
    ]);
  });

  it('when a topic has subtopics, then its count includes their documents unless includeDescendants is false', async () => {
    const withSub = await list(app, root, {});
    const without = await list(app, root, { includeDescendants: false });
    const count = (f: Facets, name: string) => f.topics.find((t) => t.topic.name === name)?.count;
    expect(count(withSub.facets, 'Korean War')).toBeGreaterThan(count(without.facets, 'Korean War') ?? 0);
  });
});

describe('facets over dates of every precision', () => {
  const app = createTestApp({ seed: false });
  loadCorpus(app.db, {
    topics: [
      { key: 'parent', name: 'Fixture parent' },
      { key: 'child', name: 'Fixture child', parent: 'parent' },
    ],
    documents: [
      dated('day', '1950-10-15', { languages: ['ru'], topics: ['child'] }),
      dated('month', '1950-10', { languages: ['ru', 'ko'], topics: ['parent'] }),
      dated('year', '1950', { languages: ['zh'], docType: 'REPORT' }),
      dated('range', ['1950-12-20', '1951-01-05'], { languages: ['ko'], topics: ['child'] }),
      dated('long-range', ['1949-06-01', '1952-02-01'], { docType: 'LETTER' }),
      dated('undated', null, { languages: ['ru'] }),
    ],
  });

  it('when faceted with either date mode, then each year, month and language count matches its filter', async () => {
    let checked = 0;
    for (const filter of [
      {},
      { date: { from: '1950', to: '1951', mode: 'WITHIN' } },
      { date: { from: '1950-10-10', to: '1951-01-02' } },
      { date: { from: '1950-10', to: '1950-12', mode: 'WITHIN' } },
      { date: { from: '1950-06', to: '1950-12' } },
      { languages: ['ru', 'ko'] },
    ])
      checked += await expectFacetsMatchTotals(app, root, filter);
    expect(checked).toBeGreaterThan(30);
  });

  it('when a document spans years, then under OVERLAPS it counts in each and under WITHIN in none', async () => {
    const overlaps = await list(app, root, {});
    expect(overlaps.facets.years.map((y) => [y.label, y.count])).toEqual([
      ['1949', 1],
      ['1950', 5],
      ['1951', 2],
      ['1952', 1],
    ]);
    const within = await list(app, root, { date: { from: '1949', to: '1952', mode: 'WITHIN' } });
    expect(within.facets.years.map((y) => [y.label, y.count])).toEqual([['1950', 3]]);
    expect(overlaps.facets.languages).toEqual([
      { language: 'ru', count: 3 },
      { language: 'ko', count: 2 },
      { language: 'zh', count: 1 },
    ]);
  });

  it('when a facet limit is out of range, then the error is BAD_USER_INPUT', async () => {
    const result = await app.request(/* GraphQL */ `
      { documents { facets { people(limit: 0) { count } } } }
    `);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
