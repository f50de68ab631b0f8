import { count, eq, sql } from 'drizzle-orm';
import type { ArchiveTransaction } from '../../db/client.js';
import { topicRecord } from '../../db/corpus.js';
import { documentTopics, topics } from '../../db/schema.js';
import { changedFields, recordAudit, removedFields } from '../audit.js';
import { builder } from '../builder.js';
import { encodeArchiveId } from '../global-id.js';
import {
  actorOf,
  type BuilderTypes,
  deletedOutputs,
  expectedVersionField,
  freeSlug,
  givenFields,
  InputProblems,
  loadTarget,
  recordChange,
  recordForcedUnlinks,
  requireFreeSlug,
  stillReferencedError,
  writeTransaction,
} from './mutation-support.js';
import { Topic } from './topic.js';

const TOPIC_FIELDS = ['slug', 'name', 'description'] as const;
type TopicRow = typeof topics.$inferSelect;

function topicState(row: TopicRow) {
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    parent: row.parentId == null ? null : encodeArchiveId('Topic', row.parentId),
  };
}

/** Validates a topic's own fields with the corpus loader's rules. */
function validateTopic(problems: InputProblems, candidate: Record<string, unknown>) {
  const { slug, ...rest } = candidate;
  const parsed = topicRecord.safeParse({ ...rest, key: slug });
  if (!parsed.success) {
    problems.addZod(parsed.error, { key: 'slug' });
    return undefined;
  }
  return { slug: parsed.data.key, name: parsed.data.name, description: parsed.data.description ?? null };
}

/** The topic's ancestors, nearest first, stopping at the root (or at a cycle, which never exists). */
function ancestorIds(tx: ArchiveTransaction, topicId: number): number[] {
  const rows = tx.all<{ id: number }>(
    sql`with recursive up(id, parent_id, depth) as (select id, parent_id, 0 from topics where id = ${topicId} union all select t.id, t.parent_id, up.depth + 1 from topics t join up on t.id = up.parent_id where up.depth < 1000) select id from up where depth > 0 order by depth`,
  );
  return rows.map((r) => r.id);
}

/** Resolves a new parent and refuses one that would put the topic inside itself. */
function validateParent(
  tx: ArchiveTransaction,
  problems: InputProblems,
  parent: string | number | null | undefined,
  topicId?: number,
): number | null | undefined {
  if (parent == null) return null;
  const row = problems.existing(tx, ['parent'], 'Topic', parent);
  if (!row) return undefined;
  if (topicId !== undefined && row.id === topicId)
    problems.add(['parent'], 'a topic cannot be its own parent');
  else if (topicId !== undefined && ancestorIds(tx, row.id).includes(topicId))
    problems.add(['parent'], `"${row.name}" lies below this topic: moving it there would make a cycle`);
  return row.id;
}

function topicOutput<P extends { topicId: number }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, P>,
  description: string,
) {
  return t.drizzleField({
    type: Topic,
    description,
    resolve: async (query, payload, _args, ctx) => {
      const row = await ctx.db.query.topics.findFirst(query({ where: { id: payload.topicId } }));
      if (!row) throw new Error(`Topic ${payload.topicId} vanished after its mutation.`);
      return row;
    },
  });
}

builder.relayMutationField(
  'createTopic',
  {
    description: 'A new topic.',
    inputFields: (t) => ({
      slug: t.string({
        required: false,
        description: 'Stable key (lowercase kebab-case, unique). Omit to derive one from the name.',
      }),
      name: t.string({ required: true, description: 'Name of the topic (1 to 200 characters).' }),
      description: t.string({ required: false, description: 'Scope note: what the topic covers.' }),
      parent: t.id({
        required: false,
        description: 'Global ID of the broader topic; omit for a top-level topic.',
      }),
    }),
  },
  {
    description: 'Adds a topic, at the top or below a broader one. Needs the EDITOR role.',
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const problems = new InputProblems();
        const fields = validateTopic(problems, {
          ...givenFields(input, TOPIC_FIELDS),
          slug: input.slug ?? freeSlug(tx, 'Topic', input.name, 'topic'),
        });
        requireFreeSlug(tx, problems, 'Topic', input.slug);
        const parentId = validateParent(tx, problems, input.parent);
        problems.throwIfAny();
        const row = tx
          .insert(topics)
          .values({ ...fields!, parentId: parentId ?? null })
          .returning()
          .get();
        recordAudit(tx, actorOf(ctx), {
          entity: 'Topic',
          entityId: row.id,
          action: 'CREATE',
          changes: changedFields(null, topicState(row)),
        });
        return { topicId: row.id };
      }),
  },
  {
    description: 'The result of createTopic.',
    outputFields: (t) => ({ topic: topicOutput(t, 'The new topic.') }),
  },
);

