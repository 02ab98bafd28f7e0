// The GPU host page's script: GpuEngine instances that Node (RemoteGpuEngine, the GPU tests, the
// CLI) creates and drives through window.bigstepHost. All engines on the page share one device.

import type { ExperimentConfig } from '../core/config-types';
import { f32FromBase64, toBase64 } from './base64';
import { stateFromWire, stateToWire } from './wire-state';
import { acquireGpu, type GpuContext } from './device';
import { GpuEngine } from './gpu-engine';
import type { HostApi, WireAdvanceResult } from './host-api';
import { probeLosses } from './loss-probe';

let ctxPromise: Promise<GpuContext> | null = null;
const engines = new Map<number, GpuEngine>();
let nextId = 1;

function context(): Promise<GpuContext> {
  // `?timestamps` in the page's URL (launchBrowser's kernelTimings): the device gets 'timestamp-query'.
  ctxPromise ??= acquireGpu(undefined, { timestamps: new URLSearchParams(location.search).has('timestamps') }).then((ctx) => {
    // After a device loss the next engine gets a fresh device; the lost one keeps failing loudly.
    void ctx.device.lost.then(() => (ctxPromise = null));
    return ctx;
  });
  // A failed acquisition is not cached: the next call tries again and reports its own reason.
  ctxPromise.catch(() => (ctxPromise = null));
  return ctxPromise;
}

function engine(id: number): GpuEngine {
  const e = engines.get(id);
  if (!e) throw new Error(`no GPU engine with id ${id}`);
  return e;
}

const api: HostApi = {
  async probe() {
    const ctx = await context();
    return { adapter: ctx.adapterInfo, limits: ctx.limits, userAgent: navigator.userAgent, timestamps: ctx.timestamps };
  },
  create(opts) {
    const id = nextId++;
    engines.set(id, new GpuEngine({ ...opts, getContext: context }));
    return id;
  },
  async init(id, configJson, data) {
    const e = engine(id);
    const config = JSON.parse(configJson) as ExperimentConfig;
    await e.init({
      config,
      data: {
        name: data.name,
        n: data.n,
        d: data.d,
        x: Float64Array.from(f32FromBase64(data.x)),
        y: Float64Array.from(f32FromBase64(data.y)),
        ...(data.classes !== undefined && data.labels !== undefined
          ? { classes: data.classes, labels: Uint8Array.from(f32FromBase64(data.labels)) }
          : {}),
      },
    });
    return e.info;
  },
  async advance(id, steps, records) {
    const r = await engine(id).advance(steps, records);
    const wire: WireAdvanceResult = {
      startStep: r.startStep,
      steps: r.steps,
      stepLoss: toBase64(r.stepLoss),
      records: r.records.map((rec) => ({
        step: rec.step,
        values: Object.fromEntries(Object.entries(rec.values).map(([k, v]) => [k, toBase64(v)])),
      })),
      status: r.status,
      divergedAt: r.divergedAt,
    };
    return wire;
  },
  async readState(id) {
    return stateToWire(await engine(id).readState());
  },
  async writeState(id, s) {
    await engine(id).writeState(stateFromWire(s));
  },
  async dispose(id) {
    await engine(id).dispose();
    engines.delete(id);
  },
  profile(id, reps) {
    return engine(id).profileStages(reps);
  },
  beginKernelTimings(id) {
    engine(id).beginKernelTimings();
  },
  endKernelTimings(id) {
    return engine(id).endKernelTimings();
  },
  recordingUs(id, steps) {
    return engine(id).recordingUs(steps);
  },
  async probeLosses(loss, zs) {
    return toBase64(await probeLosses(await context(), loss, f32FromBase64(zs)));
  },
  async loseDevice() {
    (await context()).device.destroy();
  },
  plan(id) {
    return engine(id).memoryPlan;
  },
};

window.bigstepHost = api;
