import { describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';

describe('browsing people and topics', () => {
  const app = createTestApp();

  it('when topics are listed, then only the top level comes unless asked otherwise', async () => {
    const data = await app.data<{
      roots: { totalCount: number; nodes: { name: string; parent: null }[] };
      all: { totalCount: number };
    }>(
      `{ roots: topics { totalCount nodes { name parent { name } } } all: topics(all: true) { totalCount } }`,
    );
    expect(data.roots.nodes.map((t) => t.name)).toEqual([
      'Korean reunification',
      'Korean War',
      'Sino-Soviet-Korean relations',
      'Soviet military aid',
    ]);
    expect(data.roots.totalCount).toBe(4);
    expect(data.roots.nodes.every((t) => t.parent === null)).toBe(true);
    expect(data.all.totalCount).toBe(11);
  });

  it('when the children of a topic are listed, then they come by name, and each knows its ancestors', async () => {
    const war = await app.data<{ topic: { id: string; children: { name: string }[] } }>(
      `{ topic(slug: "korean-war") { id children { name } } }`,
    );
    expect(war.topic.children.map((c) => c.name)).toEqual([
      'Chinese intervention',
      'Command and coordination',
      'Military situation',
    ]);
    const children = await app.data<{ topics: { nodes: { name: string; ancestors: { name: string }[] }[] } }>(
      `query($parent: ID!) { topics(parent: $parent) { nodes { name ancestors { name } } } }`,
      { parent: war.topic.id },
    );
    expect(children.topics.nodes).toHaveLength(3);
    for (const child of children.topics.nodes) expect(child.ancestors).toEqual([{ name: 'Korean War' }]);
  });

  it('when people are listed by kind or name, then the right agents come, by name', async () => {
    const data = await app.data<{
      organizations: { nodes: { name: string }[] };
      byAlternate: { nodes: { name: string }[] };
    }>(`{
      organizations: persons(kind: ORGANIZATION) { nodes { name } }
      byAlternate: persons(name: "filippov") { nodes { name } }
    }`);
    expect(data.organizations.nodes.map((p) => p.name)).toContain('Soviet Council of Ministers');
    expect(data.organizations.nodes.map((p) => p.name)).not.toContain('Stalin');
    expect(data.byAlternate.nodes).toEqual([{ name: 'Stalin' }]);
  });

  it("when a person's documents are asked for by role, then counts per role agree with the lists", async () => {
    const data = await app.data<{
      person: {
        authored: number;
        received: number;
        any: number;
        asAuthor: { totalCount: number; nodes: { authors: { name: string }[] }[] };
        asRecipient: { totalCount: number };
        all: { totalCount: number };
      };
    }>(`{
      person(slug: "stalin") {
        authored: documentCount(role: AUTHOR)
        received: documentCount(role: RECIPIENT)
        any: documentCount
        asAuthor: documents(role: AUTHOR) { totalCount nodes { authors { name } } }
        asRecipient: documents(role: RECIPIENT) { totalCount }
        all: documents { totalCount }
      }
    }`);
    const stalin = data.person;
    expect(stalin.authored).toBe(1);
    expect(stalin.asAuthor.totalCount).toBe(1);
    expect(stalin.asAuthor.nodes[0]?.authors).toEqual([{ name: 'Stalin' }]);
    expect(stalin.received).toBe(4);
    expect(stalin.asRecipient.totalCount).toBe(4);
    expect(stalin.any).toBe(stalin.all.totalCount);
    expect(stalin.any).toBeGreaterThanOrEqual(5);
  });
});
