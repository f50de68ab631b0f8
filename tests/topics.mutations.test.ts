import { describe, expect, it } from 'vitest';
import { editorSession } from './helpers/mutations.js';
import { auditRows, idOf, recordBySlug } from './helpers/records.js';
import { databaseSnapshot } from './helpers/snapshot.js';

describe('createTopic and updateTopic', () => {
  it('when a subtopic is created, then it sits under its parent and the parent lists it', async () => {
    const { app, write } = editorSession();
    const result = await write('createTopic', { name: 'Air war', parent: idOf(app, 'Topic', 'korean-war') });
    expect(result.data).toMatchObject({
      createTopic: {
        topic: { slug: 'air-war', name: 'Air war', version: 1, parent: { slug: 'korean-war' } },
      },
    });
    const parent = await app.data<{ topic: { children: { slug: string }[] } }>(
      `{ topic(slug: "korean-war") { children { slug } } }`,
    );
    expect(parent.topic.children.map((c) => c.slug)).toContain('air-war');
  });

  it('when the input is bad, then every problem is reported: name, slug and parent', async () => {
    const { app, write, fieldsOf } = editorSession();
    const result = await write('createTopic', {
      name: ' ',
      slug: 'aviation',
      parent: idOf(app, 'Document', '1950-09-21-telegram-vasilevsky-to-stalin'),
    });
    expect(fieldsOf(result)).toEqual([
      { path: 'input.name', message: expect.stringMatching(/>=1 characters/) },
      { path: 'input.slug', message: 'another topic has the slug "aviation"' },
      { path: 'input.parent', message: 'must be a Topic ID, got a Document ID' },
    ]);
  });

  it('when a topic is renamed with a stale version, then CONFLICT; with the current one, then renamed and audited', async () => {
    const { app, write } = editorSession();
    const { globalId, id } = recordBySlug(app, 'Topic', 'aviation');
    const renamed = await write('updateTopic', { id: globalId, expectedVersion: 1, name: 'Air power' });
    expect(renamed.data).toMatchObject({
      updateTopic: { topic: { name: 'Air power', slug: 'aviation', version: 2 } },
    });
    const stale = await write('updateTopic', { id: globalId, expectedVersion: 1, name: 'Aviation again' });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect(auditRows(app).at(-1)).toMatchObject({
      entity: 'Topic',
      entityId: id,
      action: 'UPDATE',
      changes: { name: { old: 'Aviation', new: 'Air power' } },
    });
  });
});

describe('moveTopic', () => {
  it('when a topic moves under another, then its subtree moves with it and counts follow at once', async () => {
    const { app, write } = editorSession();
    const count = async (slug: string) =>
      (
        await app.data<{ topic: { documentCount: number } }>(
          `query($slug: String!) { topic(slug: $slug) { documentCount } }`,
          { slug },
        )
      ).topic.documentCount;
    const [warBefore, aidBefore] = [await count('korean-war'), await count('soviet-military-aid')];
    const result = await write('moveTopic', {
      id: idOf(app, 'Topic', 'aviation'),
      expectedVersion: 1,
      parent: idOf(app, 'Topic', 'military-situation'),
    });
    expect(result.data).toEqual({
      moveTopic: {
        topic: {
          slug: 'aviation',
          version: 2,
          parent: { slug: 'military-situation' },
          ancestors: [{ slug: 'korean-war' }, { slug: 'military-situation' }],
        },
      },
    });
    expect(await count('soviet-military-aid')).toBeLessThan(aidBefore);
    expect(await count('korean-war')).toBeGreaterThan(warBefore);
    const top = await write('moveTopic', {
      id: idOf(app, 'Topic', 'aviation'),
      expectedVersion: 2,
      parent: null,
    });
    expect(top.data).toMatchObject({ moveTopic: { topic: { parent: null, ancestors: [] } } });
    expect(
      auditRows(app)
        .filter((e) => e.action === 'MOVE')
        .map((e) => e.changes.parent),
    ).toEqual([
      { old: idOf(app, 'Topic', 'soviet-military-aid'), new: idOf(app, 'Topic', 'military-situation') },
      { old: idOf(app, 'Topic', 'military-situation'), new: null },
    ]);
  });

  it.each([
    ['itself', 'korean-war', 'a topic cannot be its own parent'],
    [
      'its own child',
      'chinese-intervention',
      '"Chinese intervention" lies below this topic: moving it there would make a cycle',
    ],
  ])(
    'when a topic would move under %s, then the cycle is refused and nothing changes',
    async (_what, parentSlug, message) => {
      const { app, write, fieldsOf } = editorSession();
      const before = databaseSnapshot(app.db);
      const result = await write('moveTopic', {
        id: idOf(app, 'Topic', 'korean-war'),
        expectedVersion: 1,
        parent: idOf(app, 'Topic', parentSlug),
      });
      expect(fieldsOf(result)).toEqual([
        { path: 'input.parent', message: expect.stringMatching(message.replace(/[()]/g, '.')) },
      ]);
      expect(databaseSnapshot(app.db)).toEqual(before);
    },
  );

  it('when a topic would move under a grandchild, then the cycle is refused too', async () => {
    const { app, write, fieldsOf } = editorSession();
    const created = await write<{ createTopic: { topic: { id: string } } }>('createTopic', {
      name: 'Yalu crossing',
      parent: idOf(app, 'Topic', 'chinese-intervention'),
    });
    const grandchild = created.data?.createTopic.topic.id;
    const result = await write('moveTopic', {
      id: idOf(app, 'Topic', 'korean-war'),
      expectedVersion: 1,
      parent: grandchild,
    });
    expect(fieldsOf(result)).toEqual([
      {
        path: 'input.parent',
        message: '"Yalu crossing" lies below this topic: moving it there would make a cycle',
      },
    ]);
  });
});

