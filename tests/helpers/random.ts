/** A small seeded generator (mulberry32): the same seed gives the same strings on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces hostile to a search parser: FTS5 operators, quotes, SQL, markup, odd Unicode. */
const PIECES = [
  '"',
  '""',
  "'",
  '*',
  '-',
  '--',
  '(',
  ')',
  ':',
  '^',
  '+',
  '{',
  '}',
  '[',
  ']',
  ';',
  '\\',
  '%',
  '_',
  'OR',
  'AND',
  'NOT',
  'NEAR',
  'NEAR(',
  'NEAR/2',
  'title:',
  'body:',
  '{title body}:',
  'rank',
  'bm25(',
  'Stalin',
  'Shtyk',
  'Fyn-Si',
  'Pak Hon-yong',
  'Kim Il',
  'é',
  'Ü',
  'ß',
  '金日成',
  '김일성',
  'Сталин',
  '\u0000',
  '\u0002',
  '\u0003',
  '\u200b',
  '\ud83d\ude00',
  '\ud800',
  ' ',
  '  ',
  '\t',
  '\n',
  "'; drop table documents; --",
  '<script>',
  '&amp;',
  'x'.repeat(60),
  '0',
  '1950',
];

/** `count` random strings of random pieces and characters, reproducible from `seed`. */
export function randomStrings(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const strings: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const length = Math.floor(random() * 12);
    for (let j = 0; j < length; j++) {
      parts.push(
        random() < 0.7
          ? (PIECES[Math.floor(random() * PIECES.length)] as string)
          : String.fromCharCode(Math.floor(random() * 0x2fff)),
      );
      if (random() < 0.5) parts.push(' ');
    }
    strings.push(parts.join(''));
  }
  return strings;
}
