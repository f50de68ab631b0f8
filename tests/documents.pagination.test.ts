import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../db/corpus.js';
import { createTestApp } from './helpers/app.js';
import { bulkCorpus } from './helpers/factories.js';

interface Page {
  documents: {
    totalCount: number;
    edges: { cursor: string; node: { slug: string } }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
  };
}

const PAGE = /* GraphQL */ `
  query Page($first: Int, $after: String, $last: Int, $before: String, $orderBy: DocumentOrder) {
    documents(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
      totalCount
      edges { cursor node { slug } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

describe('document pagination', () => {
  const app = createTestApp({ seed: false });
  loadCorpus(app.db, bulkCorpus(25));
  const allSlugs = Array.from({ length: 25 }, (_, i) => `doc-${String(i).padStart(4, '0')}`);

  it('when pages of 7 are walked forward, then every document comes once, in order, and the last page says so', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { documents }: Page = await app.data<Page>(PAGE, { first: 7, after });
      pages++;
      seen.push(...documents.edges.map((e) => e.node.slug));
      expect(documents.totalCount).toBe(25);
      expect(documents.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!documents.pageInfo.hasNextPage) break;
      after = documents.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(seen).toEqual(allSlugs);
  });

  it('when pages of 7 are walked backward from the end, then the same documents come in the same order', async () => {
    const pages: string[][] = [];
    let before: string | null = null;
    for (;;) {
      const { documents }: Page = await app.data<Page>(PAGE, { last: 7, before });
      pages.unshift(documents.edges.map((e) => e.node.slug));
      if (!documents.pageInfo.hasPreviousPage) break;
      before = documents.pageInfo.startCursor;
    }
    expect(pages.flat()).toEqual(allSlugs);
    expect(pages[0]).toHaveLength(4);
  });

  it('when a cursor is reused, then it points at the same place', async () => {
    const first = await app.data<Page>(PAGE, { first: 5 });
    const cursor = first.documents.edges[2]?.cursor;
    const again = await app.data<Page>(PAGE, { first: 2, after: cursor });
    const twice = await app.data<Page>(PAGE, { first: 2, after: cursor });
    expect(again.documents.edges.map((e) => e.node.slug)).toEqual(['doc-0003', 'doc-0004']);
    expect(twice).toEqual(again);
  });

  it('when documents share a date, then the id breaks the tie and paging is stable', async () => {
    const tied = createTestApp({ seed: false });
    const corpus = bulkCorpus(6);
    for (const d of corpus.documents)
      Object.assign(d, { dateText: '1950', dateStart: '1950-06-01', dateEnd: '1950-06-01' });
    loadCorpus(tied.db, corpus);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 6; i++) {
      const { documents }: Page = await tied.data<Page>(PAGE, {
        first: 1,
        after,
        orderBy: { field: 'DATE', direction: 'DESC' },
      });
      seen.push(...documents.edges.map((e) => e.node.slug));
      after = documents.pageInfo.endCursor;
    }
    expect(seen).toEqual(['doc-0005', 'doc-0004', 'doc-0003', 'doc-0002', 'doc-0001', 'doc-0000']);
  });

  it('when no page size is given, then 20 come back; first: 0 gives an empty page that still counts', async () => {
    const page = await app.data<Page>(PAGE, {});
    expect(page.documents.edges).toHaveLength(20);
    const empty = await app.data<Page>(PAGE, { first: 0 });
    expect(empty.documents.edges).toHaveLength(0);
    expect(empty.documents.totalCount).toBe(25);
  });
});
