import { afterEach, describe, expect, it } from 'vitest';
import { checkSearchIndex, rebuildSearchIndex, withSearchIndexDeferred } from '../db/search-index.js';
import { seedDatabase } from '../db/seed.js';
import { createTestApp } from './helpers/app.js';

const app = createTestApp();
const sqlite = app.db.$client;
const run = (statement: string, ...params: unknown[]) => sqlite.prepare(statement).run(...params);
const idOf = (table: string, slug: string) =>
  (sqlite.prepare(`select id from ${table} where slug = ?`).get(slug) as { id: number }).id;

async function found(query: string): Promise<string[]> {
  const data = await app.data<{ search: { nodes: { slug: string }[] } }>(
    /* GraphQL */ `
      query ($query: String) { search(query: $query, first: 100) { nodes { slug } } }
    `,
    { query },
  );
  return data.search.nodes.map((n) => n.slug).sort();
}

const CABLE = '1950-10-12-cable-8th-directorate-to-shtykov-and-vasilyev';
const LUNCHEON = '1950-01-19-telegram-shtykov-to-vyshinsky-luncheon-mfa-dprk';
// The tests run in order on one database: each builds on the changes before it.

describe('search index upkeep', () => {
  afterEach(() => {
    expect(checkSearchIndex(app.db)).toEqual([]);
  });

  it('when the index is first built, then it agrees with the live tables', () => {
    expect(checkSearchIndex(app.db)).toEqual([]);
  });

  it('when a document is inserted, updated and deleted, then search follows each change', async () => {
    run(
      "insert into documents (slug, title, doc_type, summary) values ('fixture-new', 'Fixture note on Wonsan', 'NOTE', 'About the harbour.')",
    );
    expect(await found('Wonsan')).toEqual(['fixture-new']);
    run(
      "update documents set title = 'Fixture note on Hungnam', body = 'Evacuation plans' where slug = 'fixture-new'",
    );
    expect(await found('Wonsan')).toEqual([]);
    expect(await found('Hungnam evacuation')).toEqual(['fixture-new']);
    run("update documents set version = version + 1 where slug = 'fixture-new'");
    expect(await found('Hungnam')).toEqual(['fixture-new']);
    run("delete from documents where slug = 'fixture-new'");
    expect(await found('Hungnam')).toEqual([]);
  });

  it('when people are linked, unlinked or renamed, then search by their names follows', async () => {
    const gromyko = sqlite.prepare("select id from people where slug = 'gromyko'").get() as { id: number };
    expect(await found('Gromyko')).not.toContain(CABLE);
    run(
      "insert into document_people (document_id, person_id, role, position) values (?, ?, 'MENTIONED', 9)",
      idOf('documents', CABLE),
      gromyko.id,
    );
    expect(await found('Gromyko')).toContain(CABLE);
    run(
      'insert or ignore into document_people (document_id, person_id, role, position) values (?, ?, ?, 9)',
      idOf('documents', CABLE),
      gromyko.id,
      'MENTIONED',
    );
    expect(await found('Gromyko')).toContain(CABLE);
    run("update people set name = 'Andrei Gromyko' where id = ?", gromyko.id);
    expect(await found('Andrei')).toEqual(await found('Gromyko'));
    run(
      'delete from document_people where document_id = ? and person_id = ?',
      idOf('documents', CABLE),
      gromyko.id,
    );
    expect(await found('Gromyko')).not.toContain(CABLE);
  });

  it('when an alternate name is added, changed or removed, then the documents of that person follow', async () => {
    const vyshinsky = idOf('people', 'vyshinsky');
    run(
      "insert into person_names (person_id, name, name_type) values (?, 'Vyshinskii', 'TRANSLITERATION')",
      vyshinsky,
    );
    const documents = await found('Vyshinsky');
    expect(await found('Vyshinskii')).toEqual(documents);
    run("update person_names set name = 'Wyschinski' where name = 'Vyshinskii'");
    expect(await found('Vyshinskii')).toEqual([]);
    expect(await found('Wyschinski')).toEqual(documents);
    run("delete from person_names where name = 'Wyschinski'");
    expect(await found('Wyschinski')).toEqual([]);
  });

  it('when topics are linked, unlinked or renamed, then search by topic names follows', async () => {
    const diplomacy = idOf('topics', 'diplomacy');
    const filedUnderDiplomacy = await found('diplomacy');
    expect(filedUnderDiplomacy).toContain(LUNCHEON);
    run(
      'insert into document_topics (document_id, topic_id) values (?, ?)',
      idOf('documents', CABLE),
      diplomacy,
    );
    expect(await found('diplomacy')).toContain(CABLE);
    run("update topics set name = 'Diplomatic receptions' where id = ?", diplomacy);
    expect(await found('receptions')).toContain(CABLE);
    expect(await found('receptions')).toContain(LUNCHEON);
    run(
      'insert into document_topics (document_id, topic_id) values (?, ?) on conflict do update set topic_id = excluded.topic_id',
      idOf('documents', CABLE),
      diplomacy,
    );
    run(
      'delete from document_topics where document_id = ? and topic_id = ?',
      idOf('documents', CABLE),
      diplomacy,
    );
    expect(await found('receptions')).toEqual(filedUnderDiplomacy);
  });

  it('when a document is replaced through a REPLACE conflict, then the old text leaves the index', async () => {
    run(
      "insert into documents (slug, title, doc_type) values ('fixture-replaced', 'Fixture Kaesong text', 'NOTE')",
    );
    run(
      "insert or replace into documents (slug, title, doc_type) values ('fixture-replaced', 'Fixture Panmunjom text', 'NOTE')",
    );
    expect(await found('Kaesong')).toEqual([]);
    expect(await found('Panmunjom')).toEqual(['fixture-replaced']);
    run("delete from documents where slug = 'fixture-replaced'");
  });

  it('when the seed corpus is reloaded, then renamed records are indexed as before, and a second load changes nothing', async () => {
    seedDatabase(app.db);
    expect(await found('Diplomacy')).toContain(LUNCHEON);
    const before = sqlite.prepare('select * from documents_fts_text order by id').all();
    seedDatabase(app.db);
    expect(sqlite.prepare('select * from documents_fts_text order by id').all()).toEqual(before);
  });

  it('when the index was emptied behind the triggers, then rebuildSearchIndex restores it', async () => {
    const documents = await found('Shtykov');
    run("insert into documents_fts (documents_fts) values ('delete-all')");
    expect(await found('Shtykov')).toEqual([]);
    expect(rebuildSearchIndex(app.db)).toBe(10);
    expect(await found('Shtykov')).toEqual(documents);
  });
});

