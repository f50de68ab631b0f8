import { builder } from '../builder.js';
import { formatCitation, type CitationStyle as Style } from '../citation.js';
import { Document } from './document.js';

export const CitationStyle = builder.enumType('CitationStyle', {
  description:
    'How to cite a document. Citations use only what the archive records (authors, title, date as printed, source citation, holding archive, URL); missing parts are left out, never guessed.',
  values: {
    CHICAGO_NOTE: {
      description: 'A Chicago Manual of Style footnote: Author, “Title,” date, citation, archive, URL.',
    },
    CHICAGO_BIBLIOGRAPHY: {
      description:
        'A Chicago Manual of Style bibliography entry: Author. “Title.” Date. Citation. Archive. URL.',
    },
    RIS: { description: 'An RIS record, for reference managers (Zotero, EndNote, Mendeley).' },
    BIBTEX: { description: 'A BibTeX @misc entry keyed by the document slug.' },
  } satisfies Record<Style, { description: string }>,
});

type PersonName = { person: { name: string } };
type CitationRow = {
  authorLinks: PersonName[];
  recipientLinks: PersonName[];
  languages: { language: string }[];
};

builder.drizzleObjectFields(Document, (t) => ({
  citation: t.string({
    description:
      'The document cited in the given style. The URL is `<ARCHIVE_BASE_URL>/documents/<slug>` when the server has a base URL, otherwise the source URL if the archive records one.',
    args: {
      style: t.arg({ type: CitationStyle, required: true, description: 'Citation style.' }),
    },
    // Same link order as `authors`/`recipients`, so the plugin merges the selections into one.
    select: {
      columns: {
        slug: true,
        title: true,
        docType: true,
        dateText: true,
        dateStart: true,
        dateEnd: true,
        datePrecision: true,
        sourceArchive: true,
        sourceCitation: true,
        sourceUrl: true,
        summary: true,
      },
      with: {
        authorLinks: {
          orderBy: { position: 'asc', id: 'asc' },
          with: { person: { columns: { name: true } } },
        },
        recipientLinks: {
          orderBy: { position: 'asc', id: 'asc' },
          with: { person: { columns: { name: true } } },
        },
        languages: { columns: { language: true }, orderBy: { language: 'asc' } },
      },
    },
    resolve: (d, args) => {
      const row = d as typeof d & CitationRow;
      return formatCitation(
        {
          ...row,
          authors: row.authorLinks.map((l) => l.person.name),
          recipients: row.recipientLinks.map((l) => l.person.name),
          languages: row.languages.map((l) => l.language),
        },
        args.style,
      );
    },
  }),
}));
