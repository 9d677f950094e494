import { type ParseArgsConfig, parseArgs } from "node:util";

type FlagSpec = NonNullable<ParseArgsConfig["options"]>;

export interface CommandHelp {
  /** As typed after `npm run`, e.g. `ask`. */
  name: string;
  /** The whole `--help` text: usage line, what it does, each flag, an example. */
  text: string;
}

export type ParsedFlags<T extends FlagSpec> =
  | { ok: true; values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>>["values"]; positionals: string[] }
  /** `--help` (printed to stdout, exit 0) or a bad flag (a message and the usage on stderr, exit 2). */
  | { ok: false; exitCode: 0 | 2 };

export interface FlagsIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: FlagsIo = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };

/**
 * Reads a script's flags with Node's parseArgs. `--help`/`-h` prints `help.text`; an unknown flag, a flag missing
 * its value or a stray argument gets one plain sentence naming it, then the usage, instead of Node's error text.
 */
export function parseFlags<T extends FlagSpec>(argv: string[], options: T, help: CommandHelp, config: { positionals?: boolean; io?: FlagsIo } = {}): ParsedFlags<T> {
  const io = config.io ?? stdio;
  const spec = { ...options, help: { type: "boolean", short: "h" } } as T;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`npm run ${help.name}: ${describeFlagError(error, spec)}\n\n${help.text}`);
    return { ok: false, exitCode: 2 };
  }
  if (parsed.values.help) {
    io.out(help.text);
    return { ok: false, exitCode: 0 };
  }
  if (!config.positionals && parsed.positionals.length > 0) {
    io.err(`npm run ${help.name}: unexpected argument "${parsed.positionals[0]}"; flags start with --\n\n${help.text}`);
    return { ok: false, exitCode: 2 };
  }
  const { help: _help, ...values } = parsed.values;
  return { ok: true, values: values as never, positionals: parsed.positionals };
}

function describeFlagError(error: unknown, spec: FlagSpec): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? "";
  const known = Object.keys(spec).map((name) => `--${name}`).join(", ");
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown flag ${flag || "given"}; the flags are ${known}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /argument missing/.test(message) ? `${flag} needs a value` : `${flag} takes no value`;
    default:
      return message;
  }
}
