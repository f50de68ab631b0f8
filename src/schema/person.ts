import { count, type SQL, sql } from 'drizzle-orm';
import { people } from '../../db/schema.js';
import { builder } from '../builder.js';
import { userInputError } from '../errors.js';
import { decodeIdOf } from '../global-id.js';
import { countedConnection } from './connections.js';
import { Document, DocumentConnection, documentList, documentListArgs } from './document.js';
import type { DocumentCondition } from './document-filter.js';
import { NameType, PersonKind, PersonRole } from './enums.js';

builder.drizzleObject('personNames', {
  name: 'AlternateName',
  description: 'Another name under which a person or organization appears in the sources.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name as found.' }),
    type: t.field({
      type: NameType,
      description: 'How this name relates to the preferred one.',
      select: { columns: { nameType: true } },
      resolve: (n) => n.nameType as typeof NameType.$inferType,
    }),
    language: t.exposeString('language', {
      nullable: true,
      description: 'Language or script of the name (BCP 47), when known.',
    }),
  }),
});

export const Person = builder.drizzleNode('people', {
  name: 'Person',
  description:
    'An agent of the archive: a person or an organization that writes, receives or is named in documents. One record per real agent, whatever names the sources use.',
  id: { column: (p) => p.id },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key; unique across people.' }),
    name: t.exposeString('name', { description: 'Preferred name.' }),
    kind: t.field({
      type: PersonKind,
      description: 'Individual or organization.',
      select: { columns: { kind: true } },
      resolve: (p) => p.kind as typeof PersonKind.$inferType,
    }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'Short description, such as an office held, as the sources give it.',
    }),
    birthYear: t.exposeInt('birthYear', {
      nullable: true,
      description: 'Year of birth (or founding), when known.',
    }),
    deathYear: t.exposeInt('deathYear', {
      nullable: true,
      description: 'Year of death (or dissolution), when known.',
    }),
    alternateNames: t.relation('alternateNames', {
      description: 'Pseudonyms, transliterations, original-script forms and misprints of the name.',
      query: { orderBy: { name: 'asc', id: 'asc' } },
    }),
    documentCount: t.int({
      description:
        'Number of documents this agent is linked to: in the given role, or in any role (each document counted once).',
      args: {
        role: t.arg({ type: PersonRole, required: false, description: 'Count only this role.' }),
      },
      select: (args) => ({
        extras: {
          [`documentCount${args.role ?? ''}`]: (person: typeof people) =>
            args.role
              ? sql<number>`(select count(*) from document_people dp where dp.person_id = ${person.id} and dp.role = ${args.role})`
              : sql<number>`(select count(distinct dp.document_id) from document_people dp where dp.person_id = ${person.id})`,
        },
      }),
      resolve: (person, args) =>
        (person as unknown as Record<string, number>)[`documentCount${args.role ?? ''}`] ?? 0,
    }),
    version: t.exposeInt('version', { description: 'Incremented on every change.' }),
    createdAt: t.exposeString('createdAt', { description: 'When the record was created (ISO 8601 UTC).' }),
    updatedAt: t.exposeString('updatedAt', {
      description: 'When the record was last changed (ISO 8601 UTC).',
    }),
  }),
});

builder.drizzleObjectFields(Person, (t) => ({
  documents: t.drizzleConnection(
    {
      type: Document,
      description: 'Documents linked to this agent, filtered and ordered like the root `documents`.',
      args: {
        ...documentListArgs,
        role: t.arg({
          type: PersonRole,
          required: false,
          description: 'Only documents where the agent has this role.',
        }),
      },
      totalCount: (person, args, ctx) => documentList(ctx, args, linkedTo(person.id, args.role)).count(),
      resolve: async (query, person, args, ctx) =>
        ctx.db.query.documents.findMany(query(documentList(ctx, args, linkedTo(person.id, args.role)).query)),
    },
    DocumentConnection,
  ),
}));

/** Documents linked to the agent, in the given role or in any. */
function linkedTo(personId: number, role: string | null | undefined): DocumentCondition {
  return role
    ? (d) =>
        sql`${d.id} in (select dp.document_id from document_people dp where dp.person_id = ${personId} and dp.role = ${role})`
    : (d) => sql`${d.id} in (select dp.document_id from document_people dp where dp.person_id = ${personId})`;
}

function personNameCondition(name: string | null | undefined) {
  if (name == null) return undefined;
  const needle = name.trim().toLowerCase();
  if (!needle) throw userInputError('Argument "name" must not be blank.');
  if (needle.length > 200) throw userInputError('Argument "name" is longer than 200 characters.');
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return (p: typeof people) =>
    sql`(lower(${p.name}) like ${pattern} escape '\\' or exists (select 1 from person_names pn where pn.person_id = ${p.id} and lower(pn.name) like ${pattern} escape '\\'))`;
}

builder.queryFields((t) => ({
  person: t.drizzleField({
    type: Person,
    nullable: true,
    description:
      'One person or organization by global ID or by slug (give exactly one). Null when none matches.',
    args: {
      id: t.arg.id({ required: false, description: 'Global ID of the person.' }),
      slug: t.arg.string({ required: false, description: 'Slug of the person.' }),
    },
    resolve: (query, _root, args, ctx) => {
      if ((args.id == null) === (args.slug == null))
        throw userInputError('Give exactly one of "id" or "slug".');
      const where =
        args.id != null ? { id: decodeIdOf('Person', String(args.id)) } : { slug: args.slug as string };
      return ctx.db.query.people.findFirst(query({ where }));
    },
  }),
  persons: t.drizzleConnection(
    {
      type: Person,
      description: 'People and organizations by name, a page at a time.',
      args: {
        name: t.arg.string({
          required: false,
          description: 'Only agents any of whose names (preferred or alternate) contains this text.',
        }),
        kind: t.arg({
          type: PersonKind,
          required: false,
          description: 'Only individuals or only organizations.',
        }),
      },
      totalCount: (_parent, args, ctx) => {
        const condition = personsCondition(args);
        return (
          ctx.db
            .select({ n: count() })
            .from(people)
            .where(condition ? condition(people) : undefined)
            .get()?.n ?? 0
        );
      },
      resolve: async (query, _root, args, ctx) => {
        const condition = personsCondition(args);
        // The RAW condition defeats drizzle's result inference; the rows are whole people rows.
        return (await ctx.db.query.people.findMany(
          query({
            where: condition ? { RAW: (p) => condition(p) } : undefined,
            orderBy: { nameSort: 'asc', id: 'asc' },
          }),
        )) as unknown as (typeof people.$inferSelect)[];
      },
    },
    countedConnection(Person, 'Person', 'people and organizations'),
  ),
}));

function personsCondition(args: { name?: string | null; kind?: string | null }) {
  const byName = personNameCondition(args.name);
  const kind = args.kind;
  if (!byName && !kind) return undefined;
  return (p: typeof people) => {
    const parts: SQL[] = [];
    if (byName) parts.push(byName(p));
    if (kind) parts.push(sql`${p.kind} = ${kind}`);
    return sql.join(parts, sql` and `);
  };
}
