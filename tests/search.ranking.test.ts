import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../db/corpus.js';
import { createTestApp } from './helpers/app.js';
import { datedRecord as dated } from './helpers/factories.js';

const app = createTestApp({ seed: false });
const filler = (n: number) =>
  Array.from({ length: n }, (_, i) => ['river', 'crossing', 'troops', 'supply', 'weather'][i % 5]).join(' ');

loadCorpus(app.db, {
  people: [{ key: 'yalu-commission', name: 'Yalu Commission', kind: 'ORGANIZATION', alternateNames: [] }],
  documents: [
    dated('in-body', '1950-10-03', { title: 'Fixture report one', body: `${filler(40)} Yalu ${filler(40)}` }),
    dated('in-title', '1950-10-01', { title: 'Fixture report on the Yalu', body: filler(81) }),
    dated('in-summary', '1950-10-04', {
      title: 'Fixture report two',
      summary: 'A summary naming the Yalu once.',
      body: filler(81),
    }),
    dated('in-names', '1950-10-02', {
      title: 'Fixture report three',
      body: filler(81),
      people: [{ person: 'yalu-commission', role: 'AUTHOR' }],
    }),
    dated('unrelated', '1950-10-05', { title: 'Fixture report four', body: filler(81) }),
    dated('control', '1950-10-07', {
      title: 'Fixture \u0002Imjin\u0003 crossing',
      body: 'Control characters \u0002 around \u0003 the Imjin.',
    }),
    dated('markup', '1950-10-06', {
      title: 'Fixture <b>Tumen</b> & <script>alert("x")</script> note',
      body: `${filler(30)} the Tumen bridge ${filler(30)}`,
    }),
  ],
});

interface Hit {
  cursor: string;
  score: number | null;
  node: { slug: string };
  snippets: { field: string; text: string; segments: { text: string; highlighted: boolean }[] }[];
}
interface SearchPage {
  search: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
    edges: Hit[];
  };
}

const SEARCH = /* GraphQL */ `
  query ($query: String, $orderBy: SearchOrder, $first: Int, $after: String, $last: Int, $before: String) {
    search(query: $query, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        cursor
        score
        node { slug }
        snippets { field text segments { text highlighted } }
      }
    }
  }
`;

const search = (variables: Record<string, unknown>) => app.data<SearchPage>(SEARCH, variables);
const slugsOf = (page: SearchPage) => page.search.edges.map((e) => e.node.slug);

