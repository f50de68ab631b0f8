import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseChecksum, integrityCheck } from '../db/integrity.js';
import { encodeArchiveId } from '../src/global-id.js';
import { createTestApp } from './helpers/app.js';
import { listen } from './helpers/http.js';

interface Hostile {
  kind: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

const json = { 'content-type': 'application/json' };
const post = (kind: string, body: unknown, headers: Record<string, string> = json): Hostile => ({
  kind,
  method: 'POST',
  headers,
  body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
});
const query = (kind: string, q: string, variables?: unknown, operationName?: string) =>
  post(kind, { query: q, variables, operationName });

/** Seeded generator, so the suite is the same every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const HOSTILE_TEXT = [
  "'; drop table documents; --",
  '" or 1=1 --',
  "%' or '%'='",
  '%_%_%',
  '\\',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '💥'.repeat(500),
  'x'.repeat(100_000),
  '<script>alert(1)</script>',
  '\u0024{jndi:ldap://x}',
  'NEAR(a b) OR "c" AND NOT d*',
  '"unterminated',
  '((((((((((',
  '*',
  '-',
  '^',
  'Ḽơᶉëᶆ ȋṕšᶙṁ',
  ' ',
];

function hostileRequests(editorKey: string): Hostile[] {
  const list: Hostile[] = [];
  const rand = random(6);

  // Malformed JSON.
  for (const body of [
    '{',
    '{"query":',
    '{"query": "{ __typename }",}',
    "{'query': '{ __typename }'}",
    '{"query": "{ __typename }"} trailing',
    'null',
    '123',
    '"just a string"',
    'true',
    '[]',
    '[1, 2, 3]',
    '{"query": 5}',
    '{"query": null}',
    '{"query": ["a"]}',
    '{"query": {"x": 1}}',
    '{"query": "{ __typename }", "variables": "not an object"}',
    '{"query": "{ __typename }", "variables": [1]}',
    '{"query": "{ __typename }", "operationName": 7}',
    '{"query": "{ __typename }", "extensions": "x"}',
    '{"query": "{ __typename }", "extensions": [1]}',
    `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
    `{"query": "query ($f: DocumentFilter) { documents(filter: $f) { totalCount } }", "variables": {"f": ${'{"and": ['.repeat(20_000)}{}${']}'.repeat(20_000)}}}`,
    '\uFEFF{"query": "{ __typename }"}',
    'NaN',
    '',
  ])
    list.push(post('malformed JSON', body));
  for (let i = 0; i < 15; i++) {
    const bytes = new Uint8Array(1 + Math.floor(rand() * 200));
    for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(rand() * 256);
    list.push(post('random bytes', bytes));
  }

  // Wrong media types and methods.
  const body = JSON.stringify({ query: '{ __typename }' });
  for (const type of [
    'text/xml',
    'application/xml',
    'application/octet-stream',
    'image/png',
    'multipart/form-data',
    'multipart/form-data; boundary=xyz',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/x-www-form-urlencoded',
    'application/graphql',
    'text/html',
    'application/jsonx',
    ';;;',
  ])
    list.push(post('wrong media type', body, { 'content-type': type }));
  list.push({ kind: 'no content type', method: 'POST', body });
  for (const accept of ['image/png', 'text/csv', 'application/xml'])
    list.push(post('unacceptable accept', body, { ...json, accept }));
  for (const method of ['PUT', 'DELETE', 'PATCH'])
    list.push({ kind: 'wrong method', method, path: '/graphql', headers: json, body });
  list.push({ kind: 'unknown path', method: 'GET', path: '/../../etc/passwd' });
  list.push({ kind: 'unknown path', method: 'GET', path: '/graphql/..%2f..%2fetc' });
  list.push({
    kind: 'GET without query',
    method: 'GET',
    path: '/graphql',
    headers: { accept: 'application/json' },
  });
  list.push({
    kind: 'GET bad variables',
    method: 'GET',
    path: '/graphql?query=%7B__typename%7D&variables=%7Bnope',
  });
  list.push({
    kind: 'GET bad extensions',
    method: 'GET',
    path: '/graphql?query=%7B__typename%7D&extensions=%5B',
  });

  // Oversized bodies (declared and real).
  const huge = 'x'.repeat(5 * 1024 * 1024);
  list.push(post('oversized body', JSON.stringify({ query: `{ __typename } #${huge}` })));
  list.push(post('oversized variables', JSON.stringify({ query: '{ __typename }', variables: { x: huge } })));
  list.push(
    post(
      'oversized batch',
      JSON.stringify(Array.from({ length: 60_000 }, () => ({ query: '{ __typename }' }))),
    ),
  );

  // Deep nesting.
  for (const depth of [11, 12, 20, 50, 200, 2000]) {
    let q = 'title';
    for (let i = 0; i < depth; i++) q = `documents(first: 1) { nodes { ${q} } }`;
    list.push(query('deep nesting', `{ ${q} }`));
  }
  list.push(query('deep braces', `${'{'.repeat(10_000)}${'}'.repeat(10_000)}`));
  list.push(query('deep list literal', `{ nodes(ids: ${'['.repeat(5000)}${']'.repeat(5000)}) { id } }`));
  list.push(
    query(
      'deep input object',
      `{ documents(filter: ${'{ and: ['.repeat(300)}{}${'] }'.repeat(300)}) { totalCount } }`,
    ),
  );

  // Alias, fragment and directive bombs; circular fragments.
  for (const n of [16, 100, 1000])
    list.push(
      query('alias bomb', `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`),
    );
  list.push(
    query(
      'alias bomb on a list',
      `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: documents(first: 100) { nodes { authors { documents(first: 100) { nodes { id } } } } }`).join(' ')} }`,
    ),
  );
  for (const levels of [10, 20, 30]) {
    const fragments = ['fragment F0 on Query { documents(first: 100) { nodes { title } } }'];
    for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
    list.push(query('fragment bomb', `{ ...F${levels} } ${fragments.join(' ')}`));
  }
  list.push(
    query('circular fragments', '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'),
  );
  list.push(query('self fragment', '{ ...A } fragment A on Query { __typename ...A }'));
  list.push(
    query(
      'circular nested fragments',
      '{ documents { nodes { ...D } } } fragment D on Document { authors { documents { nodes { ...D } } } }',
    ),
  );
  list.push(query('undefined fragment', '{ ...Nope }'));
  list.push(query('fragment on unknown type', '{ ...F } fragment F on Nope { x }'));
  list.push(query('directive bomb', `{ ${'... on Query @skip(if: false) { __typename } '.repeat(60)} }`));
  list.push(query('unknown directive', '{ __typename @nope }'));
  list.push(query('repeated directive', '{ __typename @include(if: true) @include(if: true) }'));
  list.push(query('token flood', `{ ${'__typename '.repeat(5000)} }`));

  // Unknown or ambiguous operations.
  list.push(query('unknown operation name', 'query A { __typename }', undefined, 'B'));
  list.push(query('several operations, none named', 'query A { __typename } query B { __typename }'));
  list.push(
    query('duplicate operation names', 'query A { __typename } query A { __typename }', undefined, 'A'),
  );
  list.push(query('empty document', ''));
  list.push(query('only whitespace', '   \n\t  '));
  list.push(query('only a fragment', 'fragment F on Query { __typename }'));
  list.push(query('subscription', 'subscription { documents { totalCount } }'));
  list.push(query('unknown mutation', 'mutation { deleteEverything }'));
  list.push(query('schema definition', 'type Query { x: Int }'));
  list.push(query('unknown field', '{ documentz { totalCount } }'));
  list.push(query('unknown argument', '{ documents(limit: 5) { totalCount } }'));
  list.push(query('syntax error', '{ documents(first: ) { totalCount } }'));
  list.push(query('unterminated string', '{ document(slug: "abc) { title } }'));
  list.push(query('invalid characters', '{ \u0007 __typename }'));
  for (let i = 0; i < 15; i++) {
    const chars = '{}()[]:$@!.,"=|&# abcXYZ0123\n';
    let q = '';
    for (let j = 0; j < 40; j++) q += chars[Math.floor(rand() * chars.length)];
    list.push(query('random query text', q));
  }

  // Invalid variables.
  const paged =
    'query P($n: Int, $after: String) { documents(first: $n, after: $after) { totalCount nodes { id } } }';
  for (const variables of [
    { n: 'ten' },
    { n: 1.5 },
    { n: -1 },
    { n: 101 },
    { n: 2 ** 31 },
    { n: 1e308 },
    { n: [1] },
    { n: { x: 1 } },
    { n: true },
    { after: 5 },
    { after: ['x'] },
  ])
    list.push(query('invalid variables', paged, variables, 'P'));
  list.push(query('missing required variable', 'query R($id: ID!) { node(id: $id) { id } }', {}));
  list.push(query('null required variable', 'query R($id: ID!) { node(id: $id) { id } }', { id: null }));
  list.push(query('variable of unknown type', 'query R($x: Nope) { __typename }', { x: 1 }));
  list.push(query('unused variable', 'query R($x: Int) { __typename }', { x: 1 }));
  list.push(query('undefined variable', '{ documents(first: $n) { totalCount } }'));
  list.push(
    query('enum as string', 'query O($o: DocumentOrder) { documents(orderBy: $o) { totalCount } }', {
      o: { field: 'NOPE' },
    }),
  );

  // Invalid IDs.
  for (const id of [
    '',
    'x',
    '1',
    '-1',
    'RG9jdW1lbnQ6',
    encodeArchiveId('Document', 0),
    encodeArchiveId('Document', -5),
    encodeArchiveId('Document', '1 or 1=1'),
    encodeArchiveId('Document', '99999999999999999999999'),
    encodeArchiveId('Nope', 1),
    encodeArchiveId('Person', 'abc'),
    Buffer.from('Document:1\u0000').toString('base64'),
    '=====',
    'A'.repeat(10_000),
    '💥',
    "'; drop table documents; --",
  ]) {
    list.push(query('invalid ID', 'query N($id: ID!) { node(id: $id) { id } }', { id }));
    list.push(
      query('invalid ID in list', 'query N($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [id, id] }),
    );
  }
  list.push(
    query(
      'wrong type of ID',
      `{ documents(filter: { topics: ["${encodeArchiveId('Document', 1)}"] }) { totalCount } }`,
    ),
  );
  list.push(
    query('too many IDs', 'query N($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: Array.from({ length: 55_000 }, (_, i) => encodeArchiveId('Document', i + 1)),
    }),
  );

  // Invalid cursors.
  for (const after of [
    'x',
    '',
    'Zm9v',
    Buffer.from('DC:').toString('base64'),
    Buffer.from('DC:nope').toString('base64'),
    Buffer.from('DC:{"a":1}').toString('base64'),
    Buffer.from('OC:999999999999').toString('base64'),
    'A'.repeat(5000),
    '////',
    '%%%',
  ]) {
    list.push(query('invalid cursor', paged, { n: 5, after }, 'P'));
    list.push(
      query(
        'invalid before cursor',
        'query B($b: String) { documents(last: 5, before: $b) { totalCount nodes { id } } }',
        { b: after },
      ),
    );
  }
  list.push(query('first and last', '{ documents(first: 1, last: 1) { totalCount } }'));

  // Invalid dates.
  for (const date of [
    '1950-13-01',
    '1950-02-30',
    'abc',
    '99999-01-01',
    '-0001-01-01',
    '1950/10/01',
    '1950-1-1',
    '',
    '1950-10-01T00:00:00Z',
    "1950' or '1'='1",
    '0000-00-00',
    '1950-10-32',
  ]) {
    list.push(
      query(
        'invalid date',
        'query D($f: String) { documents(filter: { date: { from: $f } }) { totalCount } }',
        { f: date },
      ),
    );
    list.push(
      query(
        'invalid date range',
        'query D($t: String) { documents(filter: { date: { from: "1950-12", to: $t } }) { totalCount } }',
        { t: date },
      ),
    );
  }

  // Hostile text wherever the API takes free text.
  for (const text of HOSTILE_TEXT) {
    list.push(query('hostile slug', 'query S($s: String) { document(slug: $s) { id } }', { s: text }));
    list.push(query('hostile person slug', 'query S($s: String) { person(slug: $s) { id } }', { s: text }));
    list.push(
      query(
        'hostile language filter',
        'query S($s: String!) { documents(filter: { languages: [$s] }) { totalCount } }',
        { s: text },
      ),
    );
  }
  // Writes: without a key, with a bad key, with a key but bad input. None may change anything.
  const asEditor = { ...json, authorization: `Bearer ${editorKey}` };
  const create =
    'mutation C($input: CreateDocumentInput!) { createDocument(input: $input) { document { id } } }';
  const good = { title: 'Hostile', docType: 'TELEGRAM' };
  const doc1 = encodeArchiveId('Document', 1);
  const person1 = encodeArchiveId('Person', 1);
  list.push(post('write without a key', { query: create, variables: { input: good } }));
  for (const authorization of [
    'Bearer',
    'Bearer x',
    'Basic YWRtaW46YWRtaW4=',
    `Bearer ${'k'.repeat(10_000)}`,
    'Bearer a b',
  ])
    list.push(
      post('write with a bad key', { query: create, variables: { input: good } }, { ...json, authorization }),
    );
  for (const input of [
    { ...good, title: '' },
    { ...good, title: 'x'.repeat(100_000) },
    { ...good, docType: 'NOPE' },
    { ...good, slug: 'Has Spaces' },
    { ...good, slug: '1950-11-02-ciphered-telegram-shtykov-to-stalin-letter-from-kim-il-sung' },
    { ...good, dateStart: '1950-13-45', dateEnd: '1950-13-45', datePrecision: 'DAY' },
    { ...good, dateStart: '1950-10-02', dateEnd: '1950-10-01', datePrecision: 'RANGE' },
    { ...good, datePrecision: 'MONTH', dateStart: '1950-10-02', dateEnd: '1950-10-31' },
    { ...good, people: [{ person: doc1, role: 'AUTHOR' }] },
    { ...good, people: [{ person: 'garbage', role: 'AUTHOR' }] },
    { ...good, people: [{ person: encodeArchiveId('Person', 999999), role: 'AUTHOR' }] },
    { ...good, people: [{ person: person1, role: 'NOPE' }] },
    { ...good, topics: [doc1] },
    { ...good, topics: [encodeArchiveId('Topic', 999999)] },
    { ...good, languages: ['x'.repeat(1000)] },
    { ...good, sourceUrl: 'javascript:alert(1)' },
    { ...good, unknownField: 1 },
    { docType: 'TELEGRAM' },
  ])
    list.push(post('invalid write', { query: create, variables: { input } }, asEditor));
  const update =
    'mutation U($input: UpdateDocumentInput!) { updateDocument(input: $input) { document { id } } }';
  for (const input of [
    { id: doc1, expectedVersion: 999, title: 'Stale' },
    { id: doc1, expectedVersion: -1, title: 'Stale' },
    { id: encodeArchiveId('Document', 999999), expectedVersion: 1, title: 'Missing' },
    { id: person1, expectedVersion: 1, title: 'Wrong type' },
    { id: doc1, expectedVersion: 1, title: '' },
    { id: doc1, expectedVersion: 1, dateStart: 'yesterday' },
  ])
    list.push(post('invalid update', { query: update, variables: { input } }, asEditor));
  const remove = 'mutation D($input: DeleteDocumentInput!) { deleteDocument(input: $input) { deletedId } }';
  for (const input of [
    { id: 'nope', expectedVersion: 1 },
    { id: encodeArchiveId('Document', 999999), expectedVersion: 1 },
    { id: doc1, expectedVersion: 999 },
  ])
    list.push(post('invalid delete', { query: remove, variables: { input } }, asEditor));
  list.push(
    post(
      'key management above the role',
      { query: 'mutation { createApiKey(input: { name: "mine", role: ADMIN }) { secret } }' },
      asEditor,
    ),
  );
  list.push(post('mutation in a batch without a key', [{ query: create, variables: { input: good } }]));
  return list;
}

describe('hostile input', () => {
  const app = createTestApp();
  let served: Awaited<ReturnType<typeof listen>>;
  let before = '';
  // Everything but the key's last-use time, which authenticating the editor's requests refreshes.
  const checksum = () => databaseChecksum(app.db.$client, { ignoreColumns: ['last_used_at'] });
  // The key is made before the checksum is taken: it is part of the state that must not change.
  const requests = hostileRequests(app.keyFor('EDITOR'));

  beforeAll(async () => {
    served = await listen(app.yoga);
    before = checksum();
  });
  afterAll(() => served.close());

  it('when the suite is generated, then it holds at least 200 bad requests across every kind', () => {
    expect(requests.length).toBeGreaterThanOrEqual(200);
    console.log(
      `hostile input: ${requests.length} requests of ${new Set(requests.map((r) => r.kind)).size} kinds`,
    );
    expect(new Set(requests.map((r) => r.kind)).size).toBeGreaterThan(50);
  });

  it('when every bad request is sent, then each gets a 4xx or a GraphQL error (never a 5xx or an unexpected error), and the server stays up', async () => {
    const failures: string[] = [];
    for (const [i, r] of requests.entries()) {
      const response = await fetch(`${served.url}${r.path ?? '/graphql'}`, {
        method: r.method ?? 'GET',
        headers: r.headers,
        body: r.body as BodyInit | undefined,
      });
      const text = await response.text();
      let errors: { extensions?: { code?: string } }[] | undefined;
      try {
        const parsed = JSON.parse(text);
        errors = Array.isArray(parsed) ? parsed.flatMap((p) => p.errors ?? []) : parsed.errors;
      } catch {
        errors = undefined;
      }
      const clientError = response.status >= 400 && response.status < 500;
      const graphqlError = response.status < 500 && Array.isArray(errors) && errors.length > 0;
      const unexpected = errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
      // Hostile text that is merely looked up (a slug nobody has) rightly finds nothing: 200, null.
      const harmlessLookup = response.status === 200 && r.kind.startsWith('hostile') && !errors;
      if (!(clientError || graphqlError || harmlessLookup) || unexpected)
        failures.push(
          `#${i} ${r.kind} ${String(r.body).slice(-160)}: ${response.status} ${text.slice(0, 200)}`,
        );
    }
    expect(failures).toEqual([]);
    const health = await fetch(`${served.url}/health`);
    expect(health.status).toBe(200);
    const still = await fetch(`${served.url}/graphql`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ query: '{ documents { totalCount } }' }),
    });
    expect(await still.json()).toEqual({ data: { documents: { totalCount: 10 } } });
  });

  it('when the hostile requests are done, then the database is unchanged and sound', () => {
    expect(checksum()).toBe(before);
    expect(integrityCheck(app.db.$client)).toEqual(['ok']);
  });
});
