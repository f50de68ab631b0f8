import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/** ISO-8601 UTC timestamp with milliseconds, as SQLite writes it for `createdAt`/`updatedAt`. */
const nowIso = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

const timestamps = {
  createdAt: text('created_at').notNull().default(nowIso),
  updatedAt: text('updated_at').notNull().default(nowIso),
};

/**
 * A document of the archive. Dates are kept three ways: as printed (`dateText`), as an ISO
 * interval (`dateStart`..`dateEnd`) and with a precision, so that "October 1950" filters and
 * sorts like the month it names. The two sort keys put undated documents last in both
 * directions and never hold NULL, which keyset cursors cannot page past.
 */
export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    docType: text('doc_type').notNull(),
    summary: text('summary'),
    body: text('body'),
    dateText: text('date_text'),
    dateStart: text('date_start'),
    dateEnd: text('date_end'),
    datePrecision: text('date_precision').notNull().default('UNDATED'),
    dateSortAsc: text('date_sort_asc')
      .notNull()
      .generatedAlwaysAs(sql`coalesce(date_start, '9999-99-99')`, { mode: 'virtual' }),
    dateSortDesc: text('date_sort_desc')
      .notNull()
      .generatedAlwaysAs(sql`coalesce(date_start, '')`, { mode: 'virtual' }),
    titleSort: text('title_sort').notNull().generatedAlwaysAs(sql`lower(title)`, { mode: 'virtual' }),
    originPlace: text('origin_place'),
    destinationPlace: text('destination_place'),
    sourceArchive: text('source_archive'),
    sourceCitation: text('source_citation'),
    sourceUrl: text('source_url'),
    rights: text('rights'),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index('documents_date_asc_idx').on(t.dateSortAsc, t.id),
    index('documents_date_desc_idx').on(t.dateSortDesc, t.id),
    index('documents_title_idx').on(t.titleSort, t.id),
    index('documents_doc_type_idx').on(t.docType, t.dateSortAsc),
    index('documents_date_range_idx').on(t.dateStart, t.dateEnd),
    // Open-ended OVERLAPS filters ("from 1950 on") bound only the end of a document's span.
    index('documents_date_end_idx').on(t.dateEnd, t.dateStart),
    check(
      'documents_date_precision_check',
      sql`${t.datePrecision} in ('DAY', 'MONTH', 'YEAR', 'RANGE', 'UNDATED')`,
    ),
    check(
      'documents_date_consistency_check',
      sql`(${t.datePrecision} = 'UNDATED' and ${t.dateStart} is null and ${t.dateEnd} is null) or (${t.datePrecision} <> 'UNDATED' and ${t.dateStart} is not null and ${t.dateEnd} is not null and ${t.dateStart} <= ${t.dateEnd})`,
    ),
  ],
);

/** Original languages of a document (BCP 47 codes such as `ru`, `zh`, `ko`). */
export const documentLanguages = sqliteTable(
  'document_languages',
  {
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    language: text('language').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.documentId, t.language] }),
    index('document_languages_language_idx').on(t.language, t.documentId),
  ],
);

/** An agent: a person or an organization that writes, receives or is named in documents. */
export const people = sqliteTable(
  'people',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind').notNull().default('PERSON'),
    description: text('description'),
    birthYear: integer('birth_year'),
    deathYear: integer('death_year'),
    nameSort: text('name_sort').notNull().generatedAlwaysAs(sql`lower(name)`, { mode: 'virtual' }),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index('people_name_idx').on(t.nameSort, t.id),
    check('people_kind_check', sql`${t.kind} in ('PERSON', 'ORGANIZATION')`),
  ],
);

/** Other names of an agent: pseudonyms, transliterations, original script, misprints. */
export const personNames = sqliteTable(
  'person_names',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    nameType: text('name_type').notNull(),
    language: text('language'),
  },
  (t) => [
    uniqueIndex('person_names_person_name_idx').on(t.personId, t.name),
    index('person_names_name_idx').on(t.name),
  ],
);

/** A subject heading; topics form a tree through `parentId`. */
export const topics = sqliteTable(
  'topics',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    description: text('description'),
    parentId: integer('parent_id').references((): AnySQLiteColumn => topics.id, {
      onDelete: 'restrict',
    }),
    nameSort: text('name_sort').notNull().generatedAlwaysAs(sql`lower(name)`, { mode: 'virtual' }),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [index('topics_parent_idx').on(t.parentId, t.name), index('topics_name_idx').on(t.nameSort, t.id)],
);

/**
 * A person's part in a document: author, recipient, mentioned, intermediary..., with the name
 * exactly as that document writes it.
 */
export const documentPeople = sqliteTable(
  'document_people',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'restrict' }),
    role: text('role').notNull(),
    nameAsWritten: text('name_as_written'),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    uniqueIndex('document_people_unique_idx').on(t.documentId, t.personId, t.role),
    index('document_people_document_idx').on(t.documentId, t.role, t.position),
    index('document_people_person_idx').on(t.personId, t.role, t.documentId),
    index('document_people_person_document_idx').on(t.personId, t.documentId),
  ],
);

/** A topic assigned to a document. */
export const documentTopics = sqliteTable(
  'document_topics',
  {
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.documentId, t.topicId] }),
    index('document_topics_topic_idx').on(t.topicId, t.documentId),
  ],
);

/**
 * A key that authenticates API calls. Only the SHA-256 hash of the secret is stored; the
 * prefix (the first characters of the key) lets people tell keys apart in listings. Keys are
 * revoked, never deleted, so the audit log can always name them.
 */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    role: text('role').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    createdAt: text('created_at').notNull().default(nowIso),
    revokedAt: text('revoked_at'),
    lastUsedAt: text('last_used_at'),
  },
  (t) => [
    // A name identifies its holder in the audit log: two live keys never share one.
    uniqueIndex('api_keys_live_name_idx').on(t.name).where(sql`revoked_at is null`),
    index('api_keys_prefix_idx').on(t.prefix),
    check('api_keys_role_check', sql`${t.role} in ('READER', 'EDITOR', 'ADMIN')`),
  ],
);

/**
 * One row per successful write: who (the key, by id and by name as it was then), when, and
 * what (entity, row id, action, and the changed fields as JSON `{field: {old, new}}`).
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull().default(nowIso),
    keyId: integer('key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
    keyName: text('key_name').notNull(),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    action: text('action').notNull(),
    changes: text('changes').notNull().default('{}'),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entity, t.entityId, t.id),
    index('audit_log_key_idx').on(t.keyId, t.id),
    index('audit_log_key_name_idx').on(t.keyName, t.id),
    index('audit_log_at_idx').on(t.at),
  ],
);
