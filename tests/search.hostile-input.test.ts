import { describe, expect, it } from 'vitest';
import { createTestApp, type GraphQLResponse } from './helpers/app.js';
import { randomStrings } from './helpers/random.js';

const app = createTestApp();

const SEARCH = /* GraphQL */ `
  query ($query: String, $text: String) {
    search(query: $query, filter: { text: $text }, first: 5) {
      totalCount
      edges { score node { slug } snippets { field segments { text highlighted } } }
      facets { docTypes { docType count } }
    }
  }
`;

const DOCUMENTS = /* GraphQL */ `
  query ($text: String) { documents(filter: { text: $text }, first: 5) { totalCount nodes { slug } } }
`;

const PERSONS = /* GraphQL */ `
  query ($name: String) { persons(name: $name, first: 5) { totalCount nodes { name } } }
`;

/** Either an answer or a clear refusal: never a server error, never a masked one. */
function expectAnswerOrBadInput(result: GraphQLResponse, input: string) {
  const label = JSON.stringify(input).slice(0, 120);
  expect(result.status, label).toBe(200);
  if (result.errors?.length) {
    expect(
      result.errors.map((e) => e.extensions?.code),
      label,
    ).toEqual(result.errors.map(() => 'BAD_USER_INPUT'));
    expect(result.errors[0]?.message, label).not.toMatch(/sql|fts5|syntax error|no such/i);
  } else {
    expect(result.data, label).toBeTruthy();
  }
}

const HOSTILE = [
  '',
  '   ',
  '"',
  '"unclosed phrase',
  'stray " quote " marks "',
  '(',
  ')',
  '(Stalin',
  'Stalin)',
  '((()))',
  'NEAR',
  'NEAR(Stalin Shtykov)',
  'NEAR(Stalin Shtykov, 2)',
  'Stalin NEAR/3 Shtykov',
  'title:Stalin',
  'body:',
  '{title summary}: Stalin',
  '-title:Stalin',
  '*',
  '**',
  'Stalin * Shtykov',
  '-',
  '- -',
  '-Stalin',
  '--Stalin',
  'Stalin -',
  'AND',
  'OR',
  'NOT',
  'Stalin AND',
  'NOT Stalin',
  'Stalin OR OR Shtykov',
  '!!!',
  '.,;:?!',
  '^Stalin',
  '+Stalin',
  "'; drop table documents; --",
  'Stalin\u0000Shtykov',
  '\u0002Stalin\u0003',
  '<script>alert(1)</script>',
  'ñ é ü ß',
  '金日成',
  '😀',
  'x'.repeat(10_240),
  'Stalin '.repeat(1_500),
  Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '),
];

describe('hostile search input', () => {
  it('when any of the hostile inputs is searched, then each gets results or BAD_USER_INPUT', async () => {
    for (const input of HOSTILE) {
      expectAnswerOrBadInput(await app.request(SEARCH, { query: input }), input);
      expectAnswerOrBadInput(await app.request(SEARCH, { text: input }), input);
      expectAnswerOrBadInput(await app.request(PERSONS, { name: input }), input);
    }
  });

  it('when the text cannot be searched, then the error names the argument and the problem', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ query: '!!!' }, 'query', 'NO_TERMS'],
      [{ query: '-Stalin' }, 'query', 'ONLY_EXCLUSIONS'],
      [{ query: 'x'.repeat(10_240) }, 'query', 'TOO_LONG'],
      [{ text: '*' }, 'filter.text', 'NO_TERMS'],
    ];
    for (const [variables, field, problem] of cases) {
      const result = await app.request(SEARCH, variables);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, problem });
    }
  });

  it('when FTS5 operators are typed, then they are searched as words and find nothing unexpected', async () => {
    const near = await app.data<{ search: { totalCount: number } }>(SEARCH, {
      query: 'NEAR(Stalin Shtykov)',
    });
    const words = await app.data<{ search: { totalCount: number } }>(SEARCH, {
      query: 'near Stalin Shtykov',
    });
    expect(near.search.totalCount).toBe(words.search.totalCount);
    const column = await app.data<{ search: { totalCount: number } }>(SEARCH, { query: 'title:Stalin' });
    expect(column.search.totalCount).toBe(0);
  });

  it('when hundreds of random strings are sent, then none causes a server error', async () => {
    for (const input of randomStrings(300, 19500625)) {
      expectAnswerOrBadInput(await app.request(SEARCH, { query: input }), input);
    }
    for (const input of randomStrings(100, 19501025)) {
      expectAnswerOrBadInput(await app.request(PERSONS, { name: input }), input);
      expectAnswerOrBadInput(await app.request(DOCUMENTS, { text: input }), input);
    }
  });
});
