import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { checkSearchIndex } from '../db/search-index.js';
import { createTestApp } from './helpers/app.js';
import { countRows, importText, jsonl } from './helpers/bulk.js';
import { documentRecord, personRecord, topicRecord } from './helpers/factories.js';

function collector() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, records: () => lines.map((l) => JSON.parse(l)) };
}

/** Six records; lines 3, 4, 5 and 6 are bad in different ways. */
const mixed = [
  jsonl(['topic', topicRecord({ key: 'war' })], ['person', personRecord({ key: 'kim' })]),
  '{"type": "document", "slug": "broken"\n',
  jsonl(
    ['document', { ...documentRecord({ slug: 'bad-type' }), docType: 'POSTCARD' }],
    ['document', documentRecord({ slug: 'ghost', people: [{ person: 'nobody', role: 'AUTHOR' }] })],
    ['document', { ...documentRecord({ slug: 'bad-date' }), dateEnd: '1949-01-01' }],
    [
      'document',
      documentRecord({ slug: 'good', people: [{ person: 'kim', role: 'AUTHOR' }], topics: ['war'] }),
    ],
  ),
].join('');

describe('import errors', () => {
  it('when any record is bad, then nothing is written and each bad record is reported with its line and reason', async () => {
    const app = createTestApp({ seed: false });
    const summary = await importText(app.db, mixed);
    expect(summary).toMatchObject({ committed: false, records: 7, rejected: 4 });
    expect(summary.errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect(summary.errors[0]!.reasons[0]).toMatch(/^not valid JSON/);
    expect(summary.errors[1]!.reasons.join()).toMatch(/^docType: Invalid option/);
    expect(summary.errors[2]!.reasons).toEqual(['unknown person "nobody" (define it earlier in the file)']);
    expect(summary.errors[3]!.reasons).toEqual(['dateEnd: dateEnd is before dateStart']);
    for (const table of ['documents', 'people', 'topics', 'document_people'])
      expect(countRows(app.db, table)).toBe(0);
  });

  it('when a first import into an empty archive is refused, then its indexes are all still there', async () => {
    const app = createTestApp({ seed: false });
    const indexes = () =>
      app.db.$client.prepare("select name, sql from sqlite_master where type = 'index' order by name").all();
    const before = indexes();
    await importText(app.db, mixed);
    expect(indexes()).toEqual(before);
  });

  it('when continuing on error, then the good records are imported and the bad ones go to the rejects with line, reasons and input', async () => {
    const app = createTestApp({ seed: false });
    const rejects = collector();
    const summary = await importText(app.db, mixed, {
      continueOnError: true,
      rejects: rejects.stream,
      batchSize: 2,
    });
    expect(summary).toMatchObject({ committed: true, inserted: 3, rejected: 4 });
    expect(app.db.$client.prepare('select slug from documents').pluck().all()).toEqual(['good']);
    expect(checkSearchIndex(app.db)).toEqual([]);
    const rejected = rejects.records();
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 5, 6]);
    expect(rejected[2]).toMatchObject({
      line: 5,
      reasons: ['unknown person "nobody" (define it earlier in the file)'],
    });
    expect(JSON.parse(rejected[2].input).slug).toBe('ghost');
  });

  it('when a record is refused after others in its batch, then its partial writes are undone and the batch keeps the rest', async () => {
    const app = createTestApp({ seed: false });
    const text = jsonl(
      ['person', personRecord({ key: 'kim' })],
      [
        'document',
        documentRecord({
          slug: 'twice',
          people: [
            { person: 'kim', role: 'AUTHOR' },
            { person: 'kim', role: 'AUTHOR' },
          ],
        }),
      ],
      ['document', documentRecord({ slug: 'fine' })],
    );
    const summary = await importText(app.db, text, { continueOnError: true });
    expect(summary.errors).toEqual([{ line: 2, reasons: ['person "kim" is listed twice as AUTHOR'] }]);
    expect(app.db.$client.prepare('select slug from documents').pluck().all()).toEqual(['fine']);
    expect(countRows(app.db, 'document_people')).toBe(0);
  });

  it('when records are not objects or name no known type, then the reason says so', async () => {
    const app = createTestApp({ seed: false });
    const summary = await importText(app.db, '[1, 2]\n\n{"type": "letter"}\n{"slug": "x"}\n');
    expect(summary.errors).toEqual([
      { line: 1, reasons: ['a record must be a JSON object'] },
      { line: 3, reasons: ['type: must be one of topic, person, document'] },
      { line: 4, reasons: ['type: must be one of topic, person, document'] },
    ]);
  });

  it('when a topic would become its own ancestor, then it is refused and the tree is unchanged', async () => {
    const app = createTestApp({ seed: false });
    await importText(
      app.db,
      jsonl(['topic', topicRecord({ key: 'a' })], ['topic', topicRecord({ key: 'b', parent: 'a' })]),
    );
    const summary = await importText(app.db, jsonl(['topic', topicRecord({ key: 'a', parent: 'b' })]));
    expect(summary.errors).toEqual([{ line: 1, reasons: ['topic a: parent "b" is below it in the tree'] }]);
    expect(app.db.$client.prepare('select parent_id from topics where slug = ?').pluck().get('a')).toBeNull();
  });

  it('when a CSV file has quoted commas, line breaks and doubled quotes, then they are read as text and errors name the line a record starts on', async () => {
    const app = createTestApp({ seed: false });
    await importText(
      app.db,
      jsonl(['person', personRecord({ key: 'kim' })], ['person', personRecord({ key: 'stalin' })]),
    );
    const csv = [
      '\ufeffslug,title,docType,dateText,dateStart,dateEnd,datePrecision,summary,authors,recipients',
      'one,"Cable, urgent",CABLE,"October 12, 1950",1950-10-12,1950-10-12,DAY,"Line one\r\nline ""two""",kim=Kim Il Sung,stalin=Fyn-Si \\| Filippov',
      'two,Second,POSTCARD,,,,UNDATED,,,',
      'three,"Third',
      'spans",NOTE,,,,UNDATED,,kim,',
    ].join('\r\n');
    const summary = await importText(app.db, csv, { format: 'csv', continueOnError: true });
    // Record one spans lines 2-3, so the bad record two starts on line 4.
    expect(summary.errors.map((e) => e.line)).toEqual([4]);
    const one = app.db.$client
      .prepare("select title, summary, date_text from documents where slug = 'one'")
      .get();
    expect(one).toEqual({
      title: 'Cable, urgent',
      summary: 'Line one\r\nline "two"',
      date_text: 'October 12, 1950',
    });
    expect(
      app.db.$client
        .prepare(
          "select role, name_as_written from document_people dp join documents d on d.id = dp.document_id where d.slug = 'one' order by role",
        )
        .all(),
    ).toEqual([
      { role: 'AUTHOR', name_as_written: 'Kim Il Sung' },
      { role: 'RECIPIENT', name_as_written: 'Fyn-Si | Filippov' },
    ]);
    expect(app.db.$client.prepare("select title from documents where slug = 'three'").pluck().get()).toBe(
      'Third\r\nspans',
    );
  });

  it('when a CSV header names an unknown column or misses a required one, then the file is refused at line 1', async () => {
    const app = createTestApp({ seed: false });
    const summary = await importText(app.db, 'slug,headline\r\na,b\r\n', { format: 'csv' });
    expect(summary.errors).toEqual([
      {
        line: 1,
        reasons: [
          'header: unknown column "headline"',
          'header: missing column "title"',
          'header: missing column "docType"',
        ],
      },
    ]);
    expect(summary.committed).toBe(false);
  });
});
