import { describe, expect, it } from 'vitest';
import { checkSearchIndex, rebuildSearchIndex, withSearchIndexDeferred } from '../db/search-index.js';
import { createTestApp } from './helpers/app.js';

// The seed corpus, loaded through the triggers, is the reference: its documents have authors,
// recipients and mentioned people (some with names as written), people with alternate names
// and topics. A few fixtures below add what it lacks: a document with no links at all, a
// person's name added after the links, a renamed topic.
function triggerMaintainedApp() {
  const app = createTestApp();
  const sqlite = app.db.$client;
  const run = (statement: string, ...params: unknown[]) => sqlite.prepare(statement).run(...params);
  run(
    "insert into documents (slug, title, doc_type) values ('fixture-unlinked', 'Fixture bare note', 'NOTE')",
  );
  const person = sqlite.prepare("select id from people where slug = 'vyshinsky'").pluck().get() as number;
  run(
    "insert into person_names (person_id, name, name_type) values (?, 'Fixture Wyschinski', 'TRANSLITERATION')",
    person,
  );
  run("update topics set name = name || ' (fixture)' where slug = 'diplomacy'");
  return app;
}

/** Everything the index holds, term by term: which document, column and position. */
function indexContents(app: ReturnType<typeof createTestApp>) {
  const sqlite = app.db.$client;
  sqlite.exec(
    'create virtual table if not exists temp.fts_terms using fts5vocab(main, documents_fts, instance)',
  );
  return {
    text: sqlite.prepare('select * from documents_fts_text order by id').all(),
    terms: sqlite.prepare('select term, doc, col, "offset" from temp.fts_terms order by 1, 2, 3, 4').all(),
    triggers: sqlite
      .prepare(
        "select name, sql from sqlite_master where type = 'trigger' and name like 'documents_fts%' order by 1",
      )
      .all(),
  };
}

describe('search index rebuild', () => {
  it('when the index is rebuilt from a trigger-maintained state, then text, terms and triggers are unchanged', () => {
    const app = triggerMaintainedApp();
    const before = indexContents(app);
    expect(before.terms.length).toBeGreaterThan(500);
    expect(before.text.some((row) => String((row as { people: string }).people).includes('Wyschinski'))).toBe(
      true,
    );
    expect(rebuildSearchIndex(app.db)).toBe(11);
    expect(indexContents(app)).toEqual(before);
    expect(checkSearchIndex(app.db)).toEqual([]);
    // The rebuild's bigger FTS5 term table is set back to the default afterwards.
    expect(
      app.db.$client.prepare("select v from documents_fts_config where k = 'hashsize'").pluck().get(),
    ).toBe(1024 * 1024);
  });

  it('when the index is broken in every way at once, then the rebuild gives exactly the trigger-maintained index', () => {
    const reference = indexContents(triggerMaintainedApp());
    const app = triggerMaintainedApp();
    const sqlite = app.db.$client;
    // Stored text wrong, missing and left over for a document that no longer exists, FTS5
    // entries that match none of it, and a stale pending note.
    sqlite.exec(`
      drop trigger documents_fts_text_au; drop trigger documents_fts_text_ad; drop trigger documents_fts_text_ai;
      update documents_fts_text set title = 'Fixture stale title' where id = 1;
      delete from documents_fts_text where id = 2;
      insert into documents_fts_text (id, title) values (999, 'Fixture orphan');
      insert into documents_fts (rowid, title) values (998, 'Fixture phantom');
      insert into documents_fts_pending (id) values (3);
    `);
    for (const { name, sql } of reference.triggers as { name: string; sql: string }[])
      if (name.startsWith('documents_fts_text_')) sqlite.exec(sql);
    expect(checkSearchIndex(app.db).length).toBeGreaterThan(0);
    expect(rebuildSearchIndex(app.db)).toBe(11);
    expect(indexContents(app)).toEqual(reference);
    expect(checkSearchIndex(app.db)).toEqual([]);
  });

  it('when a rebuild fails part way, then the previous index and its triggers stay as they were', () => {
    const app = triggerMaintainedApp();
    const sqlite = app.db.$client;
    sqlite.exec("insert into documents_fts (documents_fts) values ('delete-all')");
    const before = indexContents(app);
    sqlite.exec(`create temp trigger fixture_fail after insert on documents_fts_text when new.id = 5
      begin select raise(abort, 'fixture failure'); end`);
    expect(() => rebuildSearchIndex(app.db)).toThrow('fixture failure');
    expect(indexContents(app)).toEqual(before);
    expect(before.terms).toEqual([]);
    expect(sqlite.prepare("select v from documents_fts_config where k = 'hashsize'").get()).toBeUndefined();
    sqlite.exec('drop trigger fixture_fail');
    rebuildSearchIndex(app.db);
    expect(checkSearchIndex(app.db)).toEqual([]);
  });

  it('when a deferred load re-indexes over a thousand documents with a bigger term table, then the index matches the triggers and the setting is put back', () => {
    const load = (app: ReturnType<typeof createTestApp>) => {
      const sqlite = app.db.$client;
      const insert = sqlite.prepare(
        "insert into documents (slug, title, doc_type, summary) values (?, ?, 'NOTE', 'Fixture summary about Wonsan')",
      );
      const link = sqlite.prepare(
        "insert into document_people (document_id, person_id, role, name_as_written, position) select ?, id, 'MENTIONED', 'Fixture Vyshinskii', 0 from people where slug = 'vyshinsky'",
      );
      for (let i = 0; i < 1200; i++)
        link.run(insert.run(`fixture-bulk-${i}`, `Fixture note ${i}`).lastInsertRowid);
    };
    const byTriggers = createTestApp();
    load(byTriggers);
    const deferred = createTestApp();
    withSearchIndexDeferred(deferred.db, () => load(deferred));
    expect(checkSearchIndex(deferred.db)).toEqual([]);
    expect(indexContents(deferred)).toEqual(indexContents(byTriggers));
    expect(
      deferred.db.$client.prepare("select v from documents_fts_config where k = 'hashsize'").pluck().get(),
    ).toBe(1024 * 1024);
  });
});