builder.relayMutationField(
  'updateTopic',
  {
    description: "Changes to a topic's name, slug or scope note; what is omitted stays as it is.",
    inputFields: (t) => ({
      id: t.id({ required: true, description: 'Global ID of the topic.' }),
      expectedVersion: expectedVersionField(t),
      slug: t.string({
        required: false,
        description: 'New slug (lowercase kebab-case, unique). Omit to keep.',
      }),
      name: t.string({ required: false, description: 'New name (1 to 200 characters). Omit to keep.' }),
      description: t.string({
        required: false,
        description: 'New scope note. Omit to keep; null clears it.',
      }),
    }),
  },
  {
    description: 'Corrects a topic (to change its place in the tree, use moveTopic). Needs the EDITOR role.',
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const row = loadTarget(tx, 'Topic', ['id'], input.id, input.expectedVersion);
        const problems = new InputProblems();
        const before = topicState(row);
        const fields = validateTopic(problems, {
          slug: row.slug,
          name: row.name,
          description: row.description,
          ...givenFields(input, TOPIC_FIELDS),
        });
        requireFreeSlug(tx, problems, 'Topic', input.slug, row.id);
        problems.throwIfAny();
        const changes = changedFields(before, fields!);
        if (Object.keys(changes).length === 0) return { topicId: row.id };
        tx.update(topics).set(fields!).where(eq(topics.id, row.id)).run();
        recordChange(tx, actorOf(ctx), 'Topic', row.id, 'UPDATE', changes);
        return { topicId: row.id };
      }),
  },
  {
    description: 'The result of updateTopic.',
    outputFields: (t) => ({ topic: topicOutput(t, 'The topic as it now stands.') }),
  },
);

builder.relayMutationField(
  'moveTopic',
  {
    description: 'A topic and its new place in the tree.',
    inputFields: (t) => ({
      id: t.id({
        required: true,
        description: 'Global ID of the topic to move (its subtopics move with it).',
      }),
      expectedVersion: expectedVersionField(t),
      parent: t.id({
        required: false,
        description: 'Global ID of the new broader topic; null or omitted makes it a top-level topic.',
      }),
    }),
  },
  {
    description:
      'Moves a topic, with its subtopics, under another topic or to the top level. Refuses a move that would put a topic below itself. Needs the EDITOR role.',
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const row = loadTarget(tx, 'Topic', ['id'], input.id, input.expectedVersion);
        const problems = new InputProblems();
        const parentId = validateParent(tx, problems, input.parent, row.id);
        problems.throwIfAny();
        if ((parentId ?? null) === row.parentId) return { topicId: row.id };
        tx.update(topics)
          .set({ parentId: parentId ?? null })
          .where(eq(topics.id, row.id))
          .run();
        recordChange(
          tx,
          actorOf(ctx),
          'Topic',
          row.id,
          'MOVE',
          changedFields(
            { parent: topicState(row).parent },
            { parent: parentId == null ? null : encodeArchiveId('Topic', parentId) },
          ),
        );
        return { topicId: row.id };
      }),
  },
  {
    description: 'The result of moveTopic.',
    outputFields: (t) => ({ topic: topicOutput(t, 'The topic in its new place.') }),
  },
);

builder.relayMutationField(
  'deleteTopic',
  {
    description: 'The topic to delete.',
    inputFields: (t) => ({
      id: t.id({ required: true, description: 'Global ID of the topic.' }),
      expectedVersion: expectedVersionField(t),
      force: t.boolean({
        required: false,
        defaultValue: false,
        description:
          'Also take every document filed under it out of it (each document gets a new version and an audit entry). Without it, a topic documents still use is not deleted.',
      }),
    }),
  },
  {
    description:
      'Deletes a topic. Refused with STILL_REFERENCED while it has subtopics (move or delete them first), and while documents are filed under it unless `force` is given. Needs the EDITOR role.',
    resolve: (_root, { input }, ctx) =>
      writeTransaction(ctx, (tx) => {
        const row = loadTarget(tx, 'Topic', ['id'], input.id, input.expectedVersion);
        const children =
          tx.select({ n: count() }).from(topics).where(eq(topics.parentId, row.id)).get()?.n ?? 0;
        if (children)
          throw stillReferencedError(
            `"${row.name}" has ${children} subtopic${children === 1 ? '' : 's'}; move or delete them first.`,
            { subtopicCount: children },
          );
        const documentIds = tx
          .select({ documentId: documentTopics.documentId })
          .from(documentTopics)
          .where(eq(documentTopics.topicId, row.id))
          .all()
          .map((r) => r.documentId);
        if (documentIds.length && !input.force)
          throw stillReferencedError(
            `${documentIds.length} document${documentIds.length === 1 ? ' is' : 's are'} filed under "${row.name}"; take them out first or delete with force: true.`,
            { documentCount: documentIds.length },
          );
        const actor = actorOf(ctx);
        const topicId = encodeArchiveId('Topic', row.id);
        tx.delete(documentTopics).where(eq(documentTopics.topicId, row.id)).run();
        const unlinked = recordForcedUnlinks(tx, actor, documentIds, () => ({
          topics: { old: topicId, new: null },
        }));
        tx.delete(topics).where(eq(topics.id, row.id)).run();
        recordAudit(tx, actor, {
          entity: 'Topic',
          entityId: row.id,
          action: 'DELETE',
          changes: { ...removedFields(topicState(row)), ...unlinked },
        });
        return { deletedId: topicId, unlinkedDocumentCount: documentIds.length };
      }),
  },
  {
    description: 'The result of deleteTopic.',
    outputFields: (t) => deletedOutputs(t, 'topic', 'How many documents `force` took out of the topic.'),
  },
);
