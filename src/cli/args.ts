/** A small argument parser for the CLI: positionals, `--flag value`, `--flag=value` and boolean switches. */

export type FlagKind = 'string' | 'number' | 'boolean';

export interface CommandSpec {
  usage: string;
  summary: string;
  /** Names of required positionals; a trailing `...` name takes the rest. */
  positionals: string[];
  flags: Record<string, FlagKind>;
}

export interface Parsed {
  positionals: string[];
  flags: Record<string, string | number | boolean>;
  help: boolean;
}

/** Raised for bad command lines; the CLI prints the message and the usage, and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseArgs(argv: readonly string[], spec: CommandSpec): Parsed {
  const positionals: string[] = [];
  const flags: Record<string, string | number | boolean> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = spec.flags[name];
    if (kind === undefined) throw new UsageError(`unknown option --${name}`);
    if (kind === 'boolean') {
      flags[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number`);
      flags[name] = n;
    } else {
      flags[name] = value;
    }
  }
  if (!help) {
    const rest = spec.positionals.at(-1)?.endsWith('...') === true;
    const required = rest ? spec.positionals.length - 1 : spec.positionals.length;
    if (positionals.length < required + (rest ? 1 : 0)) {
      throw new UsageError(`missing ${spec.positionals.slice(positionals.length).join(' ')}`);
    }
    if (!rest && positionals.length > required) throw new UsageError(`unexpected argument ${positionals[required]}`);
  }
  return { positionals, flags, help };
}
