// Small checkers used by the config parser: each returns the value in its proper type or throws a
// ConfigError naming the field, the value and what is allowed.

import { ConfigError } from './config-error';

export type Obj = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, field: string): Obj {
  if (!isPlainObject(value)) throw new ConfigError(field, value, 'an object');
  return value;
}

/** Rejects fields that the schema does not know, so that typos never pass silently. */
export function rejectUnknown(obj: Obj, field: string, known: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      throw new ConfigError(prefix(field, key), obj[key], `no such field (known fields: ${known.join(', ')})`);
    }
  }
}

export function prefix(field: string, key: string | number): string {
  if (typeof key === 'number') return `${field}[${key}]`;
  // A key is user input too: a 5000-character one must not make a 5000-character message.
  const shown = key.length > 40 ? `${key.slice(0, 37)}...` : key;
  return field === '' ? shown : `${field}.${shown}`;
}

export function expectNumber(
  value: unknown,
  field: string,
  opts: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean } = {},
): number {
  const { min, max, exclusiveMin = false, integer = false } = opts;
  const allowed = describeRange(opts);
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConfigError(field, value, allowed);
  if (integer && !Number.isInteger(value)) throw new ConfigError(field, value, allowed);
  if (min !== undefined && (exclusiveMin ? value <= min : value < min)) throw new ConfigError(field, value, allowed);
  if (max !== undefined && value > max) throw new ConfigError(field, value, allowed);
  return value;
}

function describeRange(opts: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean }): string {
  const kind = opts.integer ? 'an integer' : 'a finite number';
  const { min, max, exclusiveMin } = opts;
  if (min !== undefined && max !== undefined) {
    return `${kind} with ${min} ${exclusiveMin ? '<' : '<='} value <= ${max}`;
  }
  if (min !== undefined) return `${kind} ${exclusiveMin ? '>' : '>='} ${min}`;
  if (max !== undefined) return `${kind} <= ${max}`;
  return kind;
}

export function expectString(value: unknown, field: string, maxLength = 4096): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new ConfigError(field, value, `a non-empty string of at most ${maxLength} characters`);
  }
  return value;
}

export function expectOneOf<T extends string>(value: unknown, field: string, options: readonly T[]): T {
  if (typeof value !== 'string' || !options.includes(value as T)) {
    throw new ConfigError(field, value, `one of ${options.map((o) => `"${o}"`).join(', ')}`);
  }
  return value as T;
}

export function expectArray(value: unknown, field: string, minLength: number, maxLength: number): unknown[] {
  if (!Array.isArray(value) || value.length < minLength || value.length > maxLength) {
    throw new ConfigError(field, value, `an array of ${minLength} to ${maxLength} items`);
  }
  return value;
}

/** Seeds are unsigned 32-bit integers: the counter-based generator (and the GPU) works in u32. */
export function expectSeed(value: unknown, field: string): number {
  return expectNumber(value, field, { min: 0, max: 0xffffffff, integer: true });
}

/** Reads `obj[key]`, or the default when it is absent. */
export function field<T>(obj: Obj, key: string, fallback: T): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : fallback;
}
