// Seeded generators of malformed input for the fuzz tests: random values of every JSON type (and
// the edge cases parsers trip on), mutations of valid documents, random text and bytes. Seeded by
// the project's counter-based RNG, so a failure names its case index and replays exactly.

import { hash3 } from '../../src/core/rng';

export class Gen {
  private i = 0;
  constructor(private readonly seed: number) {}

  u32(): number {
    return hash3(this.seed, 77, this.i++);
  }
  below(n: number): number {
    return this.u32() % n;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)];
  }
  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }
}

const EVIL_NUMBERS = [0, -0, -1, 1, 0.5, -1e-300, 1e-320, 2 ** 31, 2 ** 32, 2 ** 53 + 1, 1e9, 1e15, 1e308, -1e308, 65537, 100_001, 0.1];
const EVIL_STRINGS = ['', ' ', 'NaN', 'Infinity', '-1', '1e999', 'abc', '0x10', '__proto__', 'constructor', '\u0000', '😀', 'toy', 'ntk', 'linear', 'x'.repeat(5000)];

/** A random JSON value, nested up to `depth`. */
export function randomValue(g: Gen, depth = 3): unknown {
  switch (g.below(depth > 0 ? 8 : 5)) {
    case 0:
      return g.pick(EVIL_NUMBERS);
    case 1:
      return g.pick(EVIL_STRINGS);
    case 2:
      return g.pick([null, true, false]);
    case 3:
      return (g.u32() / 2 ** 32 - 0.5) * 10 ** g.below(12);
    case 4:
      return g.below(1000);
    case 5:
      return Array.from({ length: g.below(5) }, () => randomValue(g, depth - 1));
    case 6: {
      const o: Record<string, unknown> = {};
      for (let k = g.below(4); k > 0; k--) o[g.pick(['kind', 'n', 'width', 'a', 'steps', 'digits', g.pick(EVIL_STRINGS)])] = randomValue(g, depth - 1);
      return o;
    }
    default:
      return deepNest(g.below(800));
  }
}

function deepNest(depth: number): unknown {
  let v: unknown = 1;
  for (let k = 0; k < depth; k++) v = [v];
  return v;
}

/** Every path (list of keys) to a value inside a JSON document. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (prefix.length > 20) return out; // deep nests are edited near their top only
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

/** 1–3 random edits of a JSON document: replace a value, delete a key, add an unknown key. */
export function mutateJson(g: Gen, doc: unknown): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  for (let e = 1 + g.below(3); e > 0; e--) {
    const all = paths(copy).filter((p) => p.length > 0);
    if (all.length === 0) break;
    const p = g.pick(all);
    let parent: Record<string | number, unknown> = copy;
    for (const key of p.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = p[p.length - 1];
    const op = g.below(3);
    if (op === 0 && !Array.isArray(parent)) delete parent[last];
    else if (op === 1 && !Array.isArray(parent)) parent[g.pick(['bogus', 'kind', 'stepz', '__proto__'])] = randomValue(g);
    else parent[last] = randomValue(g);
  }
  return copy;
}

/** Random edits of text: insertions, deletions, duplications of a line, evil cells. */
export function mutateText(g: Gen, text: string): string {
  let t = text;
  for (let e = 1 + g.below(4); e > 0; e--) {
    const at = g.below(t.length + 1);
    switch (g.below(5)) {
      case 0:
        t = t.slice(0, at) + g.pick([',', '\n', '"', '\r\n', ' ', 'NaN', '1e999', '-', 'x', ';', '\t']) + t.slice(at);
        break;
      case 1:
        t = t.slice(0, at) + t.slice(at + 1 + g.below(20));
        break;
      case 2: {
        const lines = t.split('\n');
        const k = g.below(lines.length);
        lines.splice(k, 0, lines[k]);
        t = lines.join('\n');
        break;
      }
      case 3:
        t = t.slice(0, at);
        break;
      default:
        t = t.slice(0, at) + String.fromCharCode(g.below(0x3000)) + t.slice(at);
    }
  }
  return t;
}

/** Random edits of bytes: flipped bytes (the header most often), truncation, extension. */
export function mutateBytes(g: Gen, bytes: Uint8Array): Uint8Array {
  let b = bytes.slice();
  for (let e = 1 + g.below(3); e > 0; e--) {
    switch (g.below(4)) {
      case 0:
      case 1: {
        const at = g.chance(0.7) ? g.below(Math.min(b.length, 24) || 1) : g.below(b.length || 1);
        if (b.length > 0) b[at] = g.below(256);
        break;
      }
      case 2:
        b = b.slice(0, g.below(b.length + 1));
        break;
      default: {
        const extra = new Uint8Array(g.below(16)).map(() => g.below(256));
        const out = new Uint8Array(b.length + extra.length);
        out.set(b);
        out.set(extra, b.length);
        b = out;
      }
    }
  }
  return b;
}

/** Random text of printable and odd characters. */
export function randomText(g: Gen, maxLength: number): string {
  return Array.from({ length: g.below(maxLength) }, () => (g.chance(0.8) ? String.fromCharCode(32 + g.below(95)) : g.pick(['\n', '\r', '\u0000', '\u2028', '"', '\\']))).join('');
}
