// Runs a list of engines over a list of workloads and fills one row per (workload, engine): measured
// (steps/s, GFLOP/s, GB/s as median, min, max; share of peak when the device is known), skipped with
// the reason, or failed with the error. Shared by the browser runner and the Node/Dawn runner.

import type { Engine } from '../src/core/engine';
import type { Dataset } from '../src/core/data/dataset';
import { rates, stepCost } from '../src/core/cost-model';
import { formatUs, hasKernelTimings, measureKernels, type KernelBreakdown } from './kernels';
import { measure, type MeasureOptions } from './measure';
import type { Peak } from './peaks';
import type { Summary } from './stats';
import type { Workload } from './workloads';

export interface EngineEntry {
  /** Short id in the report: "gpu-chrome", "gpu-dawn", "cpu-reference", "cpu-fast". */
  id: string;
  make(): Engine;
  /** A reason not to run this workload on this engine (size limits), or null. */
  skip(w: Workload): string | null;
  /** The device's peak, when known, for share-of-peak. */
  peak: Peak | null;
  /** Called after each row (dispose, free). */
  release?(engine: Engine): Promise<void>;
  /** Whether this engine has a row for the workload at all (default: yes); an opt-in variant's rows exist only where it applies. */
  appliesTo?(w: Workload): boolean;
}

export interface Row {
  workload: string;
  label: string;
  engine: string;
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  flopsPerStep: number;
  bytesPerStep: number;
  stepsPerRun?: number;
  initSeconds?: number;
  stepsPerSecond?: Summary;
  gflops?: Summary;
  gbs?: Summary;
  /** Median GFLOP/s over the device's fp32 peak; median GB/s over its memory bandwidth. */
  shareOfPeakFlops?: number;
  shareOfPeakBandwidth?: number;
  /** `--kernels`, GPU engines: GPU time per kernel (bench/kernels.ts), or why there is none. */
  kernels?: KernelBreakdown;
}

export interface SuiteOptions extends MeasureOptions {
  /** Add a per-kernel GPU time breakdown to each GPU row (timestamp queries). */
  kernels?: boolean;
}

const scale = (s: Summary, f: number): Summary => ({ median: s.median * f, min: s.min * f, max: s.max * f, runs: s.runs });

export async function runSuite(
  workloads: Workload[],
  engines: EngineEntry[],
  data: (w: Workload) => Promise<Dataset>,
  opts: SuiteOptions,
  log: (line: string) => void = console.log,
  /** Called with the rows so far after each row (runners save a partial report: a killed run keeps them). */
  onRow: (rows: Row[]) => void = () => undefined,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const w of workloads) {
    const cost = stepCost(w.shape);
    for (const e of engines) {
      if (e.appliesTo && !e.appliesTo(w)) continue;
      const base: Row = { workload: w.id, label: w.label, engine: e.id, status: 'skipped', flopsPerStep: cost.flops, bytesPerStep: cost.bytes };
      const why = e.skip(w);
      if (why) {
        rows.push({ ...base, reason: why });
        log(`${w.label} [${e.id}]: skipped (${why})`);
        onRow(rows);
        continue;
      }
      const engine = e.make();
      try {
        const m = await measure(engine, { config: w.config, data: await data(w) }, opts);
        const perStep = rates(cost, 1);
        const row: Row = {
          ...base,
          status: 'ok',
          stepsPerRun: m.stepsPerRun,
          initSeconds: m.initSeconds,
          stepsPerSecond: m.stepsPerSecond,
          gflops: scale(m.stepsPerSecond, perStep.gflops),
          gbs: scale(m.stepsPerSecond, perStep.gbs),
        };
        if (e.peak) {
          row.shareOfPeakFlops = row.gflops!.median / e.peak.fp32Gflops;
          row.shareOfPeakBandwidth = row.gbs!.median / e.peak.memGbs;
        }
        log(`${w.label} [${e.id}]: ${m.stepsPerSecond.median.toPrecision(4)} steps/s, ${row.gflops!.median.toPrecision(4)} GFLOP/s (${m.stepsPerRun} steps × ${m.stepsPerSecond.runs} runs)`);
        if (opts.kernels && hasKernelTimings(engine)) {
          // A quarter of a timed run's steps per profiled run keeps the extra time to about a quarter.
          row.kernels = await measureKernels(engine, Math.max(1, Math.ceil(m.stepsPerRun / 4)), opts.runs, 1e6 / m.stepsPerSecond.median);
          log(`${w.label} [${e.id}]: ${kernelLine(row.kernels)}`);
        }
        rows.push(row);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        // A plan that cannot fit the adapter is a skip with the planner's reason, not a failure.
        const planRefused = /needs .* (in one binding|of GPU memory)/.test(msg);
        rows.push({ ...base, status: planRefused ? 'skipped' : 'failed', reason: msg.split('\n')[0] });
        log(`${w.label} [${e.id}]: ${planRefused ? 'skipped' : 'FAILED'} (${msg.split('\n')[0]})`);
      } finally {
        await (e.release ? e.release(engine) : engine.dispose()).catch(() => undefined);
        onRow(rows);
      }
    }
  }
  return rows;
}

