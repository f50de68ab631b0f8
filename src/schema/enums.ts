import type {
  DATE_PRECISIONS,
  DOCUMENT_TYPES,
  NAME_TYPES,
  PERSON_KINDS,
  PERSON_ROLES,
} from '../../db/corpus.js';
import { builder } from '../builder.js';

type Described<T extends string> = Record<T, { description: string }>;

const documentTypeValues: Described<(typeof DOCUMENT_TYPES)[number]> = {
  TELEGRAM: { description: 'A telegram sent in clear.' },
  CIPHERED_TELEGRAM: { description: 'A telegram sent in cipher.' },
  CABLE: { description: 'A cable, typically between a ministry or staff and its officers abroad.' },
  LETTER: { description: 'A letter.' },
  REPORT: { description: 'A report.' },
  MEMORANDUM: { description: 'A memorandum.' },
  MINUTES: { description: 'Minutes or a record of a conversation or meeting.' },
  DIRECTIVE: { description: 'An order, directive or resolution.' },
  DIARY: { description: 'A diary or journal entry.' },
  NOTE: { description: 'A note or aide-memoire.' },
  OTHER: { description: 'Any other kind of document.' },
};

export const DocumentType = builder.enumType('DocumentType', {
  description: 'The kind of document, as the archive catalogues it.',
  values: documentTypeValues,
});

export const DatePrecision = builder.enumType('DatePrecision', {
  description:
    'How precisely a document is dated; `dateStart`..`dateEnd` spans the whole period the printed date names.',
  values: {
    DAY: { description: 'Dated to the day: start and end are that day.' },
    MONTH: { description: 'Dated to the month ("October 1950"): the first to the last day of it.' },
    YEAR: { description: 'Dated to the year ("1950"): 1 January to 31 December.' },
    RANGE: { description: 'Dated to a span between two days ("between 3 and 5 May 1950").' },
    UNDATED: { description: 'No date is known; start and end are null.' },
  } satisfies Described<(typeof DATE_PRECISIONS)[number]>,
});

export const PersonKind = builder.enumType('PersonKind', {
  description: 'Whether an agent is an individual or a body.',
  values: {
    PERSON: { description: 'An individual.' },
    ORGANIZATION: { description: 'A government body, institution, party, army unit or other organization.' },
  } satisfies Described<(typeof PERSON_KINDS)[number]>,
});

export const PersonRole = builder.enumType('PersonRole', {
  description: "An agent's part in a document.",
  values: {
    AUTHOR: { description: 'Wrote or sent the document.' },
    RECIPIENT: { description: 'The document is addressed to them.' },
    MENTIONED: { description: 'Named in the document without being its author or recipient.' },
    INTERMEDIARY: { description: 'The document passed through them ("via Shtykov").' },
    SIGNATORY: { description: 'Signed the document without being its author.' },
  } satisfies Described<(typeof PERSON_ROLES)[number]>,
});

export const NameType = builder.enumType('NameType', {
  description: 'How an alternate name relates to the preferred one.',
  values: {
    PSEUDONYM: { description: 'A cover name or alias ("Fyn-Si", "Filippov" for Stalin).' },
    TRANSLITERATION: { description: 'Another romanization ("Pak Heon-yeong" for Pak Hon-yong).' },
    ORIGINAL_SCRIPT: { description: 'The name in its original script.' },
    MISSPELLING: { description: 'A misprint or misspelling as printed ("Shytkov" for Shtykov).' },
    VARIANT: { description: 'Another accepted form of the name.' },
    REAL_NAME: { description: 'The real name behind a preferred pseudonym.' },
  } satisfies Described<(typeof NAME_TYPES)[number]>,
});

export const SortDirection = builder.enumType('SortDirection', {
  description: 'Ascending or descending order.',
  values: {
    ASC: { description: 'Smallest, earliest or A first.' },
    DESC: { description: 'Largest, latest or Z first.' },
  },
});
