import { count } from 'drizzle-orm';
import { documents, type people } from '../../db/schema.js';
import { builder } from '../builder.js';
import type { ArchiveContext } from '../context.js';
import { userInputError } from '../errors.js';
import { decodeIdOf } from '../global-id.js';
import { countedConnection } from './connections.js';
import {
  andConditions,
  compileDocumentFilter,
  type DocumentCondition,
  DocumentFilter,
  type DocumentFilterInput,
  DocumentOrder,
  type DocumentOrderInput,
  documentCursorBound,
  documentOrderBy,
} from './document-filter.js';
import { DatePrecision, DocumentType, PersonRole } from './enums.js';
import { addFacetsField, type DocumentSet, documentSetExtension } from './facets.js';
import { Person } from './person.js';

type PersonRow = typeof people.$inferSelect;
/** What the `authors`/`recipients`/`mentioned` selections load onto a document row. */
type LinkedPeople = Record<'authorLinks' | 'recipientLinks' | 'mentionedLinks', { person: PersonRow }[]>;

export const Document = builder.drizzleNode('documents', {
  name: 'Document',
  description:
    'A declassified document of the archive: a telegram, cable, letter, report... with its date as printed, the people who wrote, received or are named in it, and its topics.',
  id: { column: (d) => d.id },
  fields: (t) => ({
    slug: t.exposeString('slug', {
      description: 'Stable, human-readable key for URLs; unique across documents.',
    }),
    title: t.exposeString('title', { description: 'Title as catalogued.' }),
    docType: t.field({
      type: DocumentType,
      description: 'Kind of document.',
      select: { columns: { docType: true } },
      resolve: (d) => d.docType as typeof DocumentType.$inferType,
    }),
    summary: t.exposeString('summary', {
      nullable: true,
      description: "The archive's summary of the content.",
    }),
    body: t.exposeString('body', {
      nullable: true,
      description: 'Full transcript or translation, when the archive has one.',
    }),
    dateText: t.exposeString('dateText', {
      nullable: true,
      description: 'The date exactly as printed on or assigned to the document ("October 12, 1950").',
    }),
    dateStart: t.exposeString('dateStart', {
      nullable: true,
      description: 'First day the date can mean (ISO 8601, YYYY-MM-DD); null when undated.',
    }),
    dateEnd: t.exposeString('dateEnd', {
      nullable: true,
      description: 'Last day the date can mean (ISO 8601); equals dateStart for a DAY date.',
    }),
    datePrecision: t.field({
      type: DatePrecision,
      description: 'How precisely the document is dated.',
      select: { columns: { datePrecision: true } },
      resolve: (d) => d.datePrecision as typeof DatePrecision.$inferType,
    }),
    originPlace: t.exposeString('originPlace', {
      nullable: true,
      description: 'Place the document was written or sent from, as written.',
    }),
    destinationPlace: t.exposeString('destinationPlace', {
      nullable: true,
      description: 'Place the document was sent to, as written.',
    }),
    sourceArchive: t.exposeString('sourceArchive', {
      nullable: true,
      description: 'Archive holding the original (e.g. "AVPRF").',
    }),
    sourceCitation: t.exposeString('sourceCitation', {
      nullable: true,
      description: 'Location within the archive: fond, opis, delo, list or equivalent.',
    }),
    sourceUrl: t.exposeString('sourceUrl', {
      nullable: true,
      description: 'Where the source publishes the document, if anywhere.',
    }),
    rights: t.exposeString('rights', {
      nullable: true,
      description: 'Rights statement for reuse.',
    }),
    languages: t.stringList({
      description: 'Original languages as BCP 47 codes (e.g. "ru", "zh", "ko"); empty when unknown.',
      select: { with: { languages: { columns: { language: true }, orderBy: { language: 'asc' } } } },
      resolve: (d) => d.languages.map((l) => l.language),
    }),
    topics: t.relation('topics', {
      description: 'Topics the document treats, by name.',
      query: { orderBy: { nameSort: 'asc', id: 'asc' } },
    }),
    version: t.exposeInt('version', {
      description: 'Incremented on every change; send it back with updates to avoid lost updates.',
    }),
    createdAt: t.exposeString('createdAt', {
      description: 'When the record was created (ISO 8601 UTC).',
    }),
    updatedAt: t.exposeString('updatedAt', {
      description: 'When the record was last changed (ISO 8601 UTC).',
    }),
  }),
});

