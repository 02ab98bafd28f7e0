// Fuzz tests of every parser that reads user input: config JSON (as text, as a file or the
// dashboard's URL would give it), CLI flags, CSV and IDX files. 10,000 generated malformed inputs
// each: every one must either parse to something valid or be refused with a clear error of the
// project's own kinds (ConfigError, DataError, UsageError) — never a crash (TypeError, RangeError),
// a hang, or an allocation the input's size does not justify.

import { afterAll, describe, expect, it } from 'vitest';
import { intFlag, parseFlags, UsageError } from '../../src/cli/args';
import { parseEngineName } from '../../src/cli/backend-flags';
import { parseShard } from '../../src/cli/shard';
import { SWEEP_OPTIONS } from '../../src/cli/sweep-command';
import { parseConfig } from '../../src/core/config';
import { ConfigError, DataError } from '../../src/core/config-error';
import { parseCsv } from '../../src/core/data/csv';
import { encodeIdx, parseIdx } from '../../src/core/data/idx';
import { presetNames, presetRaw } from '../../src/core/presets';
import { configFromUrl } from '../../src/ui/state/url-state';
import { writeReliabilitySection, type ReliabilityRow } from '../reliability-log';
import { Gen, mutateBytes, mutateJson, mutateText, randomText, randomValue } from './generators';

const CASES = 10_000;
/** Far above any parse here (microseconds to a few ms, a few hundred under a loaded CI machine); a case over it is a hang. */
const MAX_CASE_MS = 2000;
const rows: ReliabilityRow[] = [];

interface Tally {
  accepted: number;
  refused: number;
  slowestMs: number;
}

/** Runs `fn` on every case; only `allowed` errors may come out, each with a one-paragraph message. */
function fuzz(label: string, cases: number, make: (g: Gen, i: number) => () => void, allowed: (new (...a: never[]) => Error)[]): Tally {
  const t: Tally = { accepted: 0, refused: 0, slowestMs: 0 };
  for (let i = 0; i < cases; i++) {
    const run = make(new Gen(i), i);
    const t0 = performance.now();
    try {
      run();
      t.accepted++;
    } catch (err) {
      const ok = allowed.some((E) => err instanceof E);
      if (!ok) throw new Error(`${label}, case ${i}: ${(err as Error)?.name}: ${(err as Error)?.message}`);
      const msg = (err as Error).message;
      if (msg.length === 0 || msg.length > 2000) throw new Error(`${label}, case ${i}: message of ${msg.length} characters`);
      t.refused++;
    }
    const ms = performance.now() - t0;
    t.slowestMs = Math.max(t.slowestMs, ms);
    if (ms > MAX_CASE_MS) throw new Error(`${label}, case ${i}: took ${ms.toFixed(0)} ms`);
  }
  rows.push({
    tried: label,
    cases,
    outcome: `${t.accepted} parsed to valid values, ${t.refused} refused with a clear error; no crash; slowest case ${t.slowestMs.toFixed(1)} ms`,
  });
  return t;
}

const presets = presetNames().map((n) => presetRaw(n));

describe('fuzz: config JSON', () => {
  it(`${CASES} mutated preset configs, as JSON text`, () => {
    const t = fuzz('config JSON: presets with 1–3 fields replaced, deleted or added', CASES, (g) => {
      const text = JSON.stringify(mutateJson(g, g.pick(presets)));
      return () => {
        const c = parseConfig(text);
        // Whatever passes is within the limits, so nothing downstream allocates without bound.
        expect(c.steps).toBeLessThanOrEqual(2 ** 30);
        if (c.model.kind === 'ntk') expect(c.model.width).toBeLessThanOrEqual(100_000);
        for (const eta of c.etas) expect(eta > 0 && Number.isFinite(eta)).toBe(true);
      };
    }, [ConfigError]);
    expect(t.refused).toBeGreaterThan(CASES / 2);
  });

  it(`${CASES} random JSON values and random text`, () => {
    fuzz('config: random JSON values and random text', CASES, (g) => {
      const input = g.chance(0.5) ? JSON.stringify(randomValue(g, 4)) : randomText(g, 200);
      return () => void parseConfig(input);
    }, [ConfigError]);
  });

  it(`${CASES} dashboard URLs (?config=…, ?preset=…), including m = 1e9 and steps = 1e15`, () => {
    fuzz('dashboard URL parameters (?config=, ?preset=, &quick=)', CASES, (g, i) => {
      const raw = mutateJson(g, g.pick(presets)) as Record<string, unknown>;
      if (i % 10 === 0) raw.model = { kind: 'ntk', width: 1e9 };
      if (i % 10 === 1) raw.steps = 1e15;
      const search = g.chance(0.8)
        ? `?config=${g.chance(0.9) ? encodeURIComponent(JSON.stringify(raw)) : randomText(g, 80)}`
        : `?preset=${encodeURIComponent(g.pick([...presetNames(), 'nope', '', '%%']))}&quick=${g.pick(['1', '0', 'x'])}`;
      return () => {
        const config = configFromUrl(search);
        if (config !== null) parseConfig(config);
      };
    }, [ConfigError]);
    expect(() => parseConfig({ ...presetRaw('ntk-width'), model: { kind: 'ntk', width: 1e9 } })).toThrow(/model.width: 1000000000/);
    expect(() => parseConfig({ ...presetRaw('toy'), steps: 1e15 })).toThrow(/steps: 1000000000000000/);
  });
});

