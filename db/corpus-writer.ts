import type BetterSqlite3 from 'better-sqlite3';
import type { DocumentRecord, PersonRecord, TopicRecord } from './corpus.js';

/** What writing one record did. */
export type WriteOutcome = 'inserted' | 'updated' | 'unchanged';

/** A record that is valid on its own but cannot be written: unknown reference, cycle, duplicate. */
export class RecordConflictError extends Error {}

/** Document columns in record order: [record field, column]. */
const DOCUMENT_FIELDS = [
  ['title', 'title'],
  ['docType', 'doc_type'],
  ['summary', 'summary'],
  ['body', 'body'],
  ['dateText', 'date_text'],
  ['dateStart', 'date_start'],
  ['dateEnd', 'date_end'],
  ['datePrecision', 'date_precision'],
  ['originPlace', 'origin_place'],
  ['destinationPlace', 'destination_place'],
  ['sourceArchive', 'source_archive'],
  ['sourceCitation', 'source_citation'],
  ['sourceUrl', 'source_url'],
  ['rights', 'rights'],
] as const satisfies readonly (readonly [keyof DocumentRecord, string])[];

const PERSON_FIELDS = [
  ['name', 'name'],
  ['kind', 'kind'],
  ['description', 'description'],
  ['birthYear', 'birth_year'],
  ['deathYear', 'death_year'],
] as const satisfies readonly (readonly [keyof PersonRecord, string])[];

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

type Row = Record<string, unknown>;
type ChildTable = 'links' | 'topics' | 'languages';
interface ChildBuffer {
  width: number;
  params: unknown[];
  one: BetterSqlite3.Statement;
  many: BetterSqlite3.Statement;
}
/** Rows per multi-row insert: 100 rows of 5 columns stay far below SQLite's parameter limit. */
const CHILD_ROWS_PER_STATEMENT = 100;
interface LinkRow {
  person_id: number;
  role: string;
  name_as_written: string | null;
  position: number;
}

/**
 * Writes validated corpus records through prepared statements, keyed by slug: a new record is
 * inserted; an existing one is updated in place (version bumped, updatedAt set) only when
 * something in it differs, so writing the same records twice changes nothing. References
 * (parent topic, people and topics of a document) must already exist in the database or have
 * been written earlier through this writer. Every check happens before the first write of a
 * record, so a refused record leaves nothing behind. The caller owns the transaction.
 */
export class CorpusWriter {
  private readonly topicIds = new Map<string, number>();
  private readonly personIds = new Map<string, number>();
  private readonly s;
  private readonly children: Record<ChildTable, ChildBuffer>;
  /**
   * Ids of the records this writer inserted or changed (people and topics only when changed:
   * a new one is in no document yet), for callers that maintain derived data such as the
   * search index; they empty the lists as they use them.
   */
  readonly touched = { documents: [] as number[], people: [] as number[], topics: [] as number[] };