builder.drizzleObjectFields(Document, (t) => ({
  authors: t.field({
    type: [Person],
    description: 'Who wrote or sent the document, in the order the source names them.',
    select: (_args, _ctx, nested) => ({
      with: { authorLinks: { orderBy: { position: 'asc', id: 'asc' }, with: { person: nested() } } },
    }),
    resolve: (d) => (d as unknown as LinkedPeople).authorLinks.map((link) => link.person),
  }),
  recipients: t.field({
    type: [Person],
    description: 'To whom the document is addressed, in the order the source names them.',
    select: (_args, _ctx, nested) => ({
      with: {
        recipientLinks: { orderBy: { position: 'asc', id: 'asc' }, with: { person: nested() } },
      },
    }),
    resolve: (d) => (d as unknown as LinkedPeople).recipientLinks.map((link) => link.person),
  }),
  mentioned: t.field({
    type: [Person],
    description: 'People and organizations named in the document who are not its author or recipient.',
    select: (_args, _ctx, nested) => ({
      with: {
        mentionedLinks: { orderBy: { position: 'asc', id: 'asc' }, with: { person: nested() } },
      },
    }),
    resolve: (d) => (d as unknown as LinkedPeople).mentionedLinks.map((link) => link.person),
  }),
  people: t.relation('personLinks', {
    description:
      "Everyone linked to the document, each with their role and the name as this document writes it. Ordered by role, then the source's order.",
    args: {
      role: t.arg({ type: PersonRole, required: false, description: 'Only links in this role.' }),
    },
    query: (args) => ({
      where: args.role ? { role: args.role } : {},
      orderBy: { role: 'asc', position: 'asc', id: 'asc' },
    }),
  }),
}));

export const DocumentPersonLink = builder.drizzleObject('documentPeople', {
  name: 'DocumentPersonLink',
  description: "A person's or organization's part in one document.",
  fields: (t) => ({
    person: t.relation('person', { description: 'The person or organization.' }),
    role: t.field({
      type: PersonRole,
      description: 'Their part in the document.',
      select: { columns: { role: true } },
      resolve: (link) => link.role as typeof PersonRole.$inferType,
    }),
    nameAsWritten: t.exposeString('nameAsWritten', {
      nullable: true,
      description: 'The name exactly as this document writes it ("Fyn-Si [Stalin]").',
    }),
  }),
});

/** The page of documents every document list returns, with the size of the whole list. */
export const DocumentConnection = countedConnection(Document, 'Document', 'documents');
addFacetsField(DocumentConnection);

/** Arguments every document list takes besides the page arguments. */
export const documentListArgs = builder.args((t) => ({
  filter: t.field({
    type: DocumentFilter,
    required: false,
    description: 'Only documents matching this filter.',
  }),
  orderBy: t.field({
    type: DocumentOrder,
    required: false,
    defaultValue: { field: 'DATE', direction: 'ASC' },
    description: 'Order of the list; by date ascending, undated last, when omitted.',
  }),
}));

export interface DocumentListArgs {
  filter?: DocumentFilterInput | null;
  orderBy?: DocumentOrderInput | null;
  after?: string | null;
  before?: string | null;
}

/**
 * The condition, ordering and count of a document list. Every document list (root, a
 * person's, a topic's) goes through here, so scope, filter, order and cursors mean the same
 * everywhere; `scope` is the parent's restriction.
 */
export function documentList(ctx: ArchiveContext, args: DocumentListArgs, scope?: DocumentCondition) {
  const condition = documentSet(args, scope).condition;
  const page = andConditions(condition, documentCursorBound(args.orderBy, args));
  return {
    query: {
      where: page ? { RAW: (d: typeof documents) => page(d) } : undefined,
      orderBy: documentOrderBy(args.orderBy),
    },
    count: () => countDocuments(ctx, condition),
  };
}

/** The documents a list holds: its parent's scope and its filter. */
export function documentSet(args: DocumentListArgs, scope?: DocumentCondition): DocumentSet {
  return { condition: andConditions(scope, compileDocumentFilter(args.filter)), filter: args.filter };
}

export function countDocuments(ctx: ArchiveContext, condition: DocumentCondition | undefined): number {
  return (
    ctx.db
      .select({ n: count() })
      .from(documents)
      .where(condition ? condition(documents) : undefined)
      .get()?.n ?? 0
  );
}

builder.queryFields((t) => ({
  document: t.drizzleField({
    type: Document,
    nullable: true,
    description: 'One document by global ID or by slug (give exactly one). Null when none matches.',
    args: {
      id: t.arg.id({ required: false, description: 'Global ID of the document.' }),
      slug: t.arg.string({ required: false, description: 'Slug of the document.' }),
    },
    resolve: (query, _root, args, ctx) => {
      if ((args.id == null) === (args.slug == null))
        throw userInputError('Give exactly one of "id" or "slug".');
      const where =
        args.id != null ? { id: decodeIdOf('Document', String(args.id)) } : { slug: args.slug as string };
      return ctx.db.query.documents.findFirst(query({ where }));
    },
  }),
  documents: t.drizzleConnection(
    {
      type: Document,
      description:
        'All documents, filtered and ordered, a page at a time. By default oldest first, undated last.',
      args: documentListArgs,
      extensions: documentSetExtension((_root, args: DocumentListArgs) => documentSet(args)),
      totalCount: (_root, args, ctx) => documentList(ctx, args).count(),
      resolve: async (query, _root, args, ctx) =>
        ctx.db.query.documents.findMany(query(documentList(ctx, args).query)),
    },
    DocumentConnection,
  ),
}));
