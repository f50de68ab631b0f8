import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../db/corpus.js';
import { createTestApp } from './helpers/app.js';
import { documentRecord, globalId, personRecord, topicRecord } from './helpers/factories.js';

/** A small archive with every date precision, several roles, a topic tree and languages. */
function fixture() {
  const app = createTestApp({ seed: false });
  loadCorpus(app.db, {
    topics: [
      topicRecord({ key: 'war', name: 'War' }),
      topicRecord({ key: 'air', name: 'Air war', parent: 'war' }),
      topicRecord({ key: 'pilots', name: 'Pilots', parent: 'air' }),
      topicRecord({ key: 'trade', name: 'Trade' }),
    ],
    people: [
      personRecord({ key: 'ann', name: 'Ann' }),
      personRecord({ key: 'bob', name: 'Bob' }),
      personRecord({ key: 'ministry', name: 'Ministry', kind: 'ORGANIZATION' }),
    ],
    documents: [
      documentRecord({
        slug: 'day',
        title: 'Beta day telegram',
        date: '1950-10-17',
        languages: ['ru'],
        people: [
          { person: 'ann', role: 'AUTHOR' },
          { person: 'bob', role: 'RECIPIENT' },
        ],
        topics: ['pilots'],
      }),
      documentRecord({
        slug: 'month',
        title: 'alpha month letter',
        docType: 'LETTER',
        dateText: 'October 1950',
        dateStart: '1950-10-01',
        dateEnd: '1950-10-31',
        datePrecision: 'MONTH',
        languages: ['zh', 'ru'],
        people: [
          { person: 'bob', role: 'AUTHOR' },
          { person: 'ann', role: 'MENTIONED' },
        ],
        topics: ['air', 'trade'],
      }),
      documentRecord({
        slug: 'year',
        title: 'Gamma year report',
        docType: 'REPORT',
        dateText: '1951',
        dateStart: '1951-01-01',
        dateEnd: '1951-12-31',
        datePrecision: 'YEAR',
        languages: ['ko'],
        people: [{ person: 'ministry', role: 'AUTHOR' }],
        topics: ['war'],
      }),
      documentRecord({
        slug: 'undated',
        title: 'Delta undated note',
        docType: 'NOTE',
        dateText: null,
        dateStart: null,
        dateEnd: null,
        datePrecision: 'UNDATED',
        people: [{ person: 'ann', role: 'RECIPIENT' }],
        topics: ['trade'],
      }),
      documentRecord({ slug: 'early', title: 'Epsilon early cable', docType: 'CABLE', date: '1949-03-02' }),
    ],
  });
  return app;
}