  /**
   * With `buffered`, the link, topic and language rows of new documents are gathered and
   * written many rows per statement (fewer native calls in a bulk load). Buffered rows reach
   * the database at the latest on {@link flush}, which the caller must call before committing;
   * only for callers that commit or roll back whole batches, never per record.
   */
  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly options: { buffered?: boolean } = {},
  ) {
    const child = (table: string, columns: string[]): ChildBuffer => {
      const row = `(${columns.map(() => '?').join(', ')})`;
      const insert = (rows: number) =>
        sqlite.prepare(
          `insert into ${table} (${columns.join(', ')}) values ${Array(rows).fill(row).join(', ')}`,
        );
      return { width: columns.length, params: [], one: insert(1), many: insert(CHILD_ROWS_PER_STATEMENT) };
    };
    this.children = {
      links: child('document_people', ['document_id', 'person_id', 'role', 'name_as_written', 'position']),
      topics: child('document_topics', ['document_id', 'topic_id']),
      languages: child('document_languages', ['document_id', 'language']),
    };
    const docCols = DOCUMENT_FIELDS.map(([, c]) => c);
    const prepare = (sql: string) => sqlite.prepare(sql);
    this.s = {
      topicBySlug: prepare('select id, name, description, parent_id, version from topics where slug = ?'),
      topicParent: prepare('select parent_id from topics where id = ?'),
      topicInsert: prepare('insert into topics (slug, name, description, parent_id) values (?, ?, ?, ?)'),
      topicUpdate: prepare(
        `update topics set name = ?, description = ?, parent_id = ?, version = version + 1, updated_at = ${NOW} where id = ?`,
      ),
      personBySlug: prepare(
        `select id, ${PERSON_FIELDS.map(([, c]) => c).join(', ')}, version from people where slug = ?`,
      ),
      personInsert: prepare(
        `insert into people (slug, ${PERSON_FIELDS.map(([, c]) => c).join(', ')}) values (?, ${PERSON_FIELDS.map(() => '?').join(', ')})`,
      ),
      personUpdate: prepare(
        `update people set ${PERSON_FIELDS.map(([, c]) => `${c} = ?`).join(', ')}, version = version + 1, updated_at = ${NOW} where id = ?`,
      ),
      personTouch: prepare(`update people set version = version + 1, updated_at = ${NOW} where id = ?`),
      namesOf: prepare('select name, name_type, language from person_names where person_id = ? order by id'),
      namesDelete: prepare('delete from person_names where person_id = ?'),
      nameInsert: prepare(
        'insert into person_names (person_id, name, name_type, language) values (?, ?, ?, ?)',
      ),
      documentBySlug: prepare(`select id, ${docCols.join(', ')} from documents where slug = ?`),
      documentInsert: prepare(
        `insert into documents (slug, ${docCols.join(', ')}) values (?, ${docCols.map(() => '?').join(', ')})`,
      ),
      documentUpdate: prepare(
        `update documents set ${docCols.map((c) => `${c} = ?`).join(', ')}, version = version + 1, updated_at = ${NOW} where id = ?`,
      ),
      linksOf: prepare(
        'select person_id, role, name_as_written, position from document_people dp where document_id = ? order by role, position, id',
      ),
      linksDelete: prepare('delete from document_people where document_id = ?'),
      topicsOf: prepare(
        'select topic_id from document_topics where document_id = ? order by topic_id',
      ).pluck(),
      topicsDelete: prepare('delete from document_topics where document_id = ?'),
      languagesOf: prepare(
        'select language from document_languages where document_id = ? order by language',
      ).pluck(),
      languagesDelete: prepare('delete from document_languages where document_id = ?'),
      idOfTopic: prepare('select id from topics where slug = ?').pluck(),
      idOfPerson: prepare('select id from people where slug = ?').pluck(),
    };
  }

  topic(t: TopicRecord): WriteOutcome {
    if (t.parent === t.key) throw new RecordConflictError(`topic ${t.key} cannot be its own parent`);
    const parentId = t.parent ? this.topicId(t.parent) : null;
    if (t.parent && parentId === undefined)
      throw new RecordConflictError(`unknown parent topic "${t.parent}" (define it earlier in the file)`);
    const existing = this.s.topicBySlug.get(t.key) as Row | undefined;
    const values = [t.name, t.description ?? null, parentId ?? null];
    if (!existing) {
      const id = Number(this.s.topicInsert.run(t.key, ...values).lastInsertRowid);
      this.topicIds.set(t.key, id);
      return 'inserted';
    }
    const id = existing.id as number;
    this.topicIds.set(t.key, id);
    if (existing.name === values[0] && existing.description === values[1] && existing.parent_id === values[2])
      return 'unchanged';
    for (let ancestor = parentId ?? null, depth = 0; ancestor !== null && depth < 1000; depth++) {
      if (ancestor === id)
        throw new RecordConflictError(`topic ${t.key}: parent "${t.parent}" is below it in the tree`);
      ancestor =
        (this.s.topicParent.get(ancestor) as { parent_id: number | null } | undefined)?.parent_id ?? null;
    }
    this.s.topicUpdate.run(...values, id);
    this.touched.topics.push(id);
    return 'updated';
  }

  person(p: PersonRecord): WriteOutcome {
    const names = p.alternateNames.map((n) => [n.name, n.type, n.language ?? null] as const);
    const seen = new Set<string>();
    for (const [name] of names) {
      if (seen.has(name)) throw new RecordConflictError(`alternate name "${name}" is listed twice`);
      seen.add(name);
    }
    const values = PERSON_FIELDS.map(([field]) => p[field] ?? null);
    const existing = this.s.personBySlug.get(p.key) as Row | undefined;
    if (!existing) {
      const id = Number(this.s.personInsert.run(p.key, ...values).lastInsertRowid);
      this.personIds.set(p.key, id);
      for (const n of names) this.s.nameInsert.run(id, ...n);
      return 'inserted';
    }
    const id = existing.id as number;
    this.personIds.set(p.key, id);
    const fieldsChanged = PERSON_FIELDS.some(([, column], i) => existing[column] !== values[i]);
    const current = this.s.namesOf.all(id) as { name: string; name_type: string; language: string | null }[];
    const namesChanged =
      current.length !== names.length ||
      current.some((c, i) => {
        const want = names[i]!;
        return c.name !== want[0] || c.name_type !== want[1] || c.language !== want[2];
      });
    if (!fieldsChanged && !namesChanged) return 'unchanged';
    if (fieldsChanged) this.s.personUpdate.run(...values, id);
    else this.s.personTouch.run(id);
    if (namesChanged) {
      this.s.namesDelete.run(id);
      for (const n of names) this.s.nameInsert.run(id, ...n);
    }
    this.touched.people.push(id);
    return 'updated';
  }

  document(d: DocumentRecord): WriteOutcome {
    const links = this.resolveLinks(d);
    const topicIds = [...new Set(d.topics)].map((k) => {
      const id = this.topicId(k);
      if (id === undefined) throw new RecordConflictError(`unknown topic "${k}"`);
      return id;
    });
    const languages = [...new Set(d.languages)].sort();
    const values = DOCUMENT_FIELDS.map(([field]) => d[field] ?? null);
    const existing = this.s.documentBySlug.get(d.slug) as Row | undefined;
    if (!existing) {
      const id = Number(this.s.documentInsert.run(d.slug, ...values).lastInsertRowid);
      this.insertChildren(id, links, topicIds, languages);
      this.touched.documents.push(id);
      return 'inserted';
    }
    const id = existing.id as number;
    this.flush(); // the comparison below reads child rows that may still be buffered
    const fieldsChanged = DOCUMENT_FIELDS.some(([, column], i) => existing[column] !== values[i]);
    const currentLinks = this.s.linksOf.all(id) as LinkRow[];
    const wantLinks = [...links].sort(
      (a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0) || a.position - b.position,
    );
    const linksChanged =
      currentLinks.length !== wantLinks.length ||
      currentLinks.some((c, i) => {
        const w = wantLinks[i]!;
        return (
          c.person_id !== w.person_id ||
          c.role !== w.role ||
          c.name_as_written !== w.name_as_written ||
          c.position !== w.position
        );
      });
    const currentTopics = this.s.topicsOf.all(id) as number[];
    const wantTopics = [...topicIds].sort((a, b) => a - b);
    const topicsChanged =
      currentTopics.length !== wantTopics.length || currentTopics.some((t, i) => t !== wantTopics[i]);
    const currentLanguages = this.s.languagesOf.all(id) as string[];
    const languagesChanged =
      currentLanguages.length !== languages.length || currentLanguages.some((l, i) => l !== languages[i]);
    if (!fieldsChanged && !linksChanged && !topicsChanged && !languagesChanged) return 'unchanged';
    this.s.documentUpdate.run(...values, id);
    if (linksChanged) {
      this.s.linksDelete.run(id);
      for (const l of links)
        this.children.links.one.run(id, l.person_id, l.role, l.name_as_written, l.position);
    }
    if (topicsChanged) {
      this.s.topicsDelete.run(id);
      for (const t of topicIds) this.children.topics.one.run(id, t);
    }
    if (languagesChanged) {
      this.s.languagesDelete.run(id);
      for (const l of languages) this.children.languages.one.run(id, l);
    }
    this.touched.documents.push(id);
    return 'updated';
  }

  private insertChildren(id: number, links: LinkRow[], topicIds: number[], languages: string[]) {
    for (const l of links) this.addChild('links', [id, l.person_id, l.role, l.name_as_written, l.position]);
    for (const t of topicIds) this.addChild('topics', [id, t]);
    for (const l of languages) this.addChild('languages', [id, l]);
  }

  private addChild(table: ChildTable, values: unknown[]) {
    const buffer = this.children[table];
    if (!this.options.buffered) {
      buffer.one.run(...values);
      return;
    }
    buffer.params.push(...values);
    if (buffer.params.length === buffer.width * CHILD_ROWS_PER_STATEMENT) {
      buffer.many.run(...buffer.params);
      buffer.params = [];
    }
  }

  /** Writes the buffered child rows (see the constructor). */
  flush() {
    for (const buffer of Object.values(this.children)) {
      for (let i = 0; i < buffer.params.length; i += buffer.width)
        buffer.one.run(...buffer.params.slice(i, i + buffer.width));
      buffer.params = [];
    }
  }

  private resolveLinks(d: DocumentRecord): LinkRow[] {
    const positions = new Map<string, number>();
    const seen = new Set<string>();
    return d.people.map((l) => {
      const personId = this.personId(l.person);
      if (personId === undefined)
        throw new RecordConflictError(`unknown person "${l.person}" (define it earlier in the file)`);
      const pair = `${l.person}\u0000${l.role}`;
      if (seen.has(pair)) throw new RecordConflictError(`person "${l.person}" is listed twice as ${l.role}`);
      seen.add(pair);
      const position = positions.get(l.role) ?? 0;
      positions.set(l.role, position + 1);
      return { person_id: personId, role: l.role, name_as_written: l.nameAsWritten ?? null, position };
    });
  }

  private topicId(slug: string): number | undefined {
    return cachedId(this.topicIds, this.s.idOfTopic, slug);
  }

  private personId(slug: string): number | undefined {
    return cachedId(this.personIds, this.s.idOfPerson, slug);
  }
}

/** A record's id by key, from the cache or else the database (then cached). */
function cachedId(cache: Map<string, number>, lookup: BetterSqlite3.Statement, slug: string) {
  let id = cache.get(slug);
  if (id === undefined) {
    id = lookup.get(slug) as number | undefined;
    if (id !== undefined) cache.set(slug, id);
  }
  return id;
}
