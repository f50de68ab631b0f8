import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../db/corpus.js';
import { defaultConfig } from '../src/config.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { networkCorpus } from './helpers/factories.js';

/**
 * An archive of `n` agents and `n` topics (see `networkCorpus`). These tests list every parent's
 * documents at the largest page sizes (100 x 100 documents), past the default cost limit, which
 * would refuse such a request from a client.
 */
function networkApp(n: number): TestApp {
  const app = createTestApp({
    seed: false,
    config: { limits: { ...defaultConfig.limits, maxCost: 1_000_000 } },
  });
  loadCorpus(app.db, networkCorpus(n));
  return app;
}

const SIZES = [3, 20, 100] as const;
const apps = new Map(SIZES.map((n) => [n, networkApp(n)]));
const app20 = apps.get(20) as TestApp;

interface Connection {
  totalCount: number;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  edges: { cursor: string; node: { id: string; title: string } }[];
}

/** Everything a client sees of a document list, for comparing two ways of getting it. */
const LIST = /* GraphQL */ `
  fragment List on DocumentConnection {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id title dateText docType authors { name } topics { name } } }
  }
`;

const LIST_ARGS =
  'first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy';
const LIST_VARIABLES =
  '$first: Int, $after: String, $last: Int, $before: String, $filter: DocumentFilter, $orderBy: DocumentOrder';

/** The two kinds of parent whose document lists nest, each listed all at once and fetched alone. */
const PARENTS = {
  person: {
    list: 'persons(first: 100)',
    own: 'person(id: $id)',
    args: `${LIST_ARGS}, role: $role`,
    variables: `${LIST_VARIABLES}, $role: PersonRole`,
  },
  topic: {
    list: 'topics(all: true, first: 100)',
    own: 'topic(id: $id)',
    args: `${LIST_ARGS}, includeDescendants: $includeDescendants`,
    variables: `${LIST_VARIABLES}, $includeDescendants: Boolean`,
  },
} as const;
type ParentKind = keyof typeof PARENTS;

/** Each parent's list as the nested query returns it, by parent ID. */
async function nestedLists(app: TestApp, kind: ParentKind, variables: Record<string, unknown>) {
  const parent = PARENTS[kind];
  const data = await app.data<Record<string, { nodes: { id: string; documents: Connection }[] }>>(
    `${LIST} query Nested(${parent.variables}) {
      parents: ${parent.list} { nodes { id documents(${parent.args}) { ...List } } }
    }`,
    variables,
  );
  return new Map((data.parents?.nodes ?? []).map((node) => [node.id, node.documents]));
}

/** The parent's list as its own page returns it. */
async function ownList(app: TestApp, kind: ParentKind, id: string, variables: Record<string, unknown>) {
  const parent = PARENTS[kind];
  const data = await app.data<Record<string, { documents: Connection }>>(
    `${LIST} query Own($id: ID!, ${parent.variables}) { parent: ${parent.own} { documents(${parent.args}) { ...List } } }`,
    { ...variables, id },
  );
  return data.parent?.documents as Connection;
}

/** Asserts that every parent's nested list is exactly its own page's; returns the lists. */
async function expectSameAsOwnPages(app: TestApp, kind: ParentKind, variables: Record<string, unknown>) {
  const nested = await nestedLists(app, kind, variables);
  expect(nested.size).toBeGreaterThan(1);
  for (const [id, list] of nested)
    expect(list, `${kind} ${id}`).toEqual(await ownList(app, kind, id, variables));
  return nested;
}