describe('document filters and ordering', () => {
  const app = fixture();
  const ids = Object.fromEntries(
    (
      app.db.$client.prepare('select slug, id from people union all select slug, id from topics').all() as {
        slug: string;
        id: number;
      }[]
    ).map((r) => [r.slug, r.id]),
  );
  const person = (slug: string) => globalId('Person', ids[slug] as number);
  const topic = (slug: string) => globalId('Topic', ids[slug] as number);

  async function slugs(filter: unknown, orderBy?: unknown) {
    const data = await app.data<{ documents: { totalCount: number; nodes: { slug: string }[] } }>(
      /* GraphQL */ `query($filter: DocumentFilter, $orderBy: DocumentOrder) {
        documents(first: 100, filter: $filter, orderBy: $orderBy) { totalCount nodes { slug } }
      }`,
      { filter, orderBy },
    );
    expect(data.documents.totalCount).toBe(data.documents.nodes.length);
    return data.documents.nodes.map((d) => d.slug);
  }

  it('when ordered by date, then undated documents come last in both directions', async () => {
    expect(await slugs(null)).toEqual(['early', 'month', 'day', 'year', 'undated']);
    expect(await slugs(null, { field: 'DATE', direction: 'DESC' })).toEqual([
      'year',
      'day',
      'month',
      'early',
      'undated',
    ]);
  });

  it('when ordered by title, then case is ignored, both ways', async () => {
    expect(await slugs(null, { field: 'TITLE' })).toEqual(['month', 'day', 'undated', 'early', 'year']);
    expect(await slugs(null, { field: 'TITLE', direction: 'DESC' })).toEqual([
      'year',
      'early',
      'undated',
      'day',
      'month',
    ]);
  });

  it('when a date range overlaps a month-dated document, then OVERLAPS finds it and WITHIN does not', async () => {
    expect(await slugs({ date: { from: '1950-10-15', to: '1950-10-20' } })).toEqual(['month', 'day']);
    expect(await slugs({ date: { from: '1950-10-15', to: '1950-10-20', mode: 'WITHIN' } })).toEqual(['day']);
    expect(await slugs({ date: { from: '1950-10-01', to: '1950-10-31', mode: 'WITHIN' } })).toEqual([
      'month',
      'day',
    ]);
  });

  it('when partial dates are given, then a year or month means all of it', async () => {
    expect(await slugs({ date: { from: '1950', to: '1950' } })).toEqual(['month', 'day']);
    expect(await slugs({ date: { from: '1950-10', to: '1950-10', mode: 'WITHIN' } })).toEqual([
      'month',
      'day',
    ]);
    expect(await slugs({ date: { from: '1951-06', mode: 'OVERLAPS' } })).toEqual(['year']);
    expect(await slugs({ date: { from: '1951-06', mode: 'WITHIN' } })).toEqual([]);
    expect(await slugs({ date: { to: '1949' } })).toEqual(['early']);
  });

  it('when any date filter is given, then undated documents never match', async () => {
    expect(await slugs({ date: {} })).toEqual(['early', 'month', 'day', 'year']);
  });

  it('when filtered by document type, then any of the types match', async () => {
    expect(await slugs({ docTypes: ['LETTER', 'NOTE'] })).toEqual(['month', 'undated']);
  });

  it('when filtered by person, then any role matches unless roles are given', async () => {
    expect(await slugs({ people: [{ id: person('ann') }] })).toEqual(['month', 'day', 'undated']);
    expect(await slugs({ people: [{ id: person('ann'), roles: ['AUTHOR'] }] })).toEqual(['day']);
    expect(await slugs({ people: [{ id: person('ann'), roles: ['MENTIONED', 'RECIPIENT'] }] })).toEqual([
      'month',
      'undated',
    ]);
    expect(
      await slugs({ people: [{ id: person('ann') }, { id: person('bob'), roles: ['AUTHOR'] }] }),
    ).toEqual(['month']);
  });

  it('when filtered by topic, then subtopics count unless switched off', async () => {
    expect(await slugs({ topics: [topic('war')] })).toEqual(['month', 'day', 'year']);
    expect(await slugs({ topics: [topic('war')], includeDescendants: false })).toEqual(['year']);
    expect(await slugs({ topics: [topic('air'), topic('trade')] })).toEqual(['month']);
  });

  it('when filtered by language, then any of the languages match', async () => {
    expect(await slugs({ languages: ['zh'] })).toEqual(['month']);
    expect(await slugs({ languages: ['ko', 'ru'] })).toEqual(['month', 'day', 'year']);
  });

  it('when criteria are combined, then all must hold', async () => {
    expect(
      await slugs({
        languages: ['ru'],
        docTypes: ['TELEGRAM'],
        date: { from: '1950-10-17', to: '1950-10-17' },
      }),
    ).toEqual(['day']);
  });

  it("when a person's or topic's documents are listed, then the same filter applies within them", async () => {
    const data = await app.data<{
      person: { documents: { totalCount: number; nodes: { slug: string }[] }; authored: number; all: number };
      topic: { documents: { totalCount: number; nodes: { slug: string }[] }; direct: { totalCount: number } };
    }>(
      /* GraphQL */ `query($ann: ID!, $war: ID!) {
        person(id: $ann) {
          documents(filter: { date: { from: "1950" } }) { totalCount nodes { slug } }
          authored: documentCount(role: AUTHOR)
          all: documentCount
        }
        topic(id: $war) {
          documents(filter: { docTypes: [TELEGRAM, REPORT] }, orderBy: { field: DATE, direction: DESC }) { totalCount nodes { slug } }
          direct: documents(includeDescendants: false) { totalCount }
        }
      }`,
      { ann: person('ann'), war: topic('war') },
    );
    expect(data.person.documents).toEqual({ totalCount: 2, nodes: [{ slug: 'month' }, { slug: 'day' }] });
    expect(data.person.authored).toBe(1);
    expect(data.person.all).toBe(3);
    expect(data.topic.documents).toEqual({ totalCount: 2, nodes: [{ slug: 'year' }, { slug: 'day' }] });
    expect(data.topic.direct.totalCount).toBe(1);
  });

  it('when a person is linked to one document in two roles, then it is listed and counted once', async () => {
    const twice = createTestApp({ seed: false });
    loadCorpus(twice.db, {
      people: [personRecord({ key: 'ann', name: 'Ann' })],
      documents: [
        documentRecord({
          slug: 'both',
          people: [
            { person: 'ann', role: 'AUTHOR' },
            { person: 'ann', role: 'SIGNATORY' },
          ],
        }),
      ],
    });
    const data = await twice.data<{
      persons: { nodes: { documentCount: number; documents: { totalCount: number; nodes: unknown[] } }[] };
    }>(`{ persons { nodes { documentCount documents { totalCount nodes { slug } } } } }`);
    expect(data.persons.nodes[0]).toEqual({
      documentCount: 1,
      documents: { totalCount: 1, nodes: [{ slug: 'both' }] },
    });
  });
});
