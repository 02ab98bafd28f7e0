// The peers' side of a comparison, wherever WebGPU lives (a Chrome page, or Node with Dawn):
// start TensorFlow.js's WebGPU backend and jax-js's WebGPU device, and run N steps of a problem
// (L(w_N) for the agreement check), then timed runs.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { init as jaxInit, defaultDevice } from '@jax-js/jax';
import { decode } from './host-arrays';
import { jaxStepper } from './jax-steps';
import type { PeerStepper } from './stepper';
import { tfjsStepper } from './tfjs-steps';
import type { PeerName, PeersApi } from './wire';

const why = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createPeersApi(): PeersApi {
  return {
    async init() {
      const out: Record<PeerName, string | null> = { tfjs: null, jax: null };
      try {
        if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend("webgpu") returned false');
        await tf.ready();
      } catch (err) {
        out.tfjs = `TensorFlow.js WebGPU backend did not start: ${why(err)}`;
      }
      try {
        const got = await jaxInit('webgpu');
        if (!got.includes('webgpu')) throw new Error(`jax-js init found devices [${got.join(', ')}], not webgpu`);
        defaultDevice('webgpu');
      } catch (err) {
        out.jax = `jax-js WebGPU device did not start: ${why(err)}`;
      }
      return out;
    },
    async run(peer, problem, agreeSteps, maxSteps, runs, targetSeconds) {
      const h = decode(problem);
      const s: PeerStepper = peer === 'tfjs' ? tfjsStepper(h) : jaxStepper(h);
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
