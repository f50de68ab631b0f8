import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../db/corpus.js';
import { createTestApp } from './helpers/app.js';
import { datedRecord as dated } from './helpers/factories.js';

const app = createTestApp({ seed: false });

const LINKS = {
  people: [{ person: 'fixture-clerk', role: 'AUTHOR' as const }],
  topics: ['fixture-topic'],
  summary: 'Fixture dispatch',
};

beforeAll(() => {
  loadCorpus(app.db, {
    topics: [{ key: 'fixture-topic', name: 'Fixture topic' }],
    people: [{ key: 'fixture-clerk', name: 'Fixture Clerk', kind: 'PERSON', alternateNames: [] }],
    documents: [
      dated('day', '1950-10-15', LINKS),
      dated('month', '1950-10', LINKS),
      dated('year', '1950', LINKS),
      dated('range', ['1950-12-20', '1951-01-05'], LINKS),
      dated('earlier', '1949-05-15', LINKS),
      dated('undated', null, { ...LINKS }),
    ],
  });
});

interface Slugs {
  nodes: { slug: string }[];
}

async function slugs(date: Record<string, unknown>) {
  const data = await app.data<{ documents: Slugs }>(
    /* GraphQL */ `
      query ($filter: DocumentFilter) {
        documents(filter: $filter, first: 50) {
          nodes { slug }
        }
      }
    `,
    { filter: { date } },
  );
  return data.documents.nodes.map((n) => n.slug).sort();
}

describe('date filter precision', () => {
  it('when a month-dated document is filtered by days inside the month, then it overlaps but is not within', async () => {
    expect(await slugs({ from: '1950-10-15', to: '1950-10-20' })).toEqual(['day', 'month', 'year']);
    expect(await slugs({ from: '1950-10-15', to: '1950-10-20', mode: 'WITHIN' })).toEqual(['day']);
  });

  it('when the range is the whole month, then the month-dated document is within it', async () => {
    expect(await slugs({ from: '1950-10-01', to: '1950-10-31', mode: 'WITHIN' })).toEqual(['day', 'month']);
  });

  it('when partial dates are given, then from means their first day and to their last', async () => {
    expect(await slugs({ from: '1950-10', to: '1950-10', mode: 'WITHIN' })).toEqual(['day', 'month']);
    expect(await slugs({ from: '1950', to: '1950', mode: 'WITHIN' })).toEqual(['day', 'month', 'year']);
    expect(await slugs({ from: '1950', to: '1950' })).toEqual(['day', 'month', 'range', 'year']);
  });

  it('when a year range is asked, then a range dated across the new year overlaps both years but is within neither', async () => {
    expect(await slugs({ from: '1951', to: '1951' })).toEqual(['range']);
    expect(await slugs({ from: '1951', to: '1951', mode: 'WITHIN' })).toEqual([]);
    expect(await slugs({ from: '1950', to: '1951', mode: 'WITHIN' })).toEqual([
      'day',
      'month',
      'range',
      'year',
    ]);
  });

  it('when one end is open, then the range runs to the start or end of time', async () => {
    expect(await slugs({ to: '1949' })).toEqual(['earlier']);
    expect(await slugs({ from: '1951-01-05' })).toEqual(['range']);
    expect(await slugs({ from: '1950-12-31', mode: 'WITHIN' })).toEqual([]);
  });

  it('when any date filter is given, then undated documents never match', async () => {
    expect(await slugs({ from: '0001' })).not.toContain('undated');
    expect(await slugs({})).not.toContain('undated');
    expect(await slugs({ to: '9999' })).toHaveLength(5);
  });

  it('when ordered by date either way, then undated documents come last', async () => {
    for (const direction of ['ASC', 'DESC']) {
      const data = await app.data<{ documents: Slugs }>(
        /* GraphQL */ `
          query ($direction: SortDirection) {
            documents(first: 50, orderBy: { field: DATE, direction: $direction }) { nodes { slug } }
          }
        `,
        { direction },
      );
      const order = data.documents.nodes.map((n) => n.slug);
      expect(order.at(-1)).toBe('undated');
      expect(order[0]).toBe(direction === 'ASC' ? 'earlier' : 'range');
    }
  });

  it('when a date is malformed, impossible or reversed, then the error is BAD_USER_INPUT naming the field', async () => {
    for (const date of [
      { from: '10/1950' },
      { from: '1950-02-30' },
      { to: '1950-13' },
      { from: '1951', to: '1950' },
      { from: '0000' },
    ]) {
      const result = await app.request(
        /* GraphQL */ `
          query ($filter: DocumentFilter) { documents(filter: $filter) { totalCount } }
        `,
        { filter: { date } },
      );
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(date)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/filter\.date/);
    }
  });

  it('when the same filter is given to every document list, then each lists the same documents', async () => {
    const filter = { date: { from: '1950-10', to: '1950-12', mode: 'OVERLAPS' }, text: 'dispatch' };
    const data = await app.data<{
      documents: Slugs;
      search: Slugs;
      persons: { nodes: { documents: Slugs }[] };
      topics: { nodes: { documents: Slugs }[] };
    }>(
      /* GraphQL */ `
        query ($filter: DocumentFilter) {
          documents(filter: $filter, first: 50) { nodes { slug } }
          search(filter: $filter, first: 50) { nodes { slug } }
          persons(name: "Fixture Clerk") { nodes { documents(filter: $filter, first: 50) { nodes { slug } } } }
          topics(first: 1) { nodes { documents(filter: $filter, first: 50) { nodes { slug } } } }
        }
      `,
      { filter },
    );
    const expected = ['day', 'month', 'range', 'year'];
    const sorted = (s: Slugs) => s.nodes.map((n) => n.slug).sort();
    expect(sorted(data.documents)).toEqual(expected);
    expect(sorted(data.search)).toEqual(expected);
    expect(sorted(data.persons.nodes[0]?.documents as Slugs)).toEqual(expected);
    expect(sorted(data.topics.nodes[0]?.documents as Slugs)).toEqual(expected);
  });
});
