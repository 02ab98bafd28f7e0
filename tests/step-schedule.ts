// The dispatch schedule of one step, as src/gpu/step-encoder.ts writes it, without a GPU: the real
// StepEncoder driven with stand-in kernels, resources and a pass that logs what it is told. Kernel
// timings' tests hold the profiler to it (tests/unit and tests/gpu kernel-timings.test.ts), so they
// follow the encoder when its dispatches change.

import type { ExperimentConfig } from '../src/core/config-types';
import type { KernelSet } from '../src/gpu/kernels';
import type { MemoryPlan } from '../src/gpu/memory-plan';
import type { GpuResources } from '../src/gpu/resources';
import { StepEncoder, type StepWork } from '../src/gpu/step-encoder';

export type PassOp = [string, ...unknown[]];

const label = (o: unknown): unknown => (o && typeof o === 'object' && 'label' in o ? (o as { label: unknown }).label : o);

/** A compute pass that logs setPipeline / setBindGroup / dispatch / end, naming objects by label. */
export function recordingPass(log: PassOp[]): GPUComputePassEncoder {
  return {
    setPipeline: (p: unknown) => log.push(['pipeline', label(p)]),
    // Every argument given is logged: an explicit `undefined` for the offsets is a different call (one
    // Chrome has failed on, see kernel-profiler.ts), so the profiler's replay must not add one.
    setBindGroup: (i: number, g: unknown, ...rest: unknown[]) => log.push(['group', i, label(g), ...rest]),
    dispatchWorkgroups: (x: number, y = 1, z = 1) => log.push(['dispatch', x, y, z]),
    end: () => log.push(['end']),
  } as unknown as GPUComputePassEncoder;
}

/** Any property is an object labelled with its path (one object per path, so identities hold). */
function labelled(prefix: string, own: Record<string, unknown> = {}): Record<string, unknown> {
  const made = new Map<string, unknown>();
  return new Proxy(own, {
    get(target, prop) {
      if (typeof prop !== 'string' || prop in target) return (target as Record<string | symbol, unknown>)[prop];
      if (prop === 'then' || prop === 'toJSON') return undefined;
      if (!made.has(prop)) made.set(prop, { label: `${prefix}${prop}` });
      return made.get(prop);
    },
  });
}

/** Stand-in kernels: `ks.x` is { name: 'x', pipeline: { label: 'x' } }, the same object every time. */
export function fakeKernels(): KernelSet {
  const made = new Map<string, unknown>();
  return new Proxy({} as KernelSet, {
    get(_t, prop) {
      if (typeof prop !== 'string') return undefined;
      if (!made.has(prop)) made.set(prop, { name: prop, pipeline: { label: prop } });
      return made.get(prop);
    },
  });
}

/** The real StepEncoder over stand-ins, for a config and a memory plan (e.g. GpuEngine's, as JSON). */
export function fakeStepEncoder(config: ExperimentConfig, plan: MemoryPlan, kernels: KernelSet = fakeKernels(), ntkTile128 = false): StepEncoder {
  const res = labelled('', {
    blocks: plan.blocks.map((block, b) => labelled(`block ${b} `, { block })),
    global: labelled('global '),
    sharp: null,
  }) as unknown as GpuResources;
  return new StepEncoder(kernels, res, config, plan, ntkTile128);
}

/** What the passes execute, dispatch by dispatch: "pipeline | bind group 0 | x,y,z". */
export function dispatchLog(log: PassOp[]): string[] {
  const out: string[] = [];
  let pipeline: unknown = null;
  let group: unknown = null;
  for (const op of log) {
    if (op[0] === 'begin') [pipeline, group] = [null, null];
    if (op[0] === 'pipeline') pipeline = op[1];
    // Offsets, when given (even as undefined), are part of the call.
    if (op[0] === 'group' && op[1] === 0) group = op.length > 3 ? `${String(op[2])} with offsets ${String(op[3])}` : op[2];
    if (op[0] === 'dispatch') out.push(`${String(pipeline)} | ${String(group)} | ${op.slice(1).join(',')}`);
  }
  return out;
}

/** A GD step with no record: the update only (no norms, no sharpness). */
export const PLAIN_STEP: StepWork = { update: true, norms: false, fullGradient: false, sharpness: false, distToOpt: false };

/**
 * Kernel names of one plain GD step (PLAIN_STEP), in dispatch order;
 * `ntkTile128` as GpuEngineOptions.ntkTile128 sets it.
 */
export function stepSchedule(config: ExperimentConfig, plan: MemoryPlan, ntkTile128 = false): string[] {
  const log: PassOp[] = [];
  fakeStepEncoder(config, plan, fakeKernels(), ntkTile128).step(recordingPass(log), PLAIN_STEP);
  return dispatchLog(log).map((s) => s.split(' | ')[0]);
}
