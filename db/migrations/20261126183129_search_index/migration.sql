-- Full-text search over documents (issue 3).
--
-- documents_fts_source (view) computes, from the live tables, the text a document is found by:
-- its title, summary and body, the names of the people linked to it (preferred, alternate and
-- as written in it) and the names of its topics. documents_fts_text keeps a copy of what is
-- indexed, one row per document; documents_fts is an FTS5 index whose external content is that
-- copy, kept in step by the canonical external-content triggers (the copy holds the exact old
-- values FTS5 needs to delete an entry). Triggers on every table the view reads refresh a
-- document's copy after any write (insert, update, delete, link changes, renames, INSERT OR
-- IGNORE and upserts alike); a refresh that changes nothing writes nothing.
--
-- Bulk loads may defer the refreshes (withSearchIndexDeferred in db/search-index.ts): inside
-- one transaction documents_fts_state.deferred is set, the triggers only note the documents
-- touched in documents_fts_pending, and each of them is refreshed once before the commit.
CREATE VIEW documents_fts_source AS
SELECT
  d.id AS id,
  d.title AS title,
  d.summary AS summary,
  d.body AS body,
  (SELECT group_concat(n.name, ' ; ' ORDER BY n.name) FROM (
      SELECT p.name AS name FROM document_people dp JOIN people p ON p.id = dp.person_id WHERE dp.document_id = d.id
      UNION SELECT pn.name FROM document_people dp JOIN person_names pn ON pn.person_id = dp.person_id WHERE dp.document_id = d.id
      UNION SELECT dp.name_as_written FROM document_people dp WHERE dp.document_id = d.id AND dp.name_as_written IS NOT NULL
    ) n) AS people,
  (SELECT group_concat(t.name, ' ; ' ORDER BY t.name)
     FROM document_topics dt JOIN topics t ON t.id = dt.topic_id WHERE dt.document_id = d.id) AS topics
FROM documents d;
--> statement-breakpoint
CREATE TABLE documents_fts_text (
  id integer PRIMARY KEY,
  title text,
  summary text,
  body text,
  people text,
  topics text
);
--> statement-breakpoint
CREATE TABLE documents_fts_state (
  id integer PRIMARY KEY CHECK (id = 1),
  deferred integer NOT NULL DEFAULT 0 CHECK (deferred IN (0, 1))
);
--> statement-breakpoint
INSERT INTO documents_fts_state (id, deferred) VALUES (1, 0);
--> statement-breakpoint
CREATE TABLE documents_fts_pending (id integer PRIMARY KEY);
--> statement-breakpoint
CREATE VIRTUAL TABLE documents_fts USING fts5(
  title, summary, body, people, topics,
  content = 'documents_fts_text',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);