describe('document lists nested under lists of parents', () => {
  it.each(SIZES)(
    "when %i people each list a page of their documents with totalCount, then four statements run: the people, every page, the pages' documents, every count",
    async (n) => {
      const app = apps.get(n) as TestApp;
      const { result, statements } = await app.sqlOf(/* GraphQL */ `{
        persons(first: 100) {
          nodes { name documents(first: 3) { totalCount nodes { title authors { name } } } }
        }
      }`);
      expect(result.errors).toBeUndefined();
      const persons = (
        result.data as {
          persons: { nodes: { documents: { totalCount: number; nodes: { authors: unknown[] }[] } }[] };
        }
      ).persons.nodes;
      expect(persons).toHaveLength(n);
      for (const person of persons) {
        expect(person.documents.totalCount).toBeGreaterThan(0);
        expect(person.documents.nodes).toHaveLength(Math.min(3, person.documents.totalCount));
        for (const document of person.documents.nodes) expect(document.authors).toHaveLength(1);
      }
      expect(statements).toHaveLength(4);
      // one row per parent in each: the pages, then the counts
      expect(statements[1]).toMatch(/json_group_array\(.*from json_each\(\?\) parent$/s);
      expect(statements[2]).toMatch(/^select .* from "documents"/);
      expect(statements[3]).toMatch(/^select parent\.value as parentId, \(select count\(\*\)/);
    },
  );

  it.each(SIZES)(
    'when %i topics each list a page of their documents, then three statements run: the topics, every page, the documents',
    async (n) => {
      const app = apps.get(n) as TestApp;
      const { result, statements } = await app.sqlOf(/* GraphQL */ `{
        topics(all: true, first: 100) { nodes { name documents(first: 5) { nodes { title } } } }
      }`);
      expect(result.errors).toBeUndefined();
      const topics = (result.data as { topics: { nodes: { documents: { nodes: unknown[] } }[] } }).topics
        .nodes;
      expect(topics).toHaveLength(n);
      expect(topics[0]?.documents.nodes).toHaveLength(5);
      expect(statements).toHaveLength(3);
    },
  );

  it.each(SIZES)(
    "when %i agents' lists hang under the documents that name them, then three statements run whatever the number of documents and agents",
    async (n) => {
      const app = apps.get(n) as TestApp;
      const { result, statements } = await app.sqlOf(/* GraphQL */ `{
        documents(first: 100) { nodes { title authors { name documents(first: 2) { nodes { title } } } } }
      }`);
      expect(result.errors).toBeUndefined();
      const documents = (
        result.data as { documents: { nodes: { authors: { documents: { nodes: unknown[] } }[] }[] } }
      ).documents.nodes;
      expect(documents).toHaveLength(Math.min(100, 3 * n));
      for (const document of documents) expect(document.authors[0]?.documents.nodes).toHaveLength(2);
      expect(statements).toHaveLength(3);
    },
  );

  it.each(SIZES)(
    'when lists nest two deep under %i people, then each nested list field costs its own constant number of statements',
    async (n) => {
      const app = apps.get(n) as TestApp;
      const { result, statements } = await app.sqlOf(/* GraphQL */ `{
        persons(first: 100) {
          nodes {
            documents(first: 3) {
              nodes { recipients { documents(first: 2, role: AUTHOR) { totalCount nodes { title } } } }
            }
          }
        }
      }`);
      expect(result.errors).toBeUndefined();
      // people; the people's pages and their documents; the recipients' pages, documents and counts
      expect(statements).toHaveLength(6);
    },
  );

  it('when one query nests lists of the same field with different arguments, then each list keeps its own arguments and batch', async () => {
    const query = /* GraphQL */ `${LIST} query($id: ID!) {
      persons(first: 100) {
        nodes {
          id
          a: documents(first: 1) { ...List }
          b: documents(first: 2, role: AUTHOR, orderBy: { field: TITLE }) { ...List }
        }
      }
      one: person(id: $id) { a: documents(first: 1) { ...List } b: documents(first: 2, role: AUTHOR, orderBy: { field: TITLE }) { ...List } }
    }`;
    const { persons } = await app20.data<{ persons: { nodes: { id: string }[] } }>(
      `{ persons(first: 1) { nodes { id } } }`,
    );
    const id = persons.nodes[0]?.id as string;
    const { result, statements } = await app20.sqlOf(query, { id });
    expect(result.errors).toBeUndefined();
    const data = result.data as {
      persons: { nodes: { id: string; a: Connection; b: Connection }[] };
      one: { a: Connection; b: Connection };
    };
    expect(data.persons.nodes.find((p) => p.id === id)).toEqual({ id, ...data.one });
    expect(data.one.a.edges).toHaveLength(1);
    expect(data.one.b.edges).toHaveLength(2);
    // people, person; a: pages and documents; b: the same; the person's own a and b pages; a
    // count for a and one for b, each shared by the person's own list with the same arguments
    expect(statements).toHaveLength(10);
  });

  it('when one person or one topic lists its documents, then its page costs no more than before: the parent, the page, the count', async () => {
    const person = await app20.sqlOf(/* GraphQL */ `{
      person(slug: "p-4") { name documents(first: 5) { totalCount nodes { title authors { name } } } }
    }`);
    expect(person.result.errors).toBeUndefined();
    expect(person.statements).toHaveLength(3);
    const topic = await app20.sqlOf(/* GraphQL */ `{
      topic(slug: "t-0") { name documents(first: 5) { totalCount nodes { title } } }
    }`);
    expect(topic.result.errors).toBeUndefined();
    expect(topic.statements).toHaveLength(3);
  });

  it.each([
    ['the default page', {}],
    ['a short page', { first: 3 }],
    ['an empty page', { first: 0 }],
    ['one role', { first: 4, role: 'MENTIONED' }],
    ['by title, descending', { first: 4, orderBy: { field: 'TITLE', direction: 'DESC' } }],
    [
      'by date, descending, filtered by type',
      { first: 3, orderBy: { field: 'DATE', direction: 'DESC' }, filter: { docTypes: ['LETTER', 'REPORT'] } },
    ],
    ['a date range', { first: 5, filter: { date: { from: '1950-03', to: '1950-08' } } }],
    ['the last page', { last: 2 }],
    ['the last page in a role, by title', { last: 3, role: 'AUTHOR', orderBy: { field: 'TITLE' } }],
  ])(
    'when people list %s of their documents together, then each list is exactly its own page',
    async (_name, variables) => {
      await expectSameAsOwnPages(app20, 'person', variables);
    },
  );

  it('when filtered by another person and a topic, then each nested list is exactly its own page', async () => {
    const { persons, topics } = await app20.data<{
      persons: { nodes: { id: string }[] };
      topics: { nodes: { id: string }[] };
    }>(`{ persons(first: 3) { nodes { id } } topics(first: 1) { nodes { id } } }`);
    const filter = { people: [{ id: persons.nodes[2]?.id }], topics: [topics.nodes[0]?.id] };
    const lists = await expectSameAsOwnPages(app20, 'person', { first: 10, filter });
    expect([...lists.values()].some((list) => list.totalCount > 0)).toBe(true);
  });

  it.each([
    ['the default page (subtrees)', {}],
    ['directly filed documents only', { first: 3, includeDescendants: false }],
    ['the last page, by title', { last: 4, orderBy: { field: 'TITLE', direction: 'ASC' } }],
    ['a filtered page', { first: 3, filter: { docTypes: ['TELEGRAM'] } }],
  ])(
    'when topics list %s of their documents together, then each list is exactly its own page',
    async (_name, variables) => {
      await expectSameAsOwnPages(app20, 'topic', variables);
    },
  );

  it("when a nested list is paged with cursors from a person's own page, forward and backward, then every list is exactly its own page", async () => {
    const own = await ownList(
      app20,
      'person',
      (await nestedLists(app20, 'person', { first: 1 })).keys().next().value as string,
      {
        first: 100,
        orderBy: { field: 'TITLE', direction: 'DESC' },
      },
    );
    const cursors = own.edges.map((edge) => edge.cursor);
    expect(cursors.length).toBeGreaterThan(6);
    for (const cursor of [cursors[0], cursors[3], cursors[cursors.length - 2]]) {
      await expectSameAsOwnPages(app20, 'person', {
        first: 2,
        after: cursor,
        orderBy: { field: 'TITLE', direction: 'DESC' },
      });
      await expectSameAsOwnPages(app20, 'person', {
        last: 2,
        before: cursor,
        orderBy: { field: 'TITLE', direction: 'DESC' },
      });
    }
  });

  it("when one person's list is walked page by page inside the list of all people, then forward and backward walks give its whole list", async () => {
    const nested = await nestedLists(app20, 'person', { first: 100 });
    const [id, whole] = [...nested.entries()][5] as [string, Connection];
    const titles = whole.edges.map((edge) => edge.node.title);
    expect(whole.totalCount).toBe(titles.length);

    const forward: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard += 1) {
      const page = (await nestedLists(app20, 'person', { first: 2, after })).get(id) as Connection;
      forward.push(...page.edges.map((edge) => edge.node.title));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(forward).toEqual(titles);

    const backward: string[] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 50; guard += 1) {
      const page = (await nestedLists(app20, 'person', { last: 2, before })).get(id) as Connection;
      backward.unshift(...page.edges.map((edge) => edge.node.title));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backward).toEqual(titles);
  });

  it('when people list their documents in any role or in one, then a document comes once and totalCount matches documentCount', async () => {
    const data = await app20.data<{
      persons: {
        nodes: {
          any: number;
          mentioned: number;
          all: {
            totalCount: number;
            nodes: { id: string; people: { role: string; person: { id: string } }[] }[];
          };
          asMentioned: { totalCount: number; nodes: { id: string }[] };
          id: string;
        }[];
      };
    }>(`{
      persons(first: 100) {
        nodes {
          id
          any: documentCount
          mentioned: documentCount(role: MENTIONED)
          all: documents(first: 100) { totalCount nodes { id people { role person { id } } } }
          asMentioned: documents(first: 100, role: MENTIONED) { totalCount nodes { id } }
        }
      }
    }`);
    let twoRoles = 0;
    for (const person of data.persons.nodes) {
      const ids = person.all.nodes.map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(person.all.totalCount).toBe(person.any);
      expect(ids).toHaveLength(person.any);
      expect(person.asMentioned.totalCount).toBe(person.mentioned);
      for (const document of person.all.nodes) {
        const roles = document.people.filter((link) => link.person.id === person.id);
        expect(roles.length).toBeGreaterThan(0);
        if (roles.length > 1) twoRoles += 1;
      }
      for (const document of person.asMentioned.nodes) expect(ids).toContain(document.id);
    }
    expect(twoRoles).toBeGreaterThan(0);
  });

  it('when topics list their documents, then a document filed under two topics of a subtree comes once and totalCount matches documentCount', async () => {
    const data = await app20.data<{
      topics: {
        nodes: {
          name: string;
          subtree: number;
          direct: number;
          all: { totalCount: number; nodes: { id: string }[] };
          own: { totalCount: number };
        }[];
      };
    }>(`{
      topics(all: true, first: 100) {
        nodes {
          name
          subtree: documentCount
          direct: documentCount(includeDescendants: false)
          all: documents(first: 100) { totalCount nodes { id } }
          own: documents(includeDescendants: false) { totalCount }
        }
      }
    }`);
    // The root's subtree holds every document, each filed under two of its topics, once.
    const root = data.topics.nodes.find((topic) => topic.name === 'Topic 000');
    expect(root?.all.totalCount).toBe(60);
    expect(root?.all.nodes).toHaveLength(60);
    for (const topic of data.topics.nodes) {
      const ids = topic.all.nodes.map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(topic.all.totalCount).toBe(topic.subtree);
      expect(ids).toHaveLength(topic.subtree);
      expect(topic.own.totalCount).toBe(topic.direct);
    }
  });

  it('when one agent appears under many documents, then each occurrence lists the same page as its own', async () => {
    const data = await app20.data<{
      documents: { nodes: { authors: { id: string; documents: Connection }[] }[] };
    }>(`${LIST} {
      documents(first: 60) { nodes { authors { id documents(first: 3, role: AUTHOR) { ...List } } } }
    }`);
    const seen = new Map<string, Connection>();
    for (const author of data.documents.nodes.flatMap((d) => d.authors)) {
      const earlier = seen.get(author.id);
      if (earlier) expect(author.documents).toEqual(earlier);
      else seen.set(author.id, author.documents);
    }
    expect(seen.size).toBe(20);
    for (const [id, list] of seen)
      expect(list).toEqual(await ownList(app20, 'person', id, { first: 3, role: 'AUTHOR' }));
  });

  it('when facets are asked of nested lists, then each parent gets the facets of its own list', async () => {
    const facets = `facets { docTypes { docType count } years { label count } }`;
    const nested = await app20.data<{ persons: { nodes: { id: string; documents: unknown }[] } }>(
      `{ persons(first: 4) { nodes { id documents(role: AUTHOR) { ${facets} } } } }`,
    );
    for (const person of nested.persons.nodes) {
      const own = await app20.data<{ person: { documents: unknown } }>(
        `query($id: ID!) { person(id: $id) { documents(role: AUTHOR) { ${facets} } } }`,
        { id: person.id },
      );
      expect(person.documents).toEqual(own.person.documents);
    }
  });

  it('when a nested list gets a cursor that is not ours, then the error is BAD_USER_INPUT', async () => {
    const result = await app20.request(
      `{ persons(first: 3) { nodes { documents(after: "bm90IGEgY3Vyc29y") { totalCount } } } }`,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
