import { openDatabase } from '../../db/client.js';
import { loadCorpus } from '../../db/corpus.js';
import { createApiKey } from '../api-keys.js';
import { encodeArchiveId } from '../global-id.js';

/**
 * Every document as readers see it, ids and timestamps aside: slug, fields, and its links by slug
 * in order. Two databases with the same rows here hold the same records, whatever order they
 * were written in; a document whose row differs from a clean import's is partial or wrong.
 */
export const DOCUMENT_ROWS_SQL = `
  select d.slug, json_array(d.title, d.doc_type, d.summary, d.body, d.date_text, d.date_start,
    d.date_end, d.date_precision, d.origin_place, d.destination_place, d.source_archive,
    d.source_citation, d.source_url, d.rights,
    (select group_concat(x, ';') from (select p.slug || ':' || dp.role || ':' || dp.position || ':' ||
       coalesce(dp.name_as_written, '') as x from document_people dp join people p on p.id = dp.person_id
       where dp.document_id = d.id order by x)),
    (select group_concat(x, ';') from (select t.slug as x from document_topics dt
       join topics t on t.id = dt.topic_id where dt.document_id = d.id order by x)),
    (select group_concat(x, ';') from (select l.language as x from document_languages l
       where l.document_id = d.id order by x))) as row
  from documents d where d.slug like ? || '%' order by d.slug`;

/** People and topic the write stream links every document to. Synthetic test data. */
export const STREAM_FIXTURES = {
  topics: [{ key: 'fault-stream-topic', name: 'Fault run topic' }],
  people: [
    { key: 'fault-stream-author', name: 'Fault run author' },
    { key: 'fault-stream-recipient', name: 'Fault run recipient' },
  ],
  documents: [],
};

/** Stream documents missing a part every one of them is written with (two people, a topic, a language). */
export const PARTIAL_STREAM_DOCUMENTS_SQL = `
  select d.slug from documents d
  where d.slug like 'stream-%'
    and ((select count(*) from document_people p where p.document_id = d.id) <> 2
      or (select count(*) from document_topics t where t.document_id = d.id) <> 1
      or (select count(*) from document_languages l where l.document_id = d.id) <> 1)`;

/**
 * Readies a database file for a write stream over HTTP: the people and topic every streamed
 * document links to, and an EDITOR key to write with. Returns the key and the global IDs.
 */
export function prepareWriteStream(file: string, keyName: string) {
  const db = openDatabase({ file });
  try {
    loadCorpus(db, STREAM_FIXTURES);
    const id = (table: string, slug: string) =>
      (db.$client.prepare(`select id from ${table} where slug = ?`).get(slug) as { id: number }).id;
    const { key } = createApiKey(db, { name: keyName, role: 'EDITOR' }, { keyId: null, name: 'test run' });
    return {
      key,
      ids: {
        author: encodeArchiveId('Person', id('people', 'fault-stream-author')),
        recipient: encodeArchiveId('Person', id('people', 'fault-stream-recipient')),
        topic: encodeArchiveId('Topic', id('topics', 'fault-stream-topic')),
      },
    };
  } finally {
    db.$client.close();
  }
}

/** The mutation the write streams send: one document with two people, a topic and a language. */
export const CREATE_DOCUMENT = /* GraphQL */ `
  mutation Write($input: CreateDocumentInput!) { createDocument(input: $input) { document { id slug } } }
`;

export function createDocumentInput(
  slug: string,
  n: number,
  ids: { author: string; recipient: string; topic: string },
) {
  const day = new Date(Date.UTC(1950, 0, 1) + (n % 3650) * 86_400_000).toISOString().slice(0, 10);
  return {
    slug,
    title: `Write stream document ${n}`,
    docType: 'TELEGRAM',
    summary: `Synthetic record ${n} written by a test run.`,
    dateText: day,
    dateStart: day,
    dateEnd: day,
    datePrecision: 'DAY',
    languages: ['ru'],
    people: [
      { person: ids.author, role: 'AUTHOR' },
      { person: ids.recipient, role: 'RECIPIENT' },
    ],
    topics: [ids.topic],
  };
}
