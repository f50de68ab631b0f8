import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, parseSearchQuery, SearchQueryError } from '../src/search/query.js';
import { randomStrings } from './helpers/random.js';

const match = (text: string) => parseSearchQuery(text)?.match;

function problemOf(text: string) {
  try {
    parseSearchQuery(text);
  } catch (error) {
    if (error instanceof SearchQueryError) return error.problem;
    throw error;
  }
  return undefined;
}

describe('search query syntax', () => {
  it('when words are typed, then each is quoted and they are ANDed', () => {
    expect(match('Stalin  pilots')).toBe('"Stalin" AND "pilots"');
  });

  it('when a phrase is quoted, then it stays one quoted term', () => {
    expect(match('"Chinese troops" Korea')).toBe('"Chinese troops" AND "Korea"');
  });

  it('when OR stands between terms, then they become alternatives', () => {
    expect(match('Stalin OR Filippov pilots')).toBe('("Stalin" OR "Filippov") AND "pilots"');
    expect(match('a OR b OR c')).toBe('("a" OR "b" OR "c")');
  });

  it('when a term starts with a minus, then it is excluded', () => {
    expect(match('Shtykov -Vyshinsky -"Soviet Council"')).toBe(
      '("Shtykov") NOT "Vyshinsky" NOT "Soviet Council"',
    );
  });

  it('when a term ends with a star, then it is a prefix', () => {
    expect(match('Shtyk*')).toBe('"Shtyk"*');
    expect(match('"Kim Il"*')).toBe('"Kim Il"*');
    expect(match('Shtyk***')).toBe('"Shtyk"*');
  });

  it('when a hyphen is inside a word, then the word is one quoted term, not an exclusion', () => {
    expect(match('Fyn-Si')).toBe('"Fyn-Si"');
  });

  it('when FTS5 syntax is typed, then it reaches MATCH only inside quotes', () => {
    expect(match('NEAR(a b)')).toBe('"NEAR(a" AND "b)"');
    expect(match('title:Stalin')).toBe('"title:Stalin"');
    expect(match('a AND b NOT c')).toBe('"a" AND "AND" AND "b" AND "NOT" AND "c"');
    expect(match('^Stalin {title body}: x')).toBe('"^Stalin" AND "{title" AND "body}:" AND "x"');
    expect(match('a "b')).toBe('"a" AND "b"');
    expect(match('say ""hello"" now')).toBe('"say" AND "hello" AND "now"');
  });

  it('when an operator has nothing to join, then it is ignored', () => {
    expect(match('OR Stalin')).toBe('"Stalin"');
    expect(match('Stalin OR')).toBe('"Stalin"');
    expect(match('Stalin OR -Filippov')).toBe('("Stalin") NOT "Filippov"');
    expect(match('or Stalin')).toBe('"or" AND "Stalin"');
  });

  it('when the text is blank, then there is nothing to search and no error', () => {
    expect(parseSearchQuery('')).toBeNull();
    expect(parseSearchQuery('   \t\n ')).toBeNull();
  });

  it('when the text has no letters or digits, then it is refused as having no terms', () => {
    for (const text of ['*', '-', '"', '""', '()', '!!!', '- * " ( ) : ^', 'OR', '— … ·'])
      expect(problemOf(text), text).toBe('NO_TERMS');
  });

  it('when every term is excluded, then it is refused', () => {
    expect(problemOf('-Stalin -"Kim Il"')).toBe('ONLY_EXCLUSIONS');
  });

  it('when the text is too long or has too many terms, then it is refused', () => {
    expect(problemOf('a'.repeat(MAX_QUERY_LENGTH + 1))).toBe('TOO_LONG');
    expect(problemOf('x'.repeat(10_240))).toBe('TOO_LONG');
    expect(problemOf(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))).toBe('TOO_MANY_TERMS');
  });

  it('when control characters are typed, then they separate words and never reach MATCH', () => {
    expect(match('Sta\u0000lin\u0007x')).toBe('"Sta" AND "lin" AND "x"');
  });

  it('when hundreds of random strings are parsed and run, then FTS5 never reports a syntax error', () => {
    const sqlite = new Database(':memory:');
    sqlite.exec(
      "create virtual table f using fts5(a, b, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'); insert into f values ('Shtykov to Stalin', 'Fyn-Si');",
    );
    const run = sqlite.prepare('select count(*) as n from f where f match ?');
    let searched = 0;
    for (const text of randomStrings(500, 20260001)) {
      let query: ReturnType<typeof parseSearchQuery>;
      try {
        query = parseSearchQuery(text);
      } catch (error) {
        expect(error, JSON.stringify(text)).toBeInstanceOf(SearchQueryError);
        continue;
      }
      if (!query) continue;
      expect(() => run.get(query.match), JSON.stringify(text)).not.toThrow();
      searched++;
    }
    expect(searched).toBeGreaterThan(100);
  });
});
