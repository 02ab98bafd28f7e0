// Where the kernels put things the host reads and writes: the per-step metric slots (struct
// Metrics), the runs' state (struct Run) and the state buffer's header (struct State), all declared
// once in shaders/structs.wgsl and laid out here from wgsl_reflect; and how a slot becomes the
// float64 metric values.

import type { MetricName } from '../core/config-types';
import type { RunStatus } from '../core/engine';
import structsWgsl from '../../shaders/structs.wgsl?raw';
import { reflectStruct, type StructLayout } from './reflect';

/** The 32-bit word of each named member within its struct (every member the host uses must exist, and be 4 bytes). */
function words<N extends string>(layout: StructLayout, struct: string, names: readonly N[]): Record<N, number> {
  const out = {} as Record<N, number>;
  for (const name of names) {
    const m = layout.members[name];
    if (!m || m.offset % 4 !== 0) throw new Error(`shaders/structs.wgsl: struct ${struct} has no 32-bit member ${name}`);
    out[name] = m.offset / 4;
  }
  return out;
}

const metrics = reflectStruct(structsWgsl, 'Metrics');
const run = reflectStruct(structsWgsl, 'Run');
const state = reflectStruct(structsWgsl, 'State');

/** Floats per (slot, run) in the metrics buffer: struct Metrics. */
export const NMET = metrics.size / 4;
/** The float of each metric within a slot. */
export const MET = words(metrics, 'Metrics', ['logLoss', 'logExp', 'gradNorm', 'dist', 'acc', 'wnorm', 'sharp', 'minz', 'distOpt']);
/** Words per run: struct Run. */
export const RUN_WORDS = run.size / 4;
/** The word of each field within a run. */
export const RUN = words(run, 'Run', ['status', 'divergedAt', 'eta', 'scale']);
/** The state buffer's header words (struct State), and the word where its runs start. */
export const STATE = words(state, 'State', ['slot', 'step', 'sample', 'runs']);
export const STATE_RUN0 = STATE.runs;

/** The state buffer's header (struct State) at the start of a chunk: slot 0, the step and its SGD sample. */
export function packHeader(step: number, sample: number): Uint32Array<ArrayBuffer> {
  const h = new Uint32Array(STATE_RUN0);
  h[STATE.slot] = 0;
  h[STATE.step] = step >>> 0;
  h[STATE.sample] = sample;
  return h;
}

/** K runs as the kernels read them (struct Run): status, divergedAt, η, and the MLP probes' `scale`. */
export function packRuns(status: readonly RunStatus[], divergedAt: readonly number[], etas: readonly number[], scale = 0): ArrayBuffer {
  const img = new ArrayBuffer(status.length * RUN_WORDS * 4);
  const u = new Uint32Array(img);
  const f = new Float32Array(img);
  status.forEach((st, k) => {
    const at = k * RUN_WORDS;
    u[at + RUN.status] = st === 'diverged' ? 1 : 0;
    u[at + RUN.divergedAt] = divergedAt[k] >>> 0;
    f[at + RUN.eta] = etas[k];
    f[at + RUN.scale] = scale;
  });
  return img;
}

/** Run k's status and divergence step from K runs read back (`words` from the first run on). */
export function unpackRun(words: Uint32Array, k: number): { status: RunStatus; divergedAt: number } {
  const diverged = words[k * RUN_WORDS + RUN.status] !== 0;
  return { status: diverged ? 'diverged' : 'running', divergedAt: diverged ? words[k * RUN_WORDS + RUN.divergedAt] : -1 };
}

/**
 * Fills run k of every requested metric from one slot. Losses arrive as logarithms and are
 * exponentiated in float64 (so 1e-40 survives); accuracy arrives as a count; the margin is
 * min z / ‖w‖ from its two parts (NaN at w = 0, as in the reference).
 */
export function fillRecord(
  values: Partial<Record<MetricName, Float64Array>>,
  k: number,
  m: Float32Array,
  base: number,
  n: number,
  hasSharpness: boolean,
): void {
  for (const [name, v] of Object.entries(values) as [MetricName, Float64Array][]) {
    switch (name) {
      case 'loss':
        v[k] = Math.exp(m[base + MET.logLoss]);
        break;
      case 'expLoss':
        v[k] = Math.exp(m[base + MET.logExp]);
        break;
      case 'gradNorm':
        v[k] = m[base + MET.gradNorm];
        break;
      case 'distFromInit':
        v[k] = m[base + MET.dist];
        break;
      case 'accuracy':
        v[k] = m[base + MET.acc] / n;
        break;
      case 'margin': {
        const nw = m[base + MET.wnorm];
        v[k] = nw > 0 ? m[base + MET.minz] / nw : NaN;
        break;
      }
      case 'sharpness':
        v[k] = hasSharpness ? m[base + MET.sharp] : NaN;
        break;
      case 'distToOpt':
        v[k] = m[base + MET.distOpt];
        break;
    }
  }
}
