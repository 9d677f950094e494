/**
 * `CITEBOT_HEAVY=1 npx vitest run test/reliability` runs the bench-machine variants: more generated inputs,
 * more concurrent questions, more kill points. Without it every suite stays small enough for `npm test`.
 */
export const HEAVY = process.env.CITEBOT_HEAVY === "1";

export function scaled(normal: number, heavy: number): number {
  return HEAVY ? heavy : normal;
}
