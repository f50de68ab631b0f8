import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../db/corpus.js';
import { createTestApp } from './helpers/app.js';

const app = createTestApp();

interface Named {
  id: string;
  slug: string;
  name: string;
}

async function persons(name: string): Promise<Named[]> {
  const data = await app.data<{ persons: { nodes: Named[] } }>(
    /* GraphQL */ `
      query ($name: String) { persons(name: $name, first: 50) { nodes { id slug name } } }
    `,
    { name },
  );
  return data.persons.nodes;
}

async function searchSlugs(query: string): Promise<string[]> {
  const data = await app.data<{ search: { nodes: { slug: string }[] } }>(
    /* GraphQL */ `
      query ($query: String) { search(query: $query, first: 100) { nodes { slug } } }
    `,
    { query },
  );
  return data.search.nodes.map((n) => n.slug).sort();
}

async function documentsOf(slug: string): Promise<string[]> {
  const data = await app.data<{ person: { documents: { nodes: { slug: string }[] } } }>(
    /* GraphQL */ `
      query ($slug: String) { person(slug: $slug) { documents(first: 100) { nodes { slug } } } }
    `,
    { slug },
  );
  return data.person.documents.nodes.map((n) => n.slug).sort();
}

describe('name variants', () => {
  it('when Stalin is searched by his pseudonyms Fyn-Si and Filippov, then exactly his documents are found', async () => {
    const stalins = await documentsOf('stalin');
    expect(stalins.length).toBeGreaterThan(1);
    expect(await searchSlugs('Fyn-Si')).toEqual(stalins);
    expect(await searchSlugs('Filippov')).toEqual(stalins);
    expect((await persons('Fyn-Si')).map((p) => p.slug)).toEqual(['stalin']);
    expect((await persons('filippov')).map((p) => p.slug)).toEqual(['stalin']);
  });

  it('when Pak Hon-yong is looked up in either romanization, then it is the same person and the same documents', async () => {
    const [byPreferred] = await persons('Pak Hon-yong');
    const [byAlternate] = await persons('Pak Heon-yeong');
    expect(byPreferred?.slug).toBe('pak-hon-yong');
    expect(byAlternate?.id).toBe(byPreferred?.id);
    const documents = await documentsOf('pak-hon-yong');
    expect(await searchSlugs('Pak Hon-yong')).toEqual(documents);
    expect(await searchSlugs('"Pak Heon-yeong"')).toEqual(documents);
  });

  it('when the misprint Shytkov is searched, then Shtykov and his documents are found', async () => {
    expect((await persons('Shytkov')).map((p) => p.name)).toEqual(['Shtykov']);
    const shtykovs = await documentsOf('shtykov');
    expect(await searchSlugs('Shytkov')).toEqual(shtykovs);
    expect(await searchSlugs('Shtyk*')).toEqual(shtykovs);
  });

  it('when Kim Il and Kim Il Sung are looked up, then they stay two people with their own documents', async () => {
    expect((await persons('Kim Il Sung')).map((p) => p.slug)).toEqual(['kim-il-sung']);
    const kimIl = await persons('Kim Il');
    expect(kimIl.map((p) => p.slug)).toEqual(['kim-il', 'kim-il-sung']);
    expect(kimIl[0]?.id).not.toBe(kimIl[1]?.id);
    const ofKimIl = await documentsOf('kim-il');
    const ofKimIlSung = await documentsOf('kim-il-sung');
    expect(ofKimIl).toHaveLength(1);
    expect(ofKimIlSung).not.toContain(ofKimIl[0]);
  });

  it('when a name is typed with other accents, case or punctuation, then it still matches', async () => {
    expect((await persons('PÁK HEÓN YEONG')).map((p) => p.slug)).toEqual(['pak-hon-yong']);
    expect((await persons('vasilyev')).map((p) => p.slug)).toEqual(['vasilyev']);
    expect((await persons('Vasíl’yev')).map((p) => p.slug)).toEqual(['vasilyev']);
    expect(await searchSlugs('SHTŸKOV')).toEqual(await documentsOf('shtykov'));
  });

  it('when a name is blank of letters or too long, then the error is BAD_USER_INPUT', async () => {
    for (const name of ['', ' - ', 'x'.repeat(201)]) {
      const result = await app.request(
        /* GraphQL */ `
          query ($name: String) { persons(name: $name) { totalCount } }
        `,
        { name },
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('name match ranking', () => {
  const ranked = createTestApp({ seed: false });
  loadCorpus(ranked.db, {
    people: [
      { key: 'zivanovic', name: 'Zivanovic', kind: 'PERSON', alternateNames: [] },
      { key: 'sergei', name: 'Sergei Ivanov-Petrov', kind: 'PERSON', alternateNames: [] },
      { key: 'ivanova', name: 'Ivanova', kind: 'PERSON', alternateNames: [] },
      {
        key: 'petrov',
        name: 'Petrov',
        kind: 'PERSON',
        alternateNames: [{ name: 'Ivanov', type: 'PSEUDONYM' }],
      },
      { key: 'ivanov', name: 'Ivanov', kind: 'PERSON', alternateNames: [] },
      {
        key: 'kuznetsov',
        name: 'Kuznetsov',
        kind: 'PERSON',
        alternateNames: [{ name: 'Ivanovsky', type: 'VARIANT' }],
      },
      { key: 'other', name: 'Other', kind: 'PERSON', alternateNames: [] },
    ],
  });

  it('when several names match, then exact before prefix before word before contains, preferred before alternate', async () => {
    const data = await ranked.data<{
      persons: { totalCount: number; nodes: { slug: string }[] };
    }>(/* GraphQL */ `
      { persons(name: "ivanov", first: 10) { totalCount nodes { slug } } }
    `);
    expect(data.persons.nodes.map((n) => n.slug)).toEqual([
      'ivanov',
      'petrov',
      'ivanova',
      'kuznetsov',
      'sergei',
      'zivanovic',
    ]);
    expect(data.persons.totalCount).toBe(6);
  });

  it('when the ranked list is paged, then the pages join up without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 4; page++) {
      const data: {
        persons: { pageInfo: { endCursor: string; hasNextPage: boolean }; nodes: { slug: string }[] };
      } = await ranked.data(
        /* GraphQL */ `
            query ($after: String) {
              persons(name: "ivanov", first: 2, after: $after) { pageInfo { endCursor hasNextPage } nodes { slug } }
            }
          `,
        { after },
      );
      seen.push(...data.persons.nodes.map((n) => n.slug));
      if (!data.persons.pageInfo.hasNextPage) break;
      after = data.persons.pageInfo.endCursor;
    }
    expect(seen).toEqual(['ivanov', 'petrov', 'ivanova', 'kuznetsov', 'sergei', 'zivanovic']);
  });
});
