import { count, type SQL, sql } from 'drizzle-orm';
import { foldName } from '../../db/name-fold.js';
import { people } from '../../db/schema.js';
import { builder } from '../builder.js';
import { userInputError } from '../errors.js';
import { decodeIdOf } from '../global-id.js';
import { countedConnection } from './connections.js';
import { Document, DocumentConnection, type DocumentListArgs, documentListArgs } from './document.js';
import { documentLinkedTo } from './document-filter.js';
import { NameType, PersonKind, PersonRole } from './enums.js';
import { documentSetExtension } from './facets.js';
import { parentDocuments } from './parent-documents.js';

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
      extensions: documentSetExtension((person: { id: number }, args: PersonDocumentsArgs) =>
        personDocuments.set(person.id, args),
      ),
      totalCount: (person, args, ctx) => personDocuments.count(ctx, person.id, args),
      resolve: (query, person, args, ctx, info) => personDocuments.page(ctx, info, person.id, args, query),
    },
    DocumentConnection,
  ),
}));

interface PersonDocumentsArgs extends DocumentListArgs {
  role?: string | null;
  first?: number | null;
  last?: number | null;
}

/**
 * An agent's documents: in the given role, or in any (each document once, whatever roles the
 * agent has in it).
 */
const personDocuments = parentDocuments<PersonDocumentsArgs>({
  field: 'Person.documents',
  scope: (personId, args) => (d) => documentLinkedTo(d, personId, args.role ? [args.role] : []),
});

/** A name rank above every real match: the agent has no name containing the text. */
const NO_NAME_MATCH = 8;

/**
 * How well the agent's best name matches `name`, once both are folded (accents, case and
 * punctuation ignored): 0 the preferred name is the text, 1 an alternate name is; 2/3 a name
 * starts with it; 4/5 a word of a name does; 6/7 a name contains it; NO_NAME_MATCH otherwise.
 */
function nameRank(name: string): (p: typeof people) => SQL<number> {
  if (name.length > 200)
    throw userInputError('Argument "name" is longer than 200 characters.', { argument: 'name' });
  const needle = foldName(name);
  if (!needle)
    throw userInputError('Argument "name" has no letters or digits to match.', { argument: 'name' });
  // The name is folded once, in a one-row subquery, then compared four ways.
  const rankOf = (name: SQL) =>
    sql`(select case when f = ${needle} then 0 when instr(f, ${needle}) = 1 then 1 when instr(' ' || f, ${` ${needle}`}) > 0 then 2 when instr(f, ${needle}) > 0 then 3 else 4 end from (select fold_name(${name}) as f))`;
  return (p) =>
    sql<number>`min(${rankOf(sql`${p.name}`)} * 2, coalesce((select min(${rankOf(sql`pn.name`)}) * 2 + 1 from person_names pn where pn.person_id = ${p.id}), ${NO_NAME_MATCH}))`;
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
      description:
        'People and organizations, a page at a time: by preferred name, or with `name` best match first.',
      args: {
        name: t.arg.string({
          required: false,
          description:
            'Only agents one of whose names (preferred or alternate) contains this text, ignoring case, accents and punctuation. Ordered best match first: a name equal to the text, then one starting with it, then one with a word starting with it, then any containing it; at each level a preferred name before an alternate one, then by preferred name.',
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
        const rank = args.name == null ? undefined : nameRank(args.name);
        const listQuery = {
          where: condition ? { RAW: (p: typeof people) => condition(p) } : undefined,
          extras: rank ? { nameRank: rank } : undefined,
          orderBy: rank ? { nameRank: 'asc', nameSort: 'asc', id: 'asc' } : { nameSort: 'asc', id: 'asc' },
        };
        // Ordering by the `nameRank` extra is beyond the plugin's typings; the rows are people.
        return (await ctx.db.query.people.findMany(
          query(listQuery as unknown as Parameters<typeof query>[0]),
        )) as unknown as (typeof people.$inferSelect)[];
      },
    },
    countedConnection(Person, 'Person', 'people and organizations'),
  ),
}));

function personsCondition(args: { name?: string | null; kind?: string | null }) {
  const rank = args.name == null ? undefined : nameRank(args.name);
  const byName = rank && ((p: typeof people) => sql`${rank(p)} < ${NO_NAME_MATCH}`);
  const kind = args.kind;
  if (!byName && !kind) return undefined;
  return (p: typeof people) => {
    const parts: SQL[] = [];
    if (byName) parts.push(byName(p));
    if (kind) parts.push(sql`${p.kind} = ${kind}`);
    return sql.join(parts, sql` and `);
  };
}