describe('deferred index upkeep for bulk loads', () => {
  const bulk = createTestApp({ seed: false });

  it('when a corpus is loaded with refreshes deferred, then each document is indexed once and the index is right', async () => {
    const writes: string[] = [];
    bulk.db.$client.function('note_index_write', (id: unknown) => {
      writes.push(String(id));
      return null;
    });
    bulk.db.$client.exec(`
      create temp trigger note_inserts after insert on documents_fts_text begin select note_index_write(new.id); end;
      create temp trigger note_updates after update on documents_fts_text begin select note_index_write(new.id); end;
    `);
    withSearchIndexDeferred(bulk.db, () => seedDatabase(bulk.db));
    expect(writes).toHaveLength(10);
    expect(new Set(writes).size).toBe(10);
    expect(checkSearchIndex(bulk.db)).toEqual([]);
    const data = await bulk.data<{ search: { totalCount: number } }>(/* GraphQL */ `
      { search(query: "Fyn-Si") { totalCount } }
    `);
    expect(data.search.totalCount).toBe(7);
  });

  it('when a deferred load fails, then nothing of it stays, the deferral included', () => {
    expect(() =>
      withSearchIndexDeferred(bulk.db, () => {
        bulk.db.$client.prepare("update documents set title = 'Fixture retitled' where id = 1").run();
        throw new Error('import failed');
      }),
    ).toThrow('import failed');
    expect(bulk.db.$client.prepare('select deferred from documents_fts_state').get()).toEqual({
      deferred: 0,
    });
    expect(
      bulk.db.$client.prepare("select count(*) as n from documents where title = 'Fixture retitled'").get(),
    ).toEqual({ n: 0 });
    expect(checkSearchIndex(bulk.db)).toEqual([]);
  });
});
