/**
 * The form names are compared in: without accents or case, apostrophes dropped ("Vasil'yev"
 * is "vasilyev") and any run of other punctuation or spaces made one space ("Fyn-Si" is
 * "fyn si"). Registered in SQLite as `fold_name` by `openDatabase`, so SQL and JavaScript fold
 * the same way.
 */
export function foldName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßøłđæœı]/gu, (c) => LETTERS_WITHOUT_DECOMPOSITION[c] ?? c)
    .replace(/['’ʼ‘`´]/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Letters NFKD does not split into a base letter and a mark. */
const LETTERS_WITHOUT_DECOMPOSITION: Record<string, string> = {
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
};
