import { describe, expect, it } from 'vitest';
import { documentRecord, personRecord, topicRecord } from '../db/corpus.js';
import { generateCorpus } from '../src/data/generate.js';
import { createTestApp } from './helpers/app.js';
import { importText } from './helpers/bulk.js';

const text = (documents: number, seed: number) => [...generateCorpus({ documents, seed })].join('');
const records = (t: string) =>
  t
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('synthetic corpus', () => {
  const corpus = text(2000, 42);
  const all = records(corpus);
  const docs = all.filter((r) => r.type === 'document');
  const people = all.filter((r) => r.type === 'person');
  const topics = all.filter((r) => r.type === 'topic');

  it('when generated twice with one seed, then the bytes are the same; another seed gives another corpus', () => {
    expect(text(2000, 42)).toBe(corpus);
    expect(text(2000, 43)).not.toBe(corpus);
  });

  it('when generated, then every record is valid, every key says synthetic, and it imports cleanly', async () => {
    const schemas = { topic: topicRecord, person: personRecord, document: documentRecord } as const;
    for (const { type, ...fields } of all) schemas[type as keyof typeof schemas].parse(fields);
    expect(docs).toHaveLength(2000);
    for (const r of all) expect(r.slug ?? r.key).toMatch(/^synthetic-/);
    for (const d of docs) expect(d.rights).toMatch(/^Synthetic record/);
    const app = createTestApp({ seed: false });
    expect(await importText(app.db, corpus)).toMatchObject({ committed: true, rejected: 0 });
  });

  it('when generated, then a few correspondents are prolific and most appear rarely (a Zipf shape)', () => {
    const perPerson = new Map<string, number>();
    for (const d of docs)
      for (const p of d.people) perPerson.set(p.person, (perPerson.get(p.person) ?? 0) + 1);
    const counts = people.map((p) => perPerson.get(p.key) ?? 0).sort((a, b) => b - a);
    const median = counts[Math.floor(counts.length / 2)]!;
    expect(counts[0]).toBeGreaterThan(20 * Math.max(median, 1));
    const topTenShare = counts.slice(0, 10).reduce((a, b) => a + b, 0) / counts.reduce((a, b) => a + b, 0);
    expect(topTenShare).toBeGreaterThan(0.2);
  });

  it('when generated, then topics nest four levels, dates span 1945-1991 at every precision, and names carry diacritics and scripts', () => {
    const parent = new Map(topics.map((t) => [t.key, t.parent as string | undefined]));
    const depth = (key: string): number => (parent.get(key) ? 1 + depth(parent.get(key)!) : 1);
    expect(Math.max(...topics.map((t) => depth(t.key)))).toBe(4);
    const precisions = new Set(docs.map((d) => d.datePrecision));
    expect(precisions).toEqual(new Set(['DAY', 'MONTH', 'YEAR', 'RANGE', 'UNDATED']));
    const years = docs.filter((d) => d.dateStart).map((d) => Number(d.dateStart.slice(0, 4)));
    expect(Math.min(...years)).toBe(1945);
    expect(Math.max(...years)).toBe(1991);
    const names = people
      .flatMap((p) => [p.name, ...p.alternateNames.map((n: { name: string }) => n.name)])
      .join(' ');
    for (const sample of [
      /[ąćęłńóśźż]/i,
      /[čěřšžů]/i,
      /[äöüß]/i,
      /[őű]/,
      /[а-яё]/i,
      /[\u4e00-\u9fff]/,
      /[\uac00-\ud7af]/,
    ])
      expect(names).toMatch(sample);
  });

  it('when generated, then summary words follow a Zipf law: the commonest word is far more frequent than the hundredth', () => {
    const frequency = new Map<string, number>();
    for (const d of docs)
      for (const w of d.summary.toLowerCase().replace(/\./g, '').split(' '))
        frequency.set(w, (frequency.get(w) ?? 0) + 1);
    const ranked = [...frequency.values()].sort((a, b) => b - a);
    expect(ranked[0]! / ranked[99]!).toBeGreaterThan(40);
  });
});
