/**
 * The records the fault runs write: `count` documents keyed `<prefix>-<n>`, each linked to two
 * people and one topic in one language, so a record that is there but incomplete shows up as a
 * document with fewer than two people, no topic or no language. Synthetic test data, never
 * loaded into a real archive.
 */
export function faultCorpus(count: number, prefix: string, from = 0) {
  const topics = [{ key: 'fault-topic', name: 'Fault run topic' }];
  const people = [
    { key: 'fault-author', name: 'Fault run author' },
    { key: 'fault-recipient', name: 'Fault run recipient' },
  ];
  const documents = Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const day = new Date(Date.UTC(1950, 0, 1) + (n % 3650) * 86_400_000).toISOString().slice(0, 10);
    return {
      slug: `${prefix}-${n}`,
      title: `Fault run document ${n}`,
      docType: 'TELEGRAM',
      summary: `Synthetic record ${n} written by the fault run.`,
      dateText: day,
      dateStart: day,
      dateEnd: day,
      datePrecision: 'DAY',
      languages: ['ru'],
      people: [
        { person: 'fault-author', role: 'AUTHOR' },
        { person: 'fault-recipient', role: 'RECIPIENT' },
      ],
      topics: ['fault-topic'],
    };
  });
  return { topics, people, documents };
}

/** Documents of `prefix` missing a part every fault-run record has (two people, a topic, a language). */
export const PARTIAL_RECORDS_SQL = `
  select d.slug from documents d
  where d.slug like ? || '-%'
    and ((select count(*) from document_people p where p.document_id = d.id) <> 2
      or (select count(*) from document_topics t where t.document_id = d.id) <> 1
      or (select count(*) from document_languages l where l.document_id = d.id) <> 1)`;

/**
 * The records of `prefix` as readers see them, ids and timestamps aside: slug, fields, and links
 * by slug. Two databases with the same rows here hold the same records, whatever order they
 * were written in.
 */
export const RECORDS_OF_PREFIX_SQL = `
  select d.slug, d.title, d.doc_type, d.summary, d.date_text, d.date_start, d.date_end, d.date_precision,
    (select group_concat(x, ';') from (select p.slug || ':' || dp.role as x from document_people dp
       join people p on p.id = dp.person_id where dp.document_id = d.id order by x)) as people,
    (select group_concat(x, ';') from (select t.slug as x from document_topics dt
       join topics t on t.id = dt.topic_id where dt.document_id = d.id order by x)) as topics,
    (select group_concat(x, ';') from (select l.language as x from document_languages l
       where l.document_id = d.id order by x)) as languages
  from documents d where d.slug like ? || '-%' order by d.slug`;
