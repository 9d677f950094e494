/** Runs a full GC when the process was started with --expose-gc (bench children are), so RSS reads settle. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}
