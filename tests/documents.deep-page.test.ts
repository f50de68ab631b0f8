import { describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { importText, jsonl } from './helpers/bulk.js';
import { bulkCorpus } from './helpers/factories.js';

type Page = {
  documents: { pageInfo: { endCursor: string; startCursor: string }; nodes: { title: string }[] };
};

/** The query plan of a logged statement (values do not change SQLite's plan). */
function planOf(app: ReturnType<typeof createTestApp>, statement: string): string {
  const placeholders = statement.match(/\?/g)?.length ?? 0;
  return (
    app.db.$client.prepare(`explain query plan ${statement}`).all(...Array(placeholders).fill(null)) as {
      detail: string;
    }[]
  )
    .map((r) => r.detail)
    .join('\n');
}

describe('deep pages', () => {
  const app = createTestApp({ seed: false });
  const corpus = bulkCorpus(120);
  const ready = importText(
    app.db,
    jsonl(
      ...corpus.topics.map((t) => ['topic', t] as [string, Record<string, unknown>]),
      ...corpus.people.map((p) => ['person', p] as [string, Record<string, unknown>]),
      ...corpus.documents.map((d) => ['document', d] as [string, Record<string, unknown>]),
    ),
  );

  it.each([
    ['date ascending', 'DATE', 'ASC', 'date_sort_asc>?'],
    ['date descending', 'DATE', 'DESC', 'date_sort_desc<?'],
    ['title', 'TITLE', 'ASC', 'title_sort>?'],
  ])(
    'when paging after a cursor by %s, then the query seeks the sort index at the cursor and the page is the next one',
    async (_name, field, direction, seek) => {
      await ready;
      const query = `query ($after: String) { documents(first: 10, after: $after, orderBy: { field: ${field}, direction: ${direction} }) { pageInfo { endCursor startCursor } nodes { title } } }`;
      const all = await app.data<Page>(query.replace('first: 10', 'first: 100'));
      const first = await app.data<Page>(query.replace('first: 10', 'first: 50'));
      const { result, statements } = await app.sqlOf(query, { after: first.documents.pageInfo.endCursor });
      expect((result.data as Page).documents.nodes).toEqual(all.documents.nodes.slice(50, 60));
      expect(statements).toHaveLength(1);
      expect(planOf(app, statements[0]!)).toContain(
        `USING INDEX documents_${field === 'TITLE' ? 'title' : `date_${direction.toLowerCase()}`}_idx (${seek})`,
      );
    },
  );

  it('when paging backwards before a cursor, then the page is the one before it', async () => {
    await ready;
    const query =
      'query ($before: String) { documents(last: 10, before: $before) { pageInfo { endCursor startCursor } nodes { title } } }';
    const all = await app.data<Page>('{ documents(first: 100) { nodes { title } } }');
    const page = await app.data<Page>(
      '{ documents(first: 50) { pageInfo { endCursor startCursor } nodes { title } } }',
    );
    const before = await app.data<Page>(query, { before: page.documents.pageInfo.endCursor });
    expect(before.documents.nodes).toEqual(all.documents.nodes.slice(39, 49));
  });
});
