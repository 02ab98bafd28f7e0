// Fuzz tests beyond the parsers: the files bigstep reads back (checkpoint.json and checkpoint.bin,
// results.json for import and merge, run.json, IDX data) mutated at random, cut short, paired wrongly,
// nested thousands of levels deep, and edited by an adversary who recomputes the checksums. Every
// case must end in a one-line refusal of the project's own kinds (DataError, ConfigError,
// UsageError) or in a correct run: a checkpoint that loads either is the original, bit for bit, or
// passes every check and runs the sweep to its end without a crash.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args';
import { CheckpointFiles } from '../../src/cli/checkpoint-files';
import { parseInvocation } from '../../src/cli/sweep-command';
import { resultsChecksumOk, writeResults } from '../../src/cli/write-results';
import { parseConfig } from '../../src/core/config';
import { ConfigError, DataError } from '../../src/core/config-error';
import { encodeIdx } from '../../src/core/data/idx';
import { loadDataset, type DataIO } from '../../src/core/data/load';
import { toyData } from '../../src/core/data/toy';
import { mergeShards } from '../../src/core/merge';
import type { Results } from '../../src/core/results';
import { validateResults } from '../../src/core/results-schema';
import { CpuEngine } from '../../src/cpu/reference-engine';
import { SweepControl } from '../../src/sweep/control';
import { runSweep } from '../../src/sweep/run-sweep';
import type { SweepCheckpoint } from '../../src/sweep/checkpoint';
import { tmpDir } from '../cli-runner';
import { writeReliabilitySection, type ReliabilityRow } from '../reliability-log';
import { Gen, mutateBytes, mutateJson, mutateText } from './generators';

const CASES = 300;
const rows: ReliabilityRow[] = [];
const USER_ERRORS = [DataError, ConfigError, UsageError];

/** Runs every case; a thrown error must be one of the user kinds with a one-line message. */
function fuzz(label: string, cases: number, run: (g: Gen, i: number) => 'accepted' | void): void {
  let accepted = 0;
  let refused = 0;
  for (let i = 0; i < cases; i++) {
    try {
      run(new Gen(1000 + i), i);
      accepted++;
    } catch (err) {
      if (!USER_ERRORS.some((E) => err instanceof E)) throw new Error(`${label}, case ${i}: ${(err as Error)?.name}: ${(err as Error)?.message}`);
      const msg = (err as Error).message;
      if (msg.length === 0 || msg.includes('\n') || msg.length > 2000) throw new Error(`${label}, case ${i}: not a one-line message: ${JSON.stringify(msg.slice(0, 300))}`);
      refused++;
    }
  }
  rows.push({ tried: label, cases, outcome: `${refused} refused with one line, ${accepted} accepted and correct; no crash` });
}

const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

const config = parseConfig({ name: 'fuzz', data: { kind: 'toy' }, model: { kind: 'linear' }, etas: [2, 8, 32], steps: 40, metrics: ['loss', 'accuracy'], record: { denseUntil: 8, perDecade: 4 } });
const problem = { config, data: toyData() };
let whole: Results;
let source: string;
let original: SweepCheckpoint;
let json: string;
let bin: Uint8Array;

beforeAll(async () => {
  whole = await runSweep(new CpuEngine(), problem);
  // A checkpoint of the sweep stopped at step 10 of its second batch.
  source = tmpDir();
  const files = new CheckpointFiles(source);
  const control = new SweepControl();
  await runSweep(new CpuEngine(), problem, {
    control,
    chunkSteps: 5,
    maxEtasPerBatch: 2,
    checkpointEveryMs: 1e9,
    onProgress: (p) => p.batch === 1 && p.stepsDone === 10 && control.cancel(),
    onCheckpoint: async (cp) => {
      original = structuredClone(cp);
      await files.save(cp);
    },
  });
  json = readFileSync(path.join(source, 'checkpoint.json'), 'utf8');
  // A plain Uint8Array: a Buffer's slice() is a view, and the mutators would edit the original.
  bin = new Uint8Array(readFileSync(path.join(source, 'checkpoint.bin')));
});

/** Writes the given checkpoint files into a fresh folder and loads them. */
function loadFrom(files: Record<string, string | Uint8Array>): SweepCheckpoint {
  const dir = tmpDir();
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return new CheckpointFiles(dir).load(config).checkpoint;
}

