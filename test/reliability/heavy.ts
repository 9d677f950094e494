/**
 * `CITEBOT_HEAVY=1 npx vitest run test/reliability` runs the bench-machine variants: more generated inputs,
 * more concurrent questions, more kill points. Without it every suite stays small enough for `npm test`.
 * `npm run test:unit` sets CITEBOT_QUICK=1: a tenth of the generated inputs, so the fast lane stays fast while
 * `npm test` still runs the full number.
 */
export const HEAVY = process.env.CITEBOT_HEAVY === "1";
const QUICK = !HEAVY && process.env.CITEBOT_QUICK === "1";

export function scaled(normal: number, heavy: number): number {
  if (HEAVY) return heavy;
  return QUICK ? Math.max(10, Math.round(normal / 10)) : normal;
}
