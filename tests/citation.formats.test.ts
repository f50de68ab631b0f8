import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { exportText, importText, jsonl } from './helpers/bulk.js';
import { documentRecord, personRecord } from './helpers/factories.js';

/** One fully catalogued letter, one undated note with nothing but a title. */
async function citationApp() {
  const app = createTestApp({ seed: false });
  await importText(
    app.db,
    jsonl(
      ['person', personRecord({ key: 'filippov', name: 'Filippov' })],
      ['person', personRecord({ key: 'zhou', name: 'Zhou Enlai' })],
      ['person', personRecord({ key: 'staff', name: 'General Staff', kind: 'ORGANIZATION' })],
      [
        'document',
        documentRecord({
          slug: 'letter',
          title: 'Letter, Filippov to Zhou Enlai',
          docType: 'LETTER',
          date: '1950-10-01',
          dateText: '1 October 1950',
          sourceArchive: 'APRF',
          sourceCitation: 'Fond 45, Opis 1, Delo 334, Listy 97-98',
          languages: ['ru'],
          people: [
            { person: 'filippov', role: 'AUTHOR' },
            { person: 'staff', role: 'AUTHOR' },
            { person: 'zhou', role: 'RECIPIENT' },
          ],
        }),
      ],
      ['document', { slug: 'note', title: 'Note on 50% & more_', docType: 'NOTE', datePrecision: 'UNDATED' }],
    ),
  );
  return app;
}

const CITATIONS = /* GraphQL */ `
  query ($slug: String!) {
    document(slug: $slug) {
      authors { name }
      note: citation(style: CHICAGO_NOTE)
      bibliography: citation(style: CHICAGO_BIBLIOGRAPHY)
      ris: citation(style: RIS)
      bibtex: citation(style: BIBTEX)
    }
  }
`;
type Citations = { document: Record<'note' | 'bibliography' | 'ris' | 'bibtex', string> };

describe('citations', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('when a catalogued document is cited, then each style carries its authors, title, printed date, citation and archive, in one SQL statement', async () => {
    const app = await citationApp();
    const { result, statements } = await app.sqlOf(CITATIONS, { slug: 'letter' });
    expect(statements).toHaveLength(1);
    const d = (result.data as Citations).document;
    expect(d.note).toBe(
      'Filippov and General Staff, “Letter, Filippov to Zhou Enlai,” 1 October 1950, Fond 45, Opis 1, Delo 334, Listy 97-98, APRF.',
    );
    expect(d.bibliography).toBe(
      'Filippov and General Staff. “Letter, Filippov to Zhou Enlai.” 1 October 1950. Fond 45, Opis 1, Delo 334, Listy 97-98. APRF.',
    );
    expect(d.ris.split('\r\n')).toEqual([
      'TY  - PCOMM',
      'ID  - letter',
      'TI  - Letter, Filippov to Zhou Enlai',
      'AU  - Filippov',
      'AU  - General Staff',
      'A2  - Zhou Enlai',
      'PY  - 1950',
      'DA  - 1950/10/01/',
      'N1  - Date as printed: 1 October 1950',
      'DP  - APRF',
      'AV  - Fond 45, Opis 1, Delo 334, Listy 97-98',
      'LA  - ru',
      'ER  - ',
      '',
    ]);
    expect(d.bibtex).toBe(
      [
        '@misc{letter,',
        '  title = {{Letter, Filippov to Zhou Enlai}},',
        '  author = {{Filippov} and {General Staff}},',
        '  year = {1950},',
        '  month = oct,',
        '  date = {1950-10-01},',
        '  note = {Date as printed: 1 October 1950},',
        '  howpublished = {Fond 45, Opis 1, Delo 334, Listy 97-98, APRF}',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('when a document has no author, date, archive or URL, then the citation leaves them out (undated as n.d.) and escapes BibTeX specials', async () => {
    const app = await citationApp();
    const d = (await app.data<Citations>(CITATIONS, { slug: 'note' })).document;
    expect(d.note).toBe('“Note on 50% & more_,” n.d.');
    expect(d.bibliography).toBe('“Note on 50% & more_.” n.d.');
    expect(d.ris).toBe('TY  - MANSCPT\r\nID  - note\r\nTI  - Note on 50% & more_\r\nER  - \r\n');
    expect(d.bibtex).toBe('@misc{note,\n  title = {{Note on 50\\% \\& more\\_}}\n}\n');
  });

  it('when ARCHIVE_BASE_URL is set, then citations end with the document URL under it', async () => {
    vi.stubEnv('ARCHIVE_BASE_URL', 'https://archive.example.org/');
    const app = await citationApp();
    const d = (await app.data<Citations>(CITATIONS, { slug: 'note' })).document;
    expect(d.note).toBe('“Note on 50% & more_,” n.d., https://archive.example.org/documents/note.');
    expect(d.ris).toContain('UR  - https://archive.example.org/documents/note\r\n');
    expect(d.bibtex).toContain('url = {https://archive.example.org/documents/note}');
  });

  it('when a filtered set is exported as RIS, BibTeX and CSL-JSON, then each holds exactly the matching documents', async () => {
    const app = await citationApp();
    const filter = { docTypes: ['LETTER' as const] };
    expect(exportText(app.db, { format: 'ris', filter }).match(/^TY {2}- /gm)).toHaveLength(1);
    expect(exportText(app.db, { format: 'bibtex' }).match(/^@misc\{/gm)).toHaveLength(2);
    const csl = JSON.parse(exportText(app.db, { format: 'csl-json', baseUrl: 'https://a.example' }));
    expect(csl).toEqual([
      {
        id: 'letter',
        type: 'personal_communication',
        title: 'Letter, Filippov to Zhou Enlai',
        author: [{ literal: 'Filippov' }, { literal: 'General Staff' }],
        recipient: [{ literal: 'Zhou Enlai' }],
        issued: { 'date-parts': [[1950, 10, 1]] },
        archive: 'APRF',
        archive_location: 'Fond 45, Opis 1, Delo 334, Listy 97-98',
        language: 'ru',
        URL: 'https://a.example/documents/letter',
      },
      {
        id: 'note',
        type: 'manuscript',
        title: 'Note on 50% & more_',
        URL: 'https://a.example/documents/note',
      },
    ]);
    expect(JSON.parse(exportText(app.db, { format: 'csl-json', filter: { docTypes: ['CABLE'] } }))).toEqual(
      [],
    );
  });
});
