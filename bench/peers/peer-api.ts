// The peers' side of a comparison, wherever WebGPU lives (a Chrome page, or Node with Dawn):
// start TensorFlow.js's and jax-js's backends (WebGPU; and on the CPU, WebAssembly and TF.js's
// plain-JS cpu backend), and run N steps of a problem (L(w_N) for the agreement check), then timed
// runs. Each run selects its backend (TF.js's is global, jax-js's default device too).

import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { init as jaxInit, defaultDevice } from '@jax-js/jax';
import { decode } from './host-arrays';
import { jaxStepper } from './jax-steps';
import type { PeerStepper } from './stepper';
import { tfjsStepper } from './tfjs-steps';
import type { PeerName, PeersApi } from './wire';

const why = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Each peer's library and backend (TF.js) or device (jax-js). */
const BACKEND: Record<PeerName, { lib: 'tfjs' | 'jax'; backend: 'webgpu' | 'wasm' | 'cpu' }> = {
  tfjs: { lib: 'tfjs', backend: 'webgpu' },
  jax: { lib: 'jax', backend: 'webgpu' },
  'jax-wasm': { lib: 'jax', backend: 'wasm' },
  'tfjs-wasm': { lib: 'tfjs', backend: 'wasm' },
  'tfjs-cpu': { lib: 'tfjs', backend: 'cpu' },
};

async function select(peer: PeerName): Promise<void> {
  const { lib, backend } = BACKEND[peer];
  if (lib === 'jax') {
    defaultDevice(backend as 'webgpu' | 'wasm');
    return;
  }
  // Registered here rather than by a bare import, which bundlers may drop (the package marks its
  // Node entry free of side effects).
  if (backend === 'cpu' && !tf.findBackendFactory('cpu')) tf.registerBackend('cpu', () => new MathBackendCPU());
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend("${backend}") returned false`);
  await tf.ready();
}

/** `wasmPaths`: the folder with TF.js's .wasm files (from its npm package), for the tfjs-wasm peer. */
export function createPeersApi(wasmPaths?: string): PeersApi {
  if (wasmPaths) setWasmPaths(wasmPaths);
  return {
    async init(peers) {
      const out: Partial<Record<PeerName, string | null>> = {};
      for (const peer of peers) {
        const { lib, backend } = BACKEND[peer];
        try {
          if (lib === 'jax') {
            const got = await jaxInit(backend as 'webgpu' | 'wasm');
            if (!got.includes(backend as 'webgpu' | 'wasm')) throw new Error(`jax-js init found devices [${got.join(', ')}], not ${backend}`);
          }
          await select(peer);
          out[peer] = null;
        } catch (err) {
          out[peer] = `${lib === 'jax' ? 'jax-js' : 'TensorFlow.js'} ${backend} backend did not start: ${why(err)}`;
        }
      }
      return out;
    },
    async run(peer, problem, agreeSteps, maxSteps, runs, targetSeconds) {
      await select(peer);
      const h = decode(problem);
      const s: PeerStepper = BACKEND[peer].lib === 'tfjs' ? tfjsStepper(h) : jaxStepper(h);
      try {
        // L(w_N) from w_0 (this also warms up: shaders compiled, buffers allocated).
        s.reset();
        for (let t = 0; t < agreeSteps; t++) s.step();
        const lossAfter = await s.loss();
        // Steps per timed run: grown from 1 until a run lasts about targetSeconds (at most maxSteps),
        // so a much slower peer still finishes in bounded time.
        let steps = 1;
        for (;;) {
          const t0 = performance.now();
          for (let t = 0; t < steps; t++) s.step();
          await s.sync();
          const dt = (performance.now() - t0) / 1000;
          if (dt >= targetSeconds / 2 || steps >= maxSteps) break;
          steps = Math.min(maxSteps, Math.max(steps + 1, Math.min(8 * steps, Math.ceil((steps * targetSeconds) / Math.max(dt, 1e-6)))));
        }
        const stepsPerSecond: number[] = [];
        for (let r = 0; r < runs; r++) {
          const t0 = performance.now();
          for (let t = 0; t < steps; t++) s.step();
          await s.sync();
          stepsPerSecond.push(steps / ((performance.now() - t0) / 1000));
        }
        return { lossAfter, stepsPerSecond, steps };
      } finally {
        s.dispose();
      }
    },
  };
}
