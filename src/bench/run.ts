export async function runBench(_argv: string[]): Promise<number> {
  return 0;
}
