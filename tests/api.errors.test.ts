import { describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { globalId } from './helpers/factories.js';

describe('errors', () => {
  const app = createTestApp();

  async function errorOf(query: string, variables?: Record<string, unknown>) {
    const result = await app.request(query, variables);
    expect(result.errors, JSON.stringify(result)).toHaveLength(1);
    return result.errors?.[0] as { message: string; extensions?: Record<string, unknown> };
  }

  it('when an id names no record, then the lookup answers null without error', async () => {
    const result = await app.request(
      `query($d: ID!, $p: ID!, $t: ID!) { document(id: $d) { title } person(id: $p) { name } topic(id: $t) { name } node(id: $d) { id } nodes(ids: [$d, $p]) { id } }`,
      { d: globalId('Document', 9999), p: globalId('Person', 9999), t: globalId('Topic', 9999) },
    );
    expect(result).toEqual({
      status: 200,
      data: { document: null, person: null, topic: null, node: null, nodes: [null, null] },
    });
    const bySlug = await app.request(`{ document(slug: "no-such-document") { title } }`);
    expect(bySlug.data).toEqual({ document: null });
  });

  it('when a node is fetched by the id a list gave, then it is the same record', async () => {
    const list = await app.data<{ documents: { nodes: { id: string; title: string }[] } }>(
      `{ documents(first: 1) { nodes { id title } } }`,
    );
    const first = list.documents.nodes[0];
    const node = await app.data<{ node: { title: string }; nodes: { title: string }[] }>(
      `query($id: ID!) { node(id: $id) { ... on Document { title } } nodes(ids: [$id]) { ... on Document { title } } }`,
      { id: first?.id },
    );
    expect(node).toEqual({ node: { title: first?.title }, nodes: [{ title: first?.title }] });
  });

  it.each([
    ['not base64 at all', '%%%'],
    ['base64 of nonsense', Buffer.from('hello').toString('base64')],
    ['an unknown type', Buffer.from('Secret:1').toString('base64')],
    ['a non-numeric key', Buffer.from('Document:abc').toString('base64')],
    ['an empty string', ''],
  ])('when an id is malformed (%s), then BAD_USER_INPUT', async (_what, id) => {
    const error = await errorOf(`query($id: ID!) { node(id: $id) { id } }`, { id });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/Invalid ID/);
  });

  it('when an id of another type is given to a typed lookup, then BAD_USER_INPUT names both types', async () => {
    const error = await errorOf(`query($id: ID!) { document(id: $id) { title } }`, {
      id: globalId('Person', 1),
    });
    expect(error).toMatchObject({
      message: 'Argument "id" must be a Document ID, got a Person ID.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('when both or neither of id and slug are given, then BAD_USER_INPUT', async () => {
    for (const query of [
      `{ document { title } }`,
      `{ topic(id: "x", slug: "y") { name } }`,
      `{ person { name } }`,
    ]) {
      const error = await errorOf(query);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it.each([
    ['first above the cap', `{ documents(first: 101) { totalCount } }`, /between 0 and 100/],
    ['last above the cap', `{ persons(last: 1000) { totalCount } }`, /between 0 and 100/],
    ['a negative first', `{ topics(first: -1) { totalCount } }`, /between 0 and 100/],
    ['first and last together', `{ documents(first: 2, last: 2) { totalCount } }`, /not both/],
    ['a cursor that is not base64', `{ documents(after: "not a cursor!") { totalCount } }`, /not a cursor/],
    [
      'a forged cursor',
      `{ documents(after: "${Buffer.from('DC:T:["S:x"]').toString('base64')}") { nodes { id } } }`,
      /cursor/i,
    ],
    [
      'a nested connection with a bad page size',
      `{ topics { nodes { documents(first: 500) { totalCount } } } }`,
      /between 0 and 100/,
    ],
    [
      'an impossible date',
      `{ documents(filter: { date: { from: "1950-02-30" } }) { nodes { id } } }`,
      /Invalid date/,
    ],
    [
      'a reversed range',
      `{ documents(filter: { date: { from: "1951", to: "1950" } }) { nodes { id } } }`,
      /after/,
    ],
  ])('when %s, then BAD_USER_INPUT with a clear message', async (_what, query, message) => {
    const result = await app.request(query);
    expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(message);
  });

  it('when the query does not parse, then a 400 with GRAPHQL_PARSE_FAILED', async () => {
    const result = await app.request(`{ documents { nodes { id }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('when the query asks for a field that does not exist, then GRAPHQL_VALIDATION_FAILED', async () => {
    const result = await app.request(`{ documents { nodes { secret } } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('when something unexpected fails inside, then the client sees a masked error and no SQL', async () => {
    const broken = createTestApp();
    broken.db.$client.exec('drop table document_languages');
    const result = await broken.request(`{ documents(first: 1) { nodes { languages } } }`);
    expect(result.errors?.[0]).toMatchObject({
      message: 'Unexpected error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(result)).not.toMatch(/document_languages|select|sqlite/i);
  });
});

describe('cursors and orderings', () => {
  const app = createTestApp();

  it('when a cursor made under one ordering is passed back under another, then BAD_USER_INPUT', async () => {
    const byDate = await app.data<{ documents: { pageInfo: { endCursor: string } } }>(
      `{ documents(first: 2, orderBy: { field: DATE }) { pageInfo { endCursor } } }`,
    );
    const byTitle = await app.data<{ documents: { pageInfo: { endCursor: string } } }>(
      `{ documents(first: 2, orderBy: { field: TITLE }) { pageInfo { endCursor } } }`,
    );
    for (const [cursor, field] of [
      [byDate.documents.pageInfo.endCursor, 'TITLE'],
      [byTitle.documents.pageInfo.endCursor, 'DATE'],
    ] as const) {
      const result = await app.request(
        `query($after: String) { documents(first: 2, after: $after, orderBy: { field: ${field} }) { nodes { id } } }`,
        { after: cursor },
      );
      expect(result.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/another order/),
        extensions: { code: 'BAD_USER_INPUT', argument: 'after' },
      });
    }
    const sameOrder = await app.request(
      `query($after: String) { documents(first: 2, after: $after, orderBy: { field: TITLE, direction: DESC }) { nodes { id } } }`,
      { after: byTitle.documents.pageInfo.endCursor },
    );
    expect(sameOrder.errors).toBeUndefined();
  });
});
