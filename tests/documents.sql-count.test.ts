import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../db/corpus.js';
import { createTestApp } from './helpers/app.js';
import { bulkCorpus } from './helpers/factories.js';

const NESTED_LISTING = /* GraphQL */ `
  query Listing($first: Int!, $withCount: Boolean!) {
    documents(first: $first) {
      totalCount @include(if: $withCount)
      pageInfo { hasNextPage endCursor }
      nodes {
        title
        dateText
        authors { name documentCount alternateNames { name } }
        recipients { name documentCount(role: RECIPIENT) }
        people { role nameAsWritten person { name kind } }
        topics { name parent { name } children { name } }
      }
    }
  }
`;

describe('SQL statements per query', () => {
  const app = createTestApp({ seed: false });
  loadCorpus(app.db, bulkCorpus(120));

  it.each([10, 100])(
    'when %i documents are listed three levels deep, then one statement loads them and one counts them',
    async (first) => {
      const { result, statements } = await app.sqlOf(NESTED_LISTING, { first, withCount: true });
      const documents = (
        result.data as {
          documents: { totalCount: number; nodes: { authors: { documentCount: number }[] }[] };
        }
      ).documents;
      expect(result.errors).toBeUndefined();
      expect(documents.nodes).toHaveLength(first);
      expect(documents.totalCount).toBe(120);
      expect(documents.nodes[0]?.authors[0]?.documentCount).toBe(40);
      expect(statements).toHaveLength(2);
      expect(statements[0]).toMatch(/^select .* from "documents"/);
      expect(statements[1]).toMatch(/^select count\(\*\) from "documents"/);
    },
  );

  it('when totalCount is not asked for, then no count runs', async () => {
    const { statements } = await app.sqlOf(NESTED_LISTING, { first: 100, withCount: false });
    expect(statements).toHaveLength(1);
  });

  it('when only totalCount is asked for, then only the count runs', async () => {
    const { result, statements } = await app.sqlOf(`{ documents { totalCount } }`);
    expect(result.data).toEqual({ documents: { totalCount: 120 } });
    expect(statements).toHaveLength(1);
  });

  it("when a person page lists the person's documents with their people, then one statement each for the person, the page and the count", async () => {
    const { result, statements } = await app.sqlOf(/* GraphQL */ `{
      person(slug: "author-1") {
        name
        documentCount(role: AUTHOR)
        documents(first: 50, role: AUTHOR) { totalCount nodes { title authors { name } recipients { name } topics { name } } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const person = (
      result.data as {
        person: { documentCount: number; documents: { totalCount: number; nodes: unknown[] } };
      }
    ).person;
    expect(person.documentCount).toBe(40);
    expect(person.documents.totalCount).toBe(40);
    expect(person.documents.nodes).toHaveLength(40);
    expect(statements).toHaveLength(3);
  });

  it('when a topic page lists documents of its subtree, then one statement each for the topic, the page and the count', async () => {
    const { result, statements } = await app.sqlOf(/* GraphQL */ `{
      topic(slug: "war") {
        name
        children { name }
        documentCount
        documents(first: 100) { totalCount nodes { title topics { name } } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const topic = (result.data as { topic: { documentCount: number; documents: { totalCount: number } } })
      .topic;
    expect(topic.documentCount).toBe(60);
    expect(topic.documents.totalCount).toBe(60);
    expect(statements).toHaveLength(3);
  });
});
