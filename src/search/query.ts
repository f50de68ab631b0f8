/**
 * The search box's syntax, turned into an FTS5 MATCH expression that is safe whatever people
 * type. Words are ANDed; "quoted phrases" match words in sequence; OR between two terms
 * accepts either; a leading minus excludes a term; a trailing * makes a term a prefix.
 *
 * Every term reaches FTS5 inside double quotes (embedded quotes doubled), so nothing a user
 * types is ever read as FTS5 syntax: NEAR, AND, NOT, column filters, parentheses, carets and
 * stray stars are plain words or are dropped as punctuation by the tokenizer. The only
 * operators in the output are the ones written here.
 */

/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 500;
/** Most terms (words and phrases) a query may hold. */
export const MAX_QUERY_TERMS = 32;

export type SearchQueryProblem = 'TOO_LONG' | 'TOO_MANY_TERMS' | 'NO_TERMS' | 'ONLY_EXCLUSIONS';

/** A query that cannot be searched for; `problem` says why, the message says it to people. */
export class SearchQueryError extends Error {
  constructor(
    readonly problem: SearchQueryProblem,
    message: string,
  ) {
    super(message);
    this.name = 'SearchQueryError';
  }
}

export interface SearchTerm {
  /** The words, as typed (punctuation the tokenizer ignores included). */
  text: string;
  /** Typed in double quotes: the words must appear in this order, side by side. */
  phrase: boolean;
  /** Ended with `*`: the last word is a prefix. */
  prefix: boolean;
  /** Started with `-`: documents with this term are excluded. */
  excluded: boolean;
}

export interface SearchQuery {
  /** The FTS5 MATCH expression. */
  match: string;
  /** Terms that must match; each inner list is a group of alternatives joined by OR. */
  required: SearchTerm[][];
  /** Terms that must not match. */
  excluded: SearchTerm[];
}

interface Token {
  kind: 'term' | 'or';
  term?: SearchTerm;
}

/** Characters the unicode61 tokenizer keeps inside a token: letters, digits, private use. */
const TOKEN_CHARACTER = /[\p{L}\p{N}\p{Co}]/u;
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cs}]/gu;

/**
 * Parses user text. Returns null for blank text (nothing to search for is not an error: the
 * caller lists without a text condition). Throws {@link SearchQueryError} for text that has
 * characters but nothing searchable, only exclusions, or is too long.
 */
export function parseSearchQuery(input: string): SearchQuery | null {
  if (input.length > MAX_QUERY_LENGTH)
    throw new SearchQueryError(
      'TOO_LONG',
      `The search text is ${input.length} characters long; at most ${MAX_QUERY_LENGTH} are accepted.`,
    );
  const text = input.replace(CONTROL_CHARACTERS, ' ');
  if (!text.trim()) return null;

  const tokens = tokenize(text);
  const termCount = tokens.filter((t) => t.kind === 'term').length;
  if (termCount > MAX_QUERY_TERMS)
    throw new SearchQueryError(
      'TOO_MANY_TERMS',
      `The search text has ${termCount} terms; at most ${MAX_QUERY_TERMS} are accepted.`,
    );

  const required: SearchTerm[][] = [];
  const excluded: SearchTerm[] = [];
  // OR joins the positive terms on either side of it; an OR with no such term beside it
  // (at an end, doubled, next to an exclusion) is ignored.
  let joinNext = false;
  for (const token of tokens) {
    if (token.kind === 'or') {
      joinNext = required.length > 0;
      continue;
    }
    const term = token.term as SearchTerm;
    if (term.excluded) {
      excluded.push(term);
      joinNext = false;
    } else if (joinNext) {
      required[required.length - 1]?.push(term);
      joinNext = false;
    } else {
      required.push([term]);
    }
  }

  if (required.length === 0) {
    if (excluded.length > 0)
      throw new SearchQueryError(
        'ONLY_EXCLUSIONS',
        'The search text only excludes terms (each starts with "-"); add a word to search for.',
      );
    throw new SearchQueryError(
      'NO_TERMS',
      `The search text "${input.trim().slice(0, 80)}" has no words to search for (letters or digits).`,
    );
  }

  const positive = required
    .map((group) =>
      group.length === 1 ? quote(group[0] as SearchTerm) : `(${group.map(quote).join(' OR ')})`,
    )
    .join(' AND ');
  const match = excluded.length
    ? `(${positive})${excluded.map((term) => ` NOT ${quote(term)}`).join('')}`
    : positive;
  return { match, required, excluded };
}

/** An FTS5 string: the only thing user text ever becomes. */
function quote(term: SearchTerm): string {
  return `"${term.text.replaceAll('"', '""')}"${term.prefix ? '*' : ''}`;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (/\s/u.test(char)) {
      i++;
      continue;
    }
    let excluded = false;
    let start = i;
    while (text[start] === '-') start++;
    if (start > i && start < text.length && !/\s/u.test(text[start] as string)) excluded = true;
    else start = i;

    if (text[start] === '"') {
      // A phrase runs to the next double quote, or to the end when it is never closed.
      const close = text.indexOf('"', start + 1);
      const end = close === -1 ? text.length : close;
      let next = close === -1 ? text.length : close + 1;
      let prefix = false;
      while (text[next] === '*') {
        prefix = true;
        next++;
      }
      pushTerm(tokens, { text: text.slice(start + 1, end).trim(), phrase: true, prefix, excluded });
      i = next;
      continue;
    }

    let end = start;
    while (end < text.length && !/\s/u.test(text[end] as string) && text[end] !== '"') end++;
    let word = text.slice(start, end);
    i = end;
    if (word === 'OR' && !excluded) {
      tokens.push({ kind: 'or' });
      continue;
    }
    let prefix = false;
    while (word.endsWith('*')) {
      prefix = true;
      word = word.slice(0, -1);
    }
    pushTerm(tokens, { text: word, phrase: false, prefix, excluded });
  }
  return tokens;
}

/** Keeps a term only if the tokenizer will find a word in it; punctuation alone is dropped. */
function pushTerm(tokens: Token[], term: SearchTerm) {
  if (TOKEN_CHARACTER.test(term.text)) tokens.push({ kind: 'term', term });
}
