// Flag parsing for every subcommand: node:util's parseArgs in strict mode, with its errors turned
// into one clear line (unknown flag, missing value) and a non-zero exit by the caller.

import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags(argv: string[], options: Options): Record<string, string | boolean | undefined> {
  try {
    const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
    return values as Record<string, string | boolean | undefined>;
  } catch (err) {
    const e = err as Error & { code?: string };
    throw new UsageError(e.message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

/** A positive integer flag, e.g. --steps 4096 (also accepts 2^16 and 1e6 forms). */
export function intFlag(name: string, raw: string, min: number, max: number): number {
  const text = raw.trim();
  const pow = /^(\d+)\^(\d+)$/.exec(text);
  const value = pow ? Number(pow[1]) ** Number(pow[2]) : Number(text);
  if (text === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name}: "${raw}" is not allowed; expected an integer from ${min} to ${max}`);
  }
  return value;
}

/** A duration in seconds, fractions allowed, e.g. --checkpoint-every 0.5. */
export function secondsFlag(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name}: "${raw}" is not allowed; expected seconds from ${min} to ${max}`);
  }
  return value;
}
