// GPU time per kernel, from WebGPU timestamp queries: a stand-in for the compute pass the step
// encoder writes into, which gives every dispatch its own compute pass with `timestampWrites`
// (beginning and end), so the dispatches, their order and what they compute stay exactly those of
// an unprofiled step (dispatches of one pass and of successive passes see the same earlier writes).
// Each submit resolves its queries into a buffer of its own; `collect()` maps them once the work is
// done, outside any timed region. Needs the device feature 'timestamp-query' (device.ts asks for it
// only when kernel timings are wanted).

import type { GpuContext } from './device';
import { compiledPipeline, type KernelSet } from './kernels';

/** Total GPU time of one kernel (by name) over the profiled work. */
export interface KernelTime {
  kernel: string;
  dispatches: number;
  /** Σ (end − beginning) of its passes, in nanoseconds. */
  ns: number;
}

export interface KernelTimings {
  /** In the order of each kernel's first dispatch (a step's data flow). */
  kernels: KernelTime[];
  dispatches: number;
  /** First beginning to last end over all profiled dispatches: the GPU timeline the work took (ns). */
  spanNs: number;
  /**
   * The gcd of the raw timestamps in ns (of the first 512): 1 means unquantized; 65536 is Dawn's
   * `timestamp_quantization`, 100000 Chrome's 100 µs. A device tick above 1 ns also shows here.
   */
  granularityNs: number;
  /** Dispatches whose end preceded their beginning (a driver fault); they are left out of the times. */
  invalid: number;
}

export class KernelTimingsUnavailable extends Error {
  override name = 'KernelTimingsUnavailable';
}

/** Why kernel timings cannot be taken on this context, or null when they can. */
export function kernelTimingsUnavailable(ctx: Pick<GpuContext, 'timestamps'>): string | null {
  if (ctx.timestamps === 'unsupported') return 'adapter lacks timestamp-query';
  if (ctx.timestamps === 'off') return "the device was created without 'timestamp-query' (kernel timings were not asked for at launch)";
  return null;
}

/** Queries per query set: WebGPU's maximum count (2 per dispatch). */
export const QUERIES_PER_SET = 4096;

interface Segment {
  set: GPUQuerySet;
  /** Offset in the submit's resolve buffer (a multiple of 256, as resolveQuerySet needs). */
  offset: number;
  names: string[];
}

interface Pending {
  resolve: GPUBuffer;
  read: GPUBuffer;
  segments: Segment[];
}

type Pipeline = GPUComputePipeline;

export class KernelProfiler {
  private readonly names = new Map<Pipeline, string>();
  private readonly sets: GPUQuerySet[] = [];
  /** Dispatch names per query set in use since the last resolve. */
  private current: string[][] = [];
  private readonly pending: Pending[] = [];

  constructor(
    private readonly device: GPUDevice,
    kernels: Partial<KernelSet> | null,
    ctx: Pick<GpuContext, 'timestamps'> = { timestamps: device.features.has('timestamp-query') ? 'on' : 'unsupported' },
  ) {
    const why = kernelTimingsUnavailable(ctx);
    if (why) throw new KernelTimingsUnavailable(why);
    for (const k of Object.values(kernels ?? {})) {
      const pipeline = k && compiledPipeline(k);
      if (pipeline) this.names.set(pipeline, k.name);
    }
  }

  /** A pass to hand the step encoder instead of `encoder.beginComputePass()`; its `end()` is a no-op. */
  pass(encoder: GPUCommandEncoder): GPUComputePassEncoder {
    return new TimedPass(encoder, this) as unknown as GPUComputePassEncoder;
  }

  /** Where the next dispatch writes its two timestamps (opens a new query set when one is full). */
  slot(pipeline: Pipeline): { querySet: GPUQuerySet; beginningOfPassWriteIndex: number; endOfPassWriteIndex: number } {
    let i = this.current.length - 1;
    if (i < 0 || 2 * (this.current[i].length + 1) > QUERIES_PER_SET) {
      this.current.push([]);
      i++;
      if (i === this.sets.length) this.sets.push(this.device.createQuerySet({ type: 'timestamp', count: QUERIES_PER_SET, label: `kernel timings ${i}` }));
    }
    const names = this.current[i];
    const q = 2 * names.length;
    names.push(this.names.get(pipeline) ?? (pipeline.label || 'unnamed'));
    return { querySet: this.sets[i], beginningOfPassWriteIndex: q, endOfPassWriteIndex: q + 1 };
  }