--> statement-breakpoint
CREATE TRIGGER documents_fts_text_ai AFTER INSERT ON documents_fts_text BEGIN
  INSERT INTO documents_fts (rowid, title, summary, body, people, topics) VALUES (NEW.id, NEW.title, NEW.summary, NEW.body, NEW.people, NEW.topics);
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_text_ad AFTER DELETE ON documents_fts_text BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, summary, body, people, topics) VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.body, OLD.people, OLD.topics);
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_text_au AFTER UPDATE ON documents_fts_text BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, summary, body, people, topics) VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.body, OLD.people, OLD.topics);
  INSERT INTO documents_fts (rowid, title, summary, body, people, topics) VALUES (NEW.id, NEW.title, NEW.summary, NEW.body, NEW.people, NEW.topics);
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_documents_ai AFTER INSERT ON documents BEGIN
  INSERT OR IGNORE INTO documents_fts_pending (id)
    SELECT id FROM documents WHERE id IN (NEW.id) AND (SELECT deferred FROM documents_fts_state);
  INSERT INTO documents_fts_text (id, title, summary, body, people, topics)
    SELECT id, title, summary, body, people, topics FROM documents_fts_source
     WHERE id IN (NEW.id) AND NOT (SELECT deferred FROM documents_fts_state)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body, people = excluded.people, topics = excluded.topics
    WHERE documents_fts_text.title IS NOT excluded.title OR documents_fts_text.summary IS NOT excluded.summary OR documents_fts_text.body IS NOT excluded.body OR documents_fts_text.people IS NOT excluded.people OR documents_fts_text.topics IS NOT excluded.topics;
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_documents_au AFTER UPDATE OF id, title, summary, body ON documents BEGIN
  DELETE FROM documents_fts_text WHERE id = OLD.id AND OLD.id IS NOT NEW.id;
  INSERT OR IGNORE INTO documents_fts_pending (id)
    SELECT id FROM documents WHERE id IN (NEW.id) AND (SELECT deferred FROM documents_fts_state);
  INSERT INTO documents_fts_text (id, title, summary, body, people, topics)
    SELECT id, title, summary, body, people, topics FROM documents_fts_source
     WHERE id IN (NEW.id) AND NOT (SELECT deferred FROM documents_fts_state)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body, people = excluded.people, topics = excluded.topics
    WHERE documents_fts_text.title IS NOT excluded.title OR documents_fts_text.summary IS NOT excluded.summary OR documents_fts_text.body IS NOT excluded.body OR documents_fts_text.people IS NOT excluded.people OR documents_fts_text.topics IS NOT excluded.topics;
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_documents_ad AFTER DELETE ON documents BEGIN
  DELETE FROM documents_fts_text WHERE id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_document_people_ai AFTER INSERT ON document_people BEGIN
  INSERT OR IGNORE INTO documents_fts_pending (id)
    SELECT id FROM documents WHERE id IN (NEW.document_id) AND (SELECT deferred FROM documents_fts_state);
  INSERT INTO documents_fts_text (id, title, summary, body, people, topics)
    SELECT id, title, summary, body, people, topics FROM documents_fts_source
     WHERE id IN (NEW.document_id) AND NOT (SELECT deferred FROM documents_fts_state)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body, people = excluded.people, topics = excluded.topics
    WHERE documents_fts_text.title IS NOT excluded.title OR documents_fts_text.summary IS NOT excluded.summary OR documents_fts_text.body IS NOT excluded.body OR documents_fts_text.people IS NOT excluded.people OR documents_fts_text.topics IS NOT excluded.topics;
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_document_people_au AFTER UPDATE ON document_people BEGIN
  INSERT OR IGNORE INTO documents_fts_pending (id)
    SELECT id FROM documents WHERE id IN (OLD.document_id, NEW.document_id) AND (SELECT deferred FROM documents_fts_state);
  INSERT INTO documents_fts_text (id, title, summary, body, people, topics)
    SELECT id, title, summary, body, people, topics FROM documents_fts_source
     WHERE id IN (OLD.document_id, NEW.document_id) AND NOT (SELECT deferred FROM documents_fts_state)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body, people = excluded.people, topics = excluded.topics
    WHERE documents_fts_text.title IS NOT excluded.title OR documents_fts_text.summary IS NOT excluded.summary OR documents_fts_text.body IS NOT excluded.body OR documents_fts_text.people IS NOT excluded.people OR documents_fts_text.topics IS NOT excluded.topics;
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_document_people_ad AFTER DELETE ON document_people BEGIN
  INSERT OR IGNORE INTO documents_fts_pending (id)
    SELECT id FROM documents WHERE id IN (OLD.document_id) AND (SELECT deferred FROM documents_fts_state);
  INSERT INTO documents_fts_text (id, title, summary, body, people, topics)
    SELECT id, title, summary, body, people, topics FROM documents_fts_source
     WHERE id IN (OLD.document_id) AND NOT (SELECT deferred FROM documents_fts_state)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body, people = excluded.people, topics = excluded.topics
    WHERE documents_fts_text.title IS NOT excluded.title OR documents_fts_text.summary IS NOT excluded.summary OR documents_fts_text.body IS NOT excluded.body OR documents_fts_text.people IS NOT excluded.people OR documents_fts_text.topics IS NOT excluded.topics;
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_document_topics_ai AFTER INSERT ON document_topics BEGIN
  INSERT OR IGNORE INTO documents_fts_pending (id)
    SELECT id FROM documents WHERE id IN (NEW.document_id) AND (SELECT deferred FROM documents_fts_state);
  INSERT INTO documents_fts_text (id, title, summary, body, people, topics)
    SELECT id, title, summary, body, people, topics FROM documents_fts_source
     WHERE id IN (NEW.document_id) AND NOT (SELECT deferred FROM documents_fts_state)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body, people = excluded.people, topics = excluded.topics
    WHERE documents_fts_text.title IS NOT excluded.title OR documents_fts_text.summary IS NOT excluded.summary OR documents_fts_text.body IS NOT excluded.body OR documents_fts_text.people IS NOT excluded.people OR documents_fts_text.topics IS NOT excluded.topics;
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_document_topics_au AFTER UPDATE ON document_topics BEGIN
  INSERT OR IGNORE INTO documents_fts_pending (id)
    SELECT id FROM documents WHERE id IN (OLD.document_id, NEW.document_id) AND (SELECT deferred FROM documents_fts_state);
  INSERT INTO documents_fts_text (id, title, summary, body, people, topics)
    SELECT id, title, summary, body, people, topics FROM documents_fts_source
     WHERE id IN (OLD.document_id, NEW.document_id) AND NOT (SELECT deferred FROM documents_fts_state)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body, people = excluded.people, topics = excluded.topics
    WHERE documents_fts_text.title IS NOT excluded.title OR documents_fts_text.summary IS NOT excluded.summary OR documents_fts_text.body IS NOT excluded.body OR documents_fts_text.people IS NOT excluded.people OR documents_fts_text.topics IS NOT excluded.topics;
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_document_topics_ad AFTER DELETE ON document_topics BEGIN
  INSERT OR IGNORE INTO documents_fts_pending (id)
    SELECT id FROM documents WHERE id IN (OLD.document_id) AND (SELECT deferred FROM documents_fts_state);
  INSERT INTO documents_fts_text (id, title, summary, body, people, topics)
    SELECT id, title, summary, body, people, topics FROM documents_fts_source
     WHERE id IN (OLD.document_id) AND NOT (SELECT deferred FROM documents_fts_state)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body, people = excluded.people, topics = excluded.topics
    WHERE documents_fts_text.title IS NOT excluded.title OR documents_fts_text.summary IS NOT excluded.summary OR documents_fts_text.body IS NOT excluded.body OR documents_fts_text.people IS NOT excluded.people OR documents_fts_text.topics IS NOT excluded.topics;
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_person_names_ai AFTER INSERT ON person_names BEGIN
  INSERT OR IGNORE INTO documents_fts_pending (id)
    SELECT id FROM documents WHERE id IN (SELECT document_id FROM document_people WHERE person_id = NEW.person_id) AND (SELECT deferred FROM documents_fts_state);
  INSERT INTO documents_fts_text (id, title, summary, body, people, topics)
    SELECT id, title, summary, body, people, topics FROM documents_fts_source
     WHERE id IN (SELECT document_id FROM document_people WHERE person_id = NEW.person_id) AND NOT (SELECT deferred FROM documents_fts_state)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body, people = excluded.people, topics = excluded.topics
    WHERE documents_fts_text.title IS NOT excluded.title OR documents_fts_text.summary IS NOT excluded.summary OR documents_fts_text.body IS NOT excluded.body OR documents_fts_text.people IS NOT excluded.people OR documents_fts_text.topics IS NOT excluded.topics;
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_person_names_au AFTER UPDATE OF person_id, name ON person_names BEGIN
  INSERT OR IGNORE INTO documents_fts_pending (id)
    SELECT id FROM documents WHERE id IN (SELECT document_id FROM document_people WHERE person_id = OLD.person_id UNION SELECT document_id FROM document_people WHERE person_id = NEW.person_id) AND (SELECT deferred FROM documents_fts_state);
  INSERT INTO documents_fts_text (id, title, summary, body, people, topics)
    SELECT id, title, summary, body, people, topics FROM documents_fts_source
     WHERE id IN (SELECT document_id FROM document_people WHERE person_id = OLD.person_id UNION SELECT document_id FROM document_people WHERE person_id = NEW.person_id) AND NOT (SELECT deferred FROM documents_fts_state)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body, people = excluded.people, topics = excluded.topics
    WHERE documents_fts_text.title IS NOT excluded.title OR documents_fts_text.summary IS NOT excluded.summary OR documents_fts_text.body IS NOT excluded.body OR documents_fts_text.people IS NOT excluded.people OR documents_fts_text.topics IS NOT excluded.topics;
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_person_names_ad AFTER DELETE ON person_names BEGIN
  INSERT OR IGNORE INTO documents_fts_pending (id)
    SELECT id FROM documents WHERE id IN (SELECT document_id FROM document_people WHERE person_id = OLD.person_id) AND (SELECT deferred FROM documents_fts_state);
  INSERT INTO documents_fts_text (id, title, summary, body, people, topics)
    SELECT id, title, summary, body, people, topics FROM documents_fts_source
     WHERE id IN (SELECT document_id FROM document_people WHERE person_id = OLD.person_id) AND NOT (SELECT deferred FROM documents_fts_state)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body, people = excluded.people, topics = excluded.topics
    WHERE documents_fts_text.title IS NOT excluded.title OR documents_fts_text.summary IS NOT excluded.summary OR documents_fts_text.body IS NOT excluded.body OR documents_fts_text.people IS NOT excluded.people OR documents_fts_text.topics IS NOT excluded.topics;
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_people_au AFTER UPDATE OF name ON people BEGIN
  INSERT OR IGNORE INTO documents_fts_pending (id)
    SELECT id FROM documents WHERE id IN (SELECT document_id FROM document_people WHERE person_id = NEW.id) AND (SELECT deferred FROM documents_fts_state);
  INSERT INTO documents_fts_text (id, title, summary, body, people, topics)
    SELECT id, title, summary, body, people, topics FROM documents_fts_source
     WHERE id IN (SELECT document_id FROM document_people WHERE person_id = NEW.id) AND NOT (SELECT deferred FROM documents_fts_state)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body, people = excluded.people, topics = excluded.topics
    WHERE documents_fts_text.title IS NOT excluded.title OR documents_fts_text.summary IS NOT excluded.summary OR documents_fts_text.body IS NOT excluded.body OR documents_fts_text.people IS NOT excluded.people OR documents_fts_text.topics IS NOT excluded.topics;
END;
--> statement-breakpoint
CREATE TRIGGER documents_fts_topics_au AFTER UPDATE OF name ON topics BEGIN
  INSERT OR IGNORE INTO documents_fts_pending (id)
    SELECT id FROM documents WHERE id IN (SELECT document_id FROM document_topics WHERE topic_id = NEW.id) AND (SELECT deferred FROM documents_fts_state);
  INSERT INTO documents_fts_text (id, title, summary, body, people, topics)
    SELECT id, title, summary, body, people, topics FROM documents_fts_source
     WHERE id IN (SELECT document_id FROM document_topics WHERE topic_id = NEW.id) AND NOT (SELECT deferred FROM documents_fts_state)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body, people = excluded.people, topics = excluded.topics
    WHERE documents_fts_text.title IS NOT excluded.title OR documents_fts_text.summary IS NOT excluded.summary OR documents_fts_text.body IS NOT excluded.body OR documents_fts_text.people IS NOT excluded.people OR documents_fts_text.topics IS NOT excluded.topics;
END;
--> statement-breakpoint
-- Index what is already there.
INSERT INTO documents_fts_text (id, title, summary, body, people, topics)
  SELECT id, title, summary, body, people, topics FROM documents_fts_source;
