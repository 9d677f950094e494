/** Marks a line of code (from a fenced block) so that it is neither a heading nor reflowed. */
export const CODE_INDENT = "    ";

/** Joins hard-wrapped lines back into one line per paragraph or list item, so sentences are not cut at line ends. */
export function reflowParagraphs(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const previous = out.at(-1);
    const continues =
      line !== "" && !/^(#{1,6}\s|- )/.test(line) && !line.startsWith(CODE_INDENT) && previous !== undefined && previous !== "" && !/^#{1,6}\s/.test(previous) && !previous.startsWith(CODE_INDENT);
    if (continues) out[out.length - 1] = `${previous} ${line}`;
    else out.push(line);
  }
  return out;
}