  /**
   * Resolves the queries written since the last call into a buffer of this submit's own, at the end
   * of `encoder` (the submit's last). The query sets are then free for the next submit: the queue
   * runs this resolve before that submit's passes.
   */
  resolve(encoder: GPUCommandEncoder): void {
    const segments: Segment[] = [];
    let size = 0;
    this.current.forEach((names, i) => {
      if (names.length === 0) return;
      segments.push({ set: this.sets[i], offset: size, names });
      size += Math.ceil((16 * names.length) / 256) * 256;
    });
    this.current = [];
    if (segments.length === 0) return;
    const resolve = this.device.createBuffer({ size, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC, label: 'kernel timings resolve' });
    const read = this.device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: 'kernel timings read' });
    for (const s of segments) encoder.resolveQuerySet(s.set, 0, 2 * s.names.length, resolve, s.offset);
    encoder.copyBufferToBuffer(resolve, 0, read, 0, size);
    this.pending.push({ resolve, read, segments });
  }

  /** Maps every resolved submit (call once their work is done) and sums the times per kernel. */
  async collect(): Promise<KernelTimings> {
    const pending = this.pending.splice(0);
    await Promise.all(pending.map((p) => p.read.mapAsync(GPUMapMode.READ)));
    const segments: { names: string[]; stamps: BigUint64Array }[] = [];
    for (const p of pending) {
      const all = p.read.getMappedRange();
      for (const s of p.segments) segments.push({ names: s.names, stamps: new BigUint64Array(all.slice(s.offset, s.offset + 16 * s.names.length)) });
      p.read.unmap();
      p.read.destroy();
      p.resolve.destroy();
    }
    return sumTimings(segments);
  }

  destroy(): void {
    for (const p of this.pending.splice(0)) {
      p.read.destroy();
      p.resolve.destroy();
    }
    for (const s of this.sets.splice(0)) s.destroy();
  }
}

/** Per-kernel totals from the dispatch names and their (beginning, end) timestamp pairs. */
export function sumTimings(segments: { names: string[]; stamps: BigUint64Array }[]): KernelTimings {
  const by = new Map<string, KernelTime>();
  let dispatches = 0;
  let invalid = 0;
  let first: bigint | null = null;
  let last: bigint | null = null;
  let gcd = 0n;
  let seen = 0;
  for (const { names, stamps } of segments) {
    names.forEach((kernel, i) => {
      const t0 = stamps[2 * i];
      const t1 = stamps[2 * i + 1];
      dispatches++;
      let k = by.get(kernel);
      if (!k) by.set(kernel, (k = { kernel, dispatches: 0, ns: 0 }));
      k.dispatches++;
      if (t1 < t0 || t0 === 0n) {
        invalid++;
        return;
      }
      k.ns += Number(t1 - t0);
      if (first === null || t0 < first) first = t0;
      if (last === null || t1 > last) last = t1;
      for (const t of [t0, t1]) {
        if (seen++ < 512 && gcd !== 1n) gcd = bigGcd(gcd, t);
      }
    });
  }
  const span = first !== null && last !== null ? Number((last as bigint) - (first as bigint)) : 0;
  return { kernels: [...by.values()], dispatches, spanNs: span, granularityNs: Number(gcd), invalid };
}

function bigGcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * The part of GPUComputePassEncoder the step encoder uses. Pipeline and bind groups are state that
 * carries from one dispatch to the next, as in a real pass, and are set again in each dispatch's pass.
 */
class TimedPass {
  label = 'kernel timings';
  private pipeline: Pipeline | null = null;
  private readonly groups = new Map<number, { group: GPUBindGroup | null; offsets?: Iterable<number> }>();

  constructor(
    private readonly encoder: GPUCommandEncoder,
    private readonly profiler: KernelProfiler,
  ) {}

  setPipeline(pipeline: Pipeline): void {
    this.pipeline = pipeline;
  }

  setBindGroup(index: number, group: GPUBindGroup | null, offsets?: Iterable<number>): void {
    this.groups.set(index, { group, offsets });
  }

  dispatchWorkgroups(x: number, y?: number, z?: number): void {
    this.timed((p) => p.dispatchWorkgroups(x, y ?? 1, z ?? 1)); // WebGPU's defaults, not explicit undefineds (see timed)
  }

  dispatchWorkgroupsIndirect(buffer: GPUBuffer, offset: number): void {
    this.timed((p) => p.dispatchWorkgroupsIndirect(buffer, offset));
  }

  pushDebugGroup(): void {}
  popDebugGroup(): void {}
  insertDebugMarker(): void {}

  end(): void {}

  private timed(dispatch: (pass: GPUComputePassEncoder) => void): void {
    if (!this.pipeline) throw new Error('kernel timings: dispatch before setPipeline');
    const timestampWrites = this.profiler.slot(this.pipeline);
    const pass = this.encoder.beginComputePass({ timestampWrites });
    pass.setPipeline(this.pipeline);
    for (const [index, { group, offsets }] of this.groups) {
      // Never an explicit undefined for the offsets: Chrome 156 then intermittently threw "The provided
      // value cannot be converted to a sequence" once the page's code was hot (bench --kernels, after a
      // row's host-recording loop had made thousands of these calls).
      if (offsets === undefined) pass.setBindGroup(index, group);
      else pass.setBindGroup(index, group, offsets);
    }
    dispatch(pass);
    pass.end();
  }
}
