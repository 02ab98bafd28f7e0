// The GPU host page's script: the WebGPU engines that Node (RemoteGpuEngine, the GPU tests, the
// CLI) creates and drives through window.bigstepHost. Each init picks the engine for the config's
// model through the GPU backend (backend.ts); all engines on the page share one device.

import type { ExperimentConfig } from '../core/config-types';
import type { Engine } from '../core/engine';
import { isBatchLimited } from '../core/engine';
import { engineFor } from '../sweep/backend';
import { gpuBackend } from './backend';
import { f32FromBase64, toBase64 } from './base64';
import { stateFromWire, stateToWire } from './wire-state';
import { acquireGpu, type GpuContext } from './device';
import { GpuEngine } from './gpu-engine';
import type { HostApi, WireAdvanceResult, WireEngineOptions } from './host-api';
import { probeLosses } from './loss-probe';
import { MlpGpuEngine } from './mlp-engine';

let ctxPromise: Promise<GpuContext> | null = null;
/** Per id: the options it was created with, and its engine once init() picked one. */
const engines = new Map<number, { opts: WireEngineOptions; engine: Engine | null }>();
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

function slot(id: number): { opts: WireEngineOptions; engine: Engine | null } {
  const s = engines.get(id);
  if (!s) throw new Error(`no GPU engine with id ${id}`);
  return s;
}

function engine(id: number): Engine {
  const e = slot(id).engine;
  if (!e) throw new Error(`GPU engine ${id}: call init() first`);
  return e;
}

/** The linear/NTK engine of `id`, for the diagnostics only it has; `refusal` when it runs the MLP. */
function linearOrNtk(id: number, refusal: string): GpuEngine {
  const e = engine(id);
  if (!(e instanceof GpuEngine)) throw new Error(refusal);
  return e;
}

function backend(opts: WireEngineOptions) {
  return gpuBackend({ ...opts, getContext: context });
}

const api: HostApi = {
  async probe() {
    const ctx = await context();
    return { adapter: ctx.adapterInfo, limits: ctx.limits, userAgent: navigator.userAgent, timestamps: ctx.timestamps };
  },
  create(opts) {
    const id = nextId++;
    engines.set(id, { opts, engine: null });
    return id;
  },
  async init(id, configJson, data) {
    const s = slot(id);
    const config = JSON.parse(configJson) as ExperimentConfig;
    await s.engine?.dispose();
    const e = (s.engine = engineFor(backend(s.opts), config));
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
  async batchFit(opts, configJson, dims) {
    const config = JSON.parse(configJson) as ExperimentConfig;
    const e = engineFor(backend(opts), config);
    return isBatchLimited(e) ? e.batchFit(config, dims) : { etas: config.etas.length };
  },
  async dispose(id) {
    await slot(id).engine?.dispose();
    engines.delete(id);
  },
  profile(id, reps) {
    const e = engine(id);
    return e instanceof MlpGpuEngine ? e.profile(reps) : linearOrNtk(id, 'profile: not implemented for this engine').profileStages(reps);
  },
  beginKernelTimings(id) {
    linearOrNtk(id, 'kernel timings: not implemented for the mlp model').beginKernelTimings();
  },
  endKernelTimings(id) {
    return linearOrNtk(id, 'kernel timings: not implemented for the mlp model').endKernelTimings();
  },
  recordingUs(id, steps) {
    return linearOrNtk(id, 'recordingUs: the MLP engine records its own passes (not measured)').recordingUs(steps);
  },
  async probeLosses(loss, zs) {
    return toBase64(await probeLosses(await context(), loss, f32FromBase64(zs)));
  },
  async loseDevice() {
    (await context()).device.destroy();
  },
  plan(id) {
    return linearOrNtk(id, 'plan: the MLP engine is planned by planMlpMemory (no MemoryPlan)').memoryPlan;
  },
};

window.bigstepHost = api;