describe('fuzz: checkpoint files', () => {
  it(`${CASES} damaged checkpoint.json files (bytes flipped, cut, edited)`, () => {
    fuzz('checkpoint.json: random edits of the text, truncation, other files in its place', CASES, (g) => {
      const text = g.chance(0.1) ? g.pick(['', '{}', 'null', deep(5000), json.slice(0, json.length / 2)]) : mutateText(g, json);
      const cp = loadFrom({ 'checkpoint.json': text, 'checkpoint.bin': bin });
      // Only an unchanged file (a no-op mutation) may load, and then it is the original.
      expect(cp).toEqual(original);
    });
  });

  it(`${CASES} damaged checkpoint.bin files, and bins of another checkpoint`, () => {
    fuzz('checkpoint.bin: random byte edits, truncation, extension', CASES, (g) => {
      const cp = loadFrom({ 'checkpoint.json': json, 'checkpoint.bin': mutateBytes(g, bin) });
      expect(cp).toEqual(original);
    });
  });

  it(`${CASES} adversarial checkpoints: metadata edited and both checksums recomputed; what loads must run to a valid end`, async () => {
    const body = JSON.parse(json.slice(json.indexOf('"body":') + 7, -1));
    const runs: Promise<void>[] = [];
    fuzz('checkpoint.json edited by hand with its checksums recomputed (done, batch, step, status, series, lengths, deep nesting)', CASES, (g) => {
      const edited = structuredClone(body);
      edited.checkpoint = g.chance(0.05) ? JSON.parse(deep(3000)) : mutateJson(g, body.checkpoint);
      const text = JSON.stringify(edited);
      const envelope = `{"format":"bigstep.checkpoint-file/2","sha256":"${sha256(text)}","body":${text}}`;
      const dir = tmpDir();
      writeFileSync(path.join(dir, 'checkpoint.json'), envelope);
      writeFileSync(path.join(dir, 'checkpoint.bin'), bin);
      const { checkpoint } = new CheckpointFiles(dir).load(config);
      // Whatever passed the checks runs to the end: a valid, complete results document.
      runs.push(
        runSweep(new CpuEngine(), problem, { resume: checkpoint, maxEtasPerBatch: 2 }).then((r) => {
          expect(validateResults(JSON.parse(JSON.stringify(r))).status).toBe('done');
        }),
      );
    });
    await Promise.all(runs);
    // The unedited checkpoint resumes to exactly the uninterrupted run.
    const resumed = await runSweep(new CpuEngine(), problem, { resume: loadFrom({ 'checkpoint.json': json, 'checkpoint.bin': bin }), maxEtasPerBatch: 2 });
    expect(resumed.runs).toEqual(whole.runs);
  });
});

describe('fuzz: results.json (import and merge) and run.json', () => {
  it(`${CASES} edited shard results: validated, checksum-checked and merged`, async () => {
    const shards = [1, 2].map((index) => {
      const etas = index === 1 ? [2] : [8, 32];
      const r = structuredClone(whole);
      r.config = { ...r.config, etas };
      r.runs = whole.runs.filter((run) => etas.includes(run.eta));
      r.shard = { index, count: 2, etas: config.etas };
      const dir = tmpDir();
      writeResults(dir, r);
      return JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8'));
    });
    fuzz('results.json of a shard: random edits (values, η, shard index, engine, deep nesting), then import and merge', CASES, (g) => {
      const edited = g.chance(0.05) ? JSON.parse(deep(5000)) : (mutateJson(g, shards[1]) as Results);
      const results = validateResults(edited);
      if (!resultsChecksumOk(results)) throw new DataError('shard 2', 'changed after bigstep wrote it');
      const merged = mergeShards([{ source: 'a', results: validateResults(shards[0]) }, { source: 'b', results }]);
      // What merges is the sweep, run by run.
      expect(merged.runs.map((r) => r.eta)).toEqual(config.etas);
      return 'accepted';
    });
  });

  it(`${CASES} edited run.json files`, () => {
    const invocation = JSON.stringify({ format: 'bigstep.invocation/1', config, engine: 'cpu', shard: { index: 1, count: 2 } });
    fuzz('run.json: random edits (engine, shard, config, format, deep nesting)', CASES, (g) => {
      const text = g.chance(0.05) ? `{"format":"bigstep.invocation/1","config":${deep(5000)}}` : g.chance(0.5) ? mutateText(g, invocation) : JSON.stringify(mutateJson(g, JSON.parse(invocation)));
      const inv = parseInvocation(text, 'run.json');
      expect(['cpu', 'gpu']).toContain(inv.engine);
    });
  });
});

describe('fuzz: IDX data files', () => {
  it(`${CASES} mutated float IDX images with labels, loaded as a data set`, async () => {
    const images = encodeIdx([6, 2, 2], new Float32Array(24).map((_, i) => (i % 5) / 4));
    const labels = encodeIdx([6], new Uint8Array([0, 1, 0, 1, 0, 1]));
    const loads: Promise<void>[] = [];
    let refused = 0;
    for (let i = 0; i < CASES; i++) {
      const g = new Gen(5000 + i);
      const bytes = g.chance(0.3) ? mutateFloats(g, images) : mutateBytes(g, images);
      const io: DataIO = { readFile: async (p) => (p === 'i' ? bytes : labels), mnistFile: async () => new Uint8Array(0) };
      loads.push(
        loadDataset({ kind: 'idx', images: 'i', labels: 'l', digits: [0, 1], n: 0, scaling: 'none', subsetSeed: 0 }, io).then(
          (d) => {
            for (const v of d.x) expect(Number.isFinite(v)).toBe(true);
            expect(d.d).toBeGreaterThan(0);
          },
          (err: unknown) => {
            if (!(err instanceof DataError || err instanceof ConfigError)) throw new Error(`IDX case ${i}: ${String(err)}`);
            refused++;
          },
        ),
      );
    }
    await Promise.all(loads);
    rows.push({ tried: 'IDX float images: byte edits, NaN/±Infinity values, zero dimensions', cases: CASES, outcome: `${refused} refused with one line, ${CASES - refused} loaded with finite values; no crash` });
  });
});

/** Sets a few float32 values of an IDX file (header 4 + 4·3 bytes) to NaN, ±Infinity or a zero dimension. */
function mutateFloats(g: Gen, idx: Uint8Array): Uint8Array {
  const out = idx.slice();
  const view = new DataView(out.buffer);
  if (g.chance(0.2)) view.setUint32(4 + 4 * (1 + g.below(2)), 0, false);
  else view.setFloat32(16 + 4 * g.below(24), g.pick([NaN, Infinity, -Infinity, 3e38]), false);
  return out;
}

afterAll(() => {
  if (rows.length > 0) writeReliabilitySection('fuzz-files', 'Bad files: fuzz tests of checkpoints, results, run.json and IDX data', rows, 'tests/fuzz/files.test.ts (`npm test`); cases are seeded, so a failing one replays by its index.');
});
