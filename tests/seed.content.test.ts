import { describe, expect, it } from 'vitest';
import corpus from '../db/seed/corpus.json' with { type: 'json' };
import { seedDatabase } from '../db/seed.js';
import { createTestApp } from './helpers/app.js';

interface Doc {
  slug: string;
  title: string;
  docType: string;
  dateText: string;
  dateStart: string;
  dateEnd: string;
  datePrecision: string;
  summary: string;
  authors: { name: string }[];
  recipients: { name: string }[];
  mentioned: { name: string }[];
  people: { role: string; nameAsWritten: string | null; person: { name: string } }[];
  topics: { name: string }[];
}

const DOCUMENT_FIELDS = /* GraphQL */ `
  slug title docType dateText dateStart dateEnd datePrecision summary
  authors { name } recipients { name } mentioned { name }
  people { role nameAsWritten person { name } }
  topics { name }
`;

/** The listing's ten documents: date as printed, type, authors and recipients by role. */
const LISTING = [
  [
    'October 12, 1950',
    '1950-10-12',
    'CABLE',
    ['8th Directorate of the USSR Armed Forces General Staff'],
    ['Shtykov', "Vasil'yev"],
  ],
  ['May 15, 1949', '1949-05-15', 'TELEGRAM', ['Shtykov'], ['Vyshinsky']],
  ['November 2, 1950', '1950-11-02', 'CIPHERED_TELEGRAM', ['Shtykov'], ['Stalin']],
  ['October 8, 1950', '1950-10-08', 'TELEGRAM', ['Shtykov'], ['Soviet Council of Ministers']],
  ['November 17, 1950', '1950-11-17', 'TELEGRAM', ['Mao Zedong'], ['Peng Dehuai']],
  ['November 20, 1950', '1950-11-20', 'TELEGRAM', ['Stalin'], ['Kim Il Sung']],
  ['January 19, 1950', '1950-01-19', 'TELEGRAM', ['Shtykov'], ['Vyshinsky']],
  ['September 21, 1950', '1950-09-21', 'TELEGRAM', ['A.M. Vasilevsky'], ['Stalin']],
  ['September 27, 1950', '1950-09-27', 'TELEGRAM', ['Matveyev'], ['Stalin']],
  ['September 29, 1950', '1950-09-29', 'TELEGRAM', ['Shtykov'], ['Gromyko', 'Stalin']],
] as const;

describe('seed corpus', () => {
  const app = createTestApp();

  async function allDocuments() {
    const data = await app.data<{ documents: { totalCount: number; nodes: Doc[] } }>(
      `{ documents(first: 100) { totalCount nodes { ${DOCUMENT_FIELDS} } } }`,
    );
    return data.documents;
  }

  it('when the archive starts, then it holds exactly the ten documents the listing shows', async () => {
    const documents = await allDocuments();
    expect(documents.totalCount).toBe(10);
    expect(documents.nodes.map((d) => d.title).sort()).toEqual(corpus.documents.map((d) => d.title).sort());
  });

  it.each(LISTING)(
    'when the document of %s is read, then its date, type, authors and recipients are those of the listing',
    async (dateText, isoDate, docType, authors, recipients) => {
      const doc = (await allDocuments()).nodes.find((d) => d.dateText === dateText);
      expect(doc).toBeDefined();
      expect(doc).toMatchObject({ dateStart: isoDate, dateEnd: isoDate, datePrecision: 'DAY', docType });
      expect(doc?.authors.map((p) => p.name)).toEqual(authors);
      expect(doc?.recipients.map((p) => p.name)).toEqual(recipients);
    },
  );

  it('when summaries are read, then they are exactly those of the corpus file, character for character', async () => {
    const bySlug = new Map((await allDocuments()).nodes.map((d) => [d.slug, d.summary]));
    for (const d of corpus.documents) expect(bySlug.get(d.slug)).toBe(d.summary);
    expect([...bySlug.values()].some((s) => s.includes('Korean People’s Army'))).toBe(true);
  });

  it('when a document names a person under another name, then the link keeps the name as written', async () => {
    const doc = (await allDocuments()).nodes.find((d) => d.dateText === 'November 2, 1950');
    expect(doc?.people).toContainEqual({
      role: 'RECIPIENT',
      nameAsWritten: 'Fyn-Si [Stalin]',
      person: { name: 'Stalin' },
    });
    const cable = (await allDocuments()).nodes.find((d) => d.docType === 'CABLE');
    expect(cable?.people).toContainEqual({
      role: 'RECIPIENT',
      nameAsWritten: 'Cdes. Shtykov',
      person: { name: 'Shtykov' },
    });
    const viaShtykov = (await allDocuments()).nodes.find((d) => d.dateText === 'November 20, 1950');
    expect(viaShtykov?.people).toContainEqual({
      role: 'INTERMEDIARY',
      nameAsWritten: 'Shtykov',
      person: { name: 'Shtykov' },
    });
  });

  it('when people are listed, then alternate names sit on the one person they belong to', async () => {
    const data = await app.data<{
      persons: { nodes: { name: string; kind: string; alternateNames: { name: string; type: string }[] }[] };
    }>(`{ persons(first: 100) { nodes { name kind alternateNames { name type } } } }`);
    const byName = new Map(data.persons.nodes.map((p) => [p.name, p]));
    expect(byName.get('Stalin')?.alternateNames).toEqual([
      { name: 'Filippov', type: 'PSEUDONYM' },
      { name: 'Fyn-Si', type: 'PSEUDONYM' },
    ]);
    expect(byName.get('Shtykov')?.alternateNames).toEqual([{ name: 'Shytkov', type: 'MISSPELLING' }]);
    expect(byName.get('Pak Hon-yong')?.alternateNames).toEqual([
      { name: 'Pak Heon-yeong', type: 'TRANSLITERATION' },
    ]);
    expect(byName.get('Matveyev')?.alternateNames).toEqual([{ name: 'Razuvayev V.N.', type: 'REAL_NAME' }]);
    expect(byName.has('Kim Il')).toBe(true);
    expect(byName.has('Kim Il Sung')).toBe(true);
    expect(byName.get('8th Directorate of the USSR Armed Forces General Staff')?.kind).toBe('ORGANIZATION');
    expect(byName.get('Soviet Council of Ministers')?.kind).toBe('ORGANIZATION');
    // No person appears twice under two spellings.
    for (const spelling of ['Shytkov', 'Fyn-Si', 'Filippov', 'Pak Heon-yeong'])
      expect(byName.has(spelling)).toBe(false);
  });

  it('when topics are read, then they form a hierarchy with Chinese intervention under Korean War', async () => {
    const data = await app.data<{
      topic: {
        name: string;
        parent: { name: string };
        ancestors: { name: string }[];
        documents: { totalCount: number };
      };
    }>(
      `{ topic(slug: "chinese-intervention") { name parent { name } ancestors { name } documents { totalCount } } }`,
    );
    expect(data.topic).toMatchObject({
      name: 'Chinese intervention',
      parent: { name: 'Korean War' },
      ancestors: [{ name: 'Korean War' }],
    });
    expect(data.topic.documents.totalCount).toBeGreaterThan(0);
  });

  it('when the seed is loaded a second time, then nothing changes', async () => {
    const before = app.db.$client.prepare('select id, version, updated_at from documents order by id').all();
    expect(seedDatabase(app.db).changed).toBe(0);
    expect(app.db.$client.prepare('select id, version, updated_at from documents order by id').all()).toEqual(
      before,
    );
  });
});