describe('search ranking', () => {
  it('when a word is in the title, names, summary or body, then hits rank in that order', async () => {
    const page = await search({ query: 'yalu' });
    expect(slugsOf(page)).toEqual(['in-title', 'in-names', 'in-summary', 'in-body']);
    expect(page.search.totalCount).toBe(4);
    const scores = page.search.edges.map((e) => e.score as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores.every((s) => s > 0)).toBe(true);
  });

  it('when ranked hits are paged forwards and backwards, then the pages join up in the same order', async () => {
    const first = await search({ query: 'yalu', first: 2 });
    expect(slugsOf(first)).toEqual(['in-title', 'in-names']);
    expect(first.search.pageInfo.hasNextPage).toBe(true);
    const second = await search({ query: 'yalu', first: 2, after: first.search.pageInfo.endCursor });
    expect(slugsOf(second)).toEqual(['in-summary', 'in-body']);
    expect(second.search.pageInfo.hasNextPage).toBe(false);
    const back = await search({ query: 'yalu', last: 2, before: second.search.pageInfo.startCursor });
    expect(slugsOf(back)).toEqual(['in-title', 'in-names']);
    const tail = await search({ query: 'yalu', last: 1 });
    expect(slugsOf(tail)).toEqual(['in-body']);
  });

  it('when the filter has a text too, then hits match both and keep the ranking of the query', async () => {
    const data = await app.data<{ search: { nodes: { slug: string }[] } }>(/* GraphQL */ `
      { search(query: "yalu OR tumen", filter: { text: "report" }) { nodes { slug } } }
    `);
    expect(data.search.nodes.map((n) => n.slug)).toEqual(['in-title', 'in-names', 'in-summary', 'in-body']);
  });

  it('when ordered by DATE or TITLE, then the query only filters', async () => {
    const byDate = await search({ query: 'yalu', orderBy: { field: 'DATE', direction: 'DESC' } });
    expect(slugsOf(byDate)).toEqual(['in-summary', 'in-body', 'in-names', 'in-title']);
    const byTitle = await search({ query: 'yalu', orderBy: { field: 'TITLE' } });
    expect(slugsOf(byTitle)).toEqual(['in-title', 'in-body', 'in-names', 'in-summary']);
    expect(byTitle.search.edges.every((e) => (e.score as number) > 0)).toBe(true);
  });

  it('when there is no query, then all documents are listed by date with no score or snippets', async () => {
    const page = await search({});
    expect(page.search.totalCount).toBe(7);
    expect(slugsOf(page)[0]).toBe('in-title');
    expect(page.search.edges.every((e) => e.score === null && e.snippets.length === 0)).toBe(true);
  });

  it('when RELEVANCE is asked without a query or a cursor is not ours, then the error is BAD_USER_INPUT', async () => {
    const byDate = await search({ query: 'yalu', first: 1, orderBy: { field: 'DATE' } });
    const listed = await app.data<{ documents: { pageInfo: { endCursor: string } } }>(/* GraphQL */ `
      { documents(first: 1) { pageInfo { endCursor } } }
    `);
    for (const variables of [
      { query: 'yalu', after: byDate.search.pageInfo.endCursor },
      { query: 'yalu', after: listed.documents.pageInfo.endCursor },
      { query: 'yalu', before: Buffer.from('SR:["RELEVANCE:DESC","high",1]').toString('base64') },
      { orderBy: { field: 'RELEVANCE' } },
      { query: 'yalu', after: 'bm90IGEgY3Vyc29y' },
      { query: 'yalu', after: Buffer.from('DC:garbage').toString('base64') },
      { query: 'yalu', after: 'not base64 at all!' },
    ]) {
      const result = await app.request(SEARCH, variables);
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('search snippets', () => {
  it('when a word matches in several fields, then each gets a snippet with the word marked', async () => {
    const page = await search({ query: 'yalu' });
    const [title] = page.search.edges;
    expect(title?.snippets.map((s) => s.field)).toEqual(['TITLE']);
    expect(title?.snippets[0]?.segments).toEqual([
      { text: 'Fixture report on the ', highlighted: false },
      { text: 'Yalu', highlighted: true },
    ]);
    const names = page.search.edges[1]?.snippets.find((s) => s.field === 'PEOPLE');
    expect(names?.segments.filter((s) => s.highlighted).map((s) => s.text)).toEqual(['Yalu']);
    const body = page.search.edges[3]?.snippets.find((s) => s.field === 'BODY');
    expect(body?.segments.filter((s) => s.highlighted)).toEqual([{ text: 'Yalu', highlighted: true }]);
    expect(body?.text.startsWith('…')).toBe(true);
    expect(body?.text.endsWith('…')).toBe(true);
  });

  it('when a document contains markup, then snippets return it as plain text and mark only the match', async () => {
    const page = await search({ query: 'tumen' });
    const title = page.search.edges[0]?.snippets.find((s) => s.field === 'TITLE');
    expect(title?.text).toBe('Fixture <b>Tumen</b> & <script>alert("x")</script> note');
    expect(title?.segments).toEqual([
      { text: 'Fixture <b>', highlighted: false },
      { text: 'Tumen', highlighted: true },
      { text: '</b> & <script>alert("x")</script> note', highlighted: false },
    ]);
  });

  it('when a document holds the control characters FTS5 marks could use, then they stay plain text', async () => {
    const page = await search({ query: 'imjin' });
    const [title, body] = page.search.edges[0]?.snippets ?? [];
    expect(title?.segments).toEqual([
      { text: 'Fixture \u0002', highlighted: false },
      { text: 'Imjin', highlighted: true },
      { text: '\u0003 crossing', highlighted: false },
    ]);
    expect(body?.segments.filter((s) => s.highlighted).map((s) => s.text)).toEqual(['Imjin']);
  });

  it('when a prefix or phrase matches, then the whole matching words are marked', async () => {
    const page = await search({ query: '"Tumen bridge" OR yal*' });
    const marked = page.search.edges.flatMap((e) =>
      e.snippets.flatMap((s) => s.segments.filter((x) => x.highlighted).map((x) => x.text)),
    );
    expect(new Set(marked)).toEqual(new Set(['Yalu', 'Tumen bridge']));
  });
});