describe('deleteTopic', () => {
  it('when a topic has subtopics, then deleting it is refused even with force', async () => {
    const { app, write } = editorSession();
    const before = databaseSnapshot(app.db);
    const result = await write('deleteTopic', {
      id: idOf(app, 'Topic', 'soviet-military-aid'),
      expectedVersion: 1,
      force: true,
    });
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'STILL_REFERENCED', subtopicCount: 2 } });
    expect(databaseSnapshot(app.db)).toEqual(before);
  });

  it('when documents use the topic, then it is refused without force; with force they are unlinked, bumped and audited', async () => {
    const { app, write } = editorSession();
    const topic = recordBySlug(app, 'Topic', 'diplomacy');
    const refused = await write('deleteTopic', { id: topic.globalId, expectedVersion: 1 });
    expect(refused.errors?.[0]).toMatchObject({
      message: '2 documents are filed under "Diplomacy"; take them out first or delete with force: true.',
      extensions: { code: 'STILL_REFERENCED', documentCount: 2 },
    });
    const forced = await write('deleteTopic', { id: topic.globalId, expectedVersion: 1, force: true });
    expect(forced.data).toEqual({ deleteTopic: { deletedId: topic.globalId, unlinkedDocumentCount: 2 } });
    expect(
      app.db.$client.prepare('select count(*) from document_topics where topic_id = ?').pluck().get(topic.id),
    ).toBe(0);
    const entries = auditRows(app).filter((e) => e.entity !== 'ApiKey');
    expect(entries.map((e) => [e.entity, e.action])).toEqual([
      ['Document', 'UNLINK'],
      ['Document', 'UNLINK'],
      ['Topic', 'DELETE'],
    ]);
    const versions = app.db.$client
      .prepare('select version from documents where id in (?, ?)')
      .pluck()
      .all(entries[0]?.entityId, entries[1]?.entityId);
    expect(versions).toEqual([2, 2]);
  });

  it('when an unused leaf topic is deleted, then it is gone and its parent no longer lists it', async () => {
    const { app, write } = editorSession();
    const created = await write<{ createTopic: { topic: { id: string } } }>('createTopic', {
      name: 'Spare',
      parent: idOf(app, 'Topic', 'korean-war'),
    });
    const id = created.data?.createTopic.topic.id;
    expect((await write('deleteTopic', { id, expectedVersion: 1 })).data).toEqual({
      deleteTopic: { deletedId: id, unlinkedDocumentCount: 0 },
    });
    const parent = await app.data<{ topic: { children: { slug: string }[] } }>(
      `{ topic(slug: "korean-war") { children { slug } } }`,
    );
    expect(parent.topic.children.map((c) => c.slug)).not.toContain('spare');
  });
});
