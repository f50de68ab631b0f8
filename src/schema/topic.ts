import { count, type SQL, sql } from 'drizzle-orm';
import { topics } from '../../db/schema.js';
import { builder } from '../builder.js';
import { userInputError } from '../errors.js';
import { decodeIdOf } from '../global-id.js';
import { countedConnection } from './connections.js';
import { Document, DocumentConnection, type DocumentListArgs, documentListArgs } from './document.js';
import { documentHasTopic, topicSubtreeDocumentIds } from './document-filter.js';
import { documentSetExtension } from './facets.js';
import { parentDocuments } from './parent-documents.js';

export const Topic = builder.drizzleNode('topics', {
  name: 'Topic',
  description:
    'A subject heading. Topics form a tree (Korean War > Chinese intervention); a document may treat several.',
  id: { column: (topic) => topic.id },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key; unique across topics.' }),
    name: t.exposeString('name', { description: 'Name of the topic.' }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'Scope note: what the topic covers.',
    }),
    parent: t.relation('parent', {
      nullable: true,
      description: 'The broader topic this one belongs to; null for a top-level topic.',
    }),
    children: t.relation('children', {
      description: 'Narrower topics directly below this one, by name.',
      query: { orderBy: { nameSort: 'asc', id: 'asc' } },
    }),
    documentCount: t.int({
      description: 'Number of documents filed under this topic (and, by default, its subtopics).',
      args: {
        includeDescendants: t.arg.boolean({
          required: false,
          defaultValue: true,
          description: 'Count documents filed under narrower topics too. Default true.',
        }),
      },
      select: (args) => ({
        extras: {
          [`documentCount${args.includeDescendants === false ? 'Direct' : 'Subtree'}`]: (
            topic: typeof topics,
          ) => documentCountSql(topic, args.includeDescendants !== false),
        },
      }),
      resolve: (topic, args) =>
        (topic as unknown as Record<string, number>)[
          `documentCount${args.includeDescendants === false ? 'Direct' : 'Subtree'}`
        ] ?? 0,
    }),
    version: t.exposeInt('version', { description: 'Incremented on every change.' }),
    createdAt: t.exposeString('createdAt', { description: 'When the record was created (ISO 8601 UTC).' }),
    updatedAt: t.exposeString('updatedAt', {
      description: 'When the record was last changed (ISO 8601 UTC).',
    }),
  }),
});

builder.drizzleObjectFields(Topic, (t) => ({
  ancestors: t.field({
    type: [Topic],
    description: 'Broader topics from the top of the tree down to the parent (a breadcrumb).',
    select: {
      extras: {
        ancestorIds: (topic) =>
          sql<string>`(with recursive up(id, parent_id, depth) as (select t.id, t.parent_id, 0 from topics t where t.id = ${topic.parentId} union all select t.id, t.parent_id, up.depth + 1 from topics t join up on t.id = up.parent_id where up.depth < 64) select coalesce(json_group_array(id), '[]') from (select id from up order by depth desc))`,
      },
    },
    // Only the IDs come from the row; the plugin loads the ancestor rows for all topics of
    // the response in one batched query.
    resolve: (topic) =>
      (JSON.parse((topic as unknown as { ancestorIds: string }).ancestorIds) as number[]).map(
        (id) => ({ id }) as typeof topics.$inferSelect,
      ),
  }),
  documents: t.drizzleConnection(
    {
      type: Document,
      description: 'Documents filed under this topic, filtered and ordered like the root `documents`.',
      args: {
        ...documentListArgs,
        includeDescendants: t.arg.boolean({
          required: false,
          defaultValue: true,
          description: 'Include documents filed under narrower topics. Default true.',
        }),
      },
      extensions: documentSetExtension((topic: { id: number }, args: TopicDocumentsArgs) =>
        topicDocuments.set(topic.id, args),
      ),
      totalCount: (topic, args, ctx) => topicDocuments.count(ctx, topic.id, args),
      resolve: (query, topic, args, ctx, info) => topicDocuments.page(ctx, info, topic.id, args, query),
    },
    DocumentConnection,
  ),
}));

interface TopicDocumentsArgs extends DocumentListArgs {
  includeDescendants?: boolean | null;
  first?: number | null;
  last?: number | null;
}

/**
 * Documents filed under a topic or, by default, under any topic of its subtree; a document
 * filed under several topics of the subtree is listed once.
 */
const topicDocuments = parentDocuments<TopicDocumentsArgs>({
  field: 'Topic.documents',
  scope: (topicId, args) => (d) => documentHasTopic(d, topicId, args.includeDescendants !== false),
});

/** Documents filed under the topic (or its subtree), each counted once, from the link index. */
function documentCountSql(topic: typeof topics, includeDescendants: boolean): SQL<number> {
  return includeDescendants
    ? sql<number>`(select count(distinct document_id) from (${topicSubtreeDocumentIds(sql`${topic.id}`)}))`
    : sql<number>`(select count(*) from document_topics dt where dt.topic_id = ${topic.id})`;
}

builder.queryFields((t) => ({
  topic: t.drizzleField({
    type: Topic,
    nullable: true,
    description: 'One topic by global ID or by slug (give exactly one). Null when none matches.',
    args: {
      id: t.arg.id({ required: false, description: 'Global ID of the topic.' }),
      slug: t.arg.string({ required: false, description: 'Slug of the topic.' }),
    },
    resolve: (query, _root, args, ctx) => {
      if ((args.id == null) === (args.slug == null))
        throw userInputError('Give exactly one of "id" or "slug".');
      const where =
        args.id != null ? { id: decodeIdOf('Topic', String(args.id)) } : { slug: args.slug as string };
      return ctx.db.query.topics.findFirst(query({ where }));
    },
  }),
  topics: t.drizzleConnection(
    {
      type: Topic,
      description:
        'Topics by name, a page at a time: the top-level topics, or the children of `parent`, or with `all` every topic.',
      args: {
        parent: t.arg.id({ required: false, description: 'List the direct children of this topic.' }),
        all: t.arg.boolean({
          required: false,
          defaultValue: false,
          description: 'List every topic at every level (not with `parent`).',
        }),
      },
      totalCount: (_parent, args, ctx) => {
        const condition = topicsCondition(args);
        return ctx.db.select({ n: count() }).from(topics).where(condition(topics)).get()?.n ?? 0;
      },
      resolve: async (query, _root, args, ctx) => {
        const condition = topicsCondition(args);
        // The RAW condition defeats drizzle's result inference; the rows are whole topics rows.
        return (await ctx.db.query.topics.findMany(
          query({ where: { RAW: (topic) => condition(topic) }, orderBy: { nameSort: 'asc', id: 'asc' } }),
        )) as unknown as (typeof topics.$inferSelect)[];
      },
    },
    countedConnection(Topic, 'Topic', 'topics'),
  ),
}));

function topicsCondition(args: { parent?: string | number | null; all?: boolean | null }) {
  if (args.parent != null && args.all) throw userInputError('Give "parent" or "all", not both.');
  if (args.all) return (_topic: typeof topics) => sql`1 = 1`;
  if (args.parent != null) {
    const parentId = decodeIdOf('Topic', String(args.parent), 'parent');
    return (topic: typeof topics) => sql`${topic.parentId} = ${parentId}`;
  }
  return (topic: typeof topics) => sql`${topic.parentId} is null`;
}
