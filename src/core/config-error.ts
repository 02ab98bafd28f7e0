// One error type for every bad input the user can give (config fields, data files, CLI flags):
// it names the field, the value that was given, and what is allowed, so the message alone says how to fix it.

export class ConfigError extends Error {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;

  constructor(field: string, value: unknown, allowed: string) {
    super(`${field}: ${describeValue(value)} is not allowed; expected ${allowed}`);
    this.name = 'ConfigError';
    this.field = field;
    this.value = value;
    this.allowed = allowed;
  }
}

/** Errors in data files: which file, where in it (line, byte offset), and what is wrong. */
export class DataError extends Error {
  readonly source: string;
  constructor(source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'DataError';
    this.source = source;
  }
}

/** A short, printable rendering of any value (long strings and big objects are cut). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    return String(value);
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * A sweep whose single run does not fit the engine's memory (the GPU budget, e.g. one lowered with
 * --max-gpu-memory, or WebAssembly's 4 GiB): the user's to fix with a smaller problem or limit.
 */
export class CapacityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapacityError';
  }
}
