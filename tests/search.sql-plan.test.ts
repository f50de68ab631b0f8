import { describe, expect, it } from 'vitest';
import { LISTING_QUERY } from '../src/yoga.js';
import { createTestApp } from './helpers/app.js';

const app = createTestApp();
const sqlite = app.db.$client;
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

/** The plan of a logged statement; placeholders get dummy values (plans do not depend on them). */
function planOf(statement: string): string[] {
  const placeholders = statement.match(/\?/g)?.length ?? 0;
  const rows = sqlite
    .prepare(`explain query plan ${statement}`)
    .all(...Array.from({ length: placeholders }, () => 'x')) as { detail: string }[];
  return rows.map((row) => row.detail);
}

describe('search SQL', () => {
  it('when the listing page is asked for, then a fixed number of statements serves it, whatever the page size', async () => {
    const counts: number[] = [];
    for (const first of [2, 5]) {
      const query = LISTING_QUERY.replace('first: 10', `first: ${first}`);
      const { result, statements } = await app.sqlOf(query, {
        query: 'Stalin OR Shtykov',
        filter: { date: { from: '1950', to: '1950' } },
      });
      expect(result.errors).toBeUndefined();
      const search = (result.data as { search: { edges: unknown[]; totalCount: number } }).search;
      expect(search.edges).toHaveLength(first);
      expect(search.totalCount).toBe(9);
      counts.push(statements.length);
    }
    // the page, its documents with nested people, totalCount, snippets, six facets, and the
    // facets' topics and people.
    expect(counts).toEqual([12, 12]);
  });

  it('when only totalCount and facets are asked for, then no document rows are loaded', async () => {
    const { statements } = await app.sqlOf(/* GraphQL */ `
      { search(query: "Stalin") { totalCount facets { docTypes { docType count } years { label count } } } }
    `);
    expect(statements).toHaveLength(3);
    expect(statements.some((s) => s.includes('"d0"."title"'))).toBe(false);
  });

  it('when filters on indexed columns are applied, then no statement scans the documents table', async () => {
    const filters = [
      { docTypes: ['LETTER', 'CABLE'] },
      { date: { from: '1950-10', to: '1950-10' } },
      { date: { from: '1950-10-01', mode: 'WITHIN' } },
      { date: { from: '1950-10-01' } },
      { date: { to: '1950-10-01' } },
      { date: { to: '1950-10-01', mode: 'WITHIN' } },
      { people: [{ id: globalId('Person', 2), roles: ['AUTHOR'] }] },
      { people: [{ id: globalId('Person', 2) }] },
      { topics: [globalId('Topic', 1)] },
      { topics: [globalId('Topic', 1)], includeDescendants: false },
      { languages: ['ru'] },
      { text: 'Stalin' },
    ];
    for (const filter of filters) {
      for (const query of [
        /* GraphQL */ `query ($filter: DocumentFilter) { documents(filter: $filter, first: 5) { totalCount nodes { id } } }`,
        /* GraphQL */ `query ($filter: DocumentFilter) { search(query: "Kim", filter: $filter, first: 5) { totalCount nodes { id } } }`,
      ]) {
        const { result, statements } = await app.sqlOf(query, { filter });
        expect(result.errors).toBeUndefined();
        for (const statement of statements) {
          const plan = planOf(statement);
          expect(
            plan.filter((line) => /^SCAN (d0|d|documents)\b/.test(line)),
            `${JSON.stringify(filter)}\n${plan.join('\n')}`,
          ).toEqual([]);
        }
      }
    }
  });
});