describe('fuzz: CLI flags', () => {
  const TOKENS = ['--preset', '--config', '--engine', '--steps', '--shard', '--out', '--quick', '--resume', '--checkpoint-every', '--no-png', '-h', '--bogus', '--', '-x', '--steps=5', 'toy', 'gpu', 'cpu', '2^16', '2^99', '1e6', '-1', '0', '1/0', '3/2', '1/2', 'abc', '', ' '];
  it(`${CASES} random argument lists`, () => {
    fuzz('CLI flags of bigstep sweep (random argument lists)', CASES, (g) => {
      const argv = Array.from({ length: g.below(8) }, () => (g.chance(0.9) ? g.pick(TOKENS) : randomText(g, 12)));
      return () => {
        const f = parseFlags(argv, SWEEP_OPTIONS);
        if (typeof f.steps === 'string') intFlag('steps', f.steps, 1, 2 ** 30);
        if (typeof f.shard === 'string') parseShard(f.shard);
        if (f.engine !== undefined) parseEngineName(f.engine as string);
        if (typeof f['checkpoint-every'] === 'string') intFlag('checkpoint-every', f['checkpoint-every'], 0, 86_400);
      };
    }, [UsageError]);
  });
});

describe('fuzz: data files', () => {
  const csv = ['label,a,b,c', ...Array.from({ length: 12 }, (_, i) => `${i % 2 ? 'cat' : 'dog'},${i * 0.5},${-i},${(i * 7) % 5}`)].join('\n');
  it(`${CASES} mutated CSV files`, () => {
    fuzz('CSV upload: a valid file with random edits (cells, quotes, lines, truncation)', CASES, (g) => {
      const text = g.chance(0.9) ? mutateText(g, csv) : randomText(g, 300);
      return () => {
        const d = parseCsv(text, { labelColumn: 'label', scaling: g.pick(['none', 'unitNorm', 'maxNorm'] as const), source: 'fuzz.csv' });
        expect(d.x.length).toBe(d.n * d.d);
        for (const v of d.x) expect(Number.isFinite(v)).toBe(true);
      };
    }, [DataError, ConfigError]);
  });

  const idx = encodeIdx([6, 3, 2], new Uint8Array(36).map((_, i) => i * 7));
  it(`${CASES} mutated IDX files`, () => {
    fuzz('IDX upload: a valid file with random byte edits, truncation, extension', CASES, (g) => {
      const bytes = mutateBytes(g, idx);
      return () => {
        const a = parseIdx(bytes, 'fuzz.idx');
        // No allocation beyond what the file holds: the decoded array never has more elements than bytes.
        expect(a.data.length).toBeLessThanOrEqual(bytes.length);
      };
    }, [DataError]);
    // Huge dimensions in a tiny file are refused from the header, before any allocation.
    const huge = encodeIdx([1], new Uint8Array(1));
    new DataView(huge.buffer).setUint32(4, 0xffffffff, false);
    expect(() => parseIdx(huge, 'huge.idx')).toThrow(/truncated: dims 4294967295/);
  });
});

afterAll(() => {
  if (rows.length === 6) writeReliabilitySection('fuzz', 'Bad input: fuzz tests of every parser', rows, 'tests/fuzz/parsers.test.ts (`npm test`); inputs are seeded, so a failing case replays by its index.');
});