function kernelLine(k: KernelBreakdown): string {
  if (k.status !== 'ok') return `kernel timings ${k.status}: ${k.reason}`;
  const parts = k.kernels!.map((r) => `${r.kernel} ${formatUs(r.perStepUs.median)}`);
  const host = k.recordingUs ? `; host recording ${formatUs(k.recordingUs.median)}` : '';
  return `GPU µs per step: ${parts.join(', ')}; Σ ${formatUs(k.kernelSumUs!.median)} of ${formatUs(k.wallUs)} wall (GPU busy ${(100 * k.busyShare!).toFixed(1)}%)${host}`;
}

/** A size rule: skip when one step's flops exceed `limit` (the row could not be timed in reasonable time). */
export function flopLimit(limit: number, why: string): (w: Workload) => string | null {
  return (w) => {
    const f = stepCost(w.shape).flops;
    return f > limit ? `${(f / 1e9).toPrecision(3)} GFLOP per step is above the ${(limit / 1e9).toPrecision(3)} GFLOP limit ${why}` : null;
  };
}

/** The GPU engine options the variants set. */
export interface VariantOptions {
  linearFused?: boolean;
  ntkTile128?: boolean;
}

/** An opt-in engine option timed beside the default path: a second row for each GPU engine, where it applies. */
export interface EngineVariant {
  /** Appended to the engine's id: "<id> <suffix>". */
  suffix: string;
  appliesTo(w: Workload): boolean;
  options: VariantOptions;
}

/**
 * The variants the flags ask for: `--fused`, "<id> fused" (GpuEngineOptions.linearFused, the fused
 * linear GD kernel) on the linear rows; `--ntk128`, "<id> ntk128" (GpuEngineOptions.ntkTile128, the
 * 128×128-tile NTK forward and backward) on the NTK rows.
 */
export function gpuVariants(flags: { fused: boolean; ntk128: boolean }): EngineVariant[] {
  const out: EngineVariant[] = [];
  if (flags.fused) out.push({ suffix: 'fused', appliesTo: (w) => w.shape.kind === 'linear', options: { linearFused: true } });
  if (flags.ntk128) out.push({ suffix: 'ntk128', appliesTo: (w) => w.shape.kind === 'ntk', options: { ntkTile128: true } });
  return out;
}

/**
 * After each GPU engine in `engines`, one twin per variant (id "<id> <suffix>", built by
 * `make(variant.options)`), with rows only for the workloads the variant applies to, so each such
 * workload gets the GPU rows side by side in one run.
 */
export function withVariantRows(engines: EngineEntry[], variants: EngineVariant[], make: (opts: VariantOptions) => EngineEntry['make']): EngineEntry[] {
  if (variants.length === 0) return engines;
  return engines.flatMap((e) => {
    if (!e.id.startsWith('gpu-')) return [e];
    const twins = variants.map((v): EngineEntry => ({ ...e, id: `${e.id} ${v.suffix}`, make: make(v.options), appliesTo: (w) => v.appliesTo(w) && (e.appliesTo?.(w) ?? true) }));
    return [e, ...twins];
  });
}
