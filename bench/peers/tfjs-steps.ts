// TensorFlow.js (WebGPU backend) doing bigstep's GD steps with its own ops: logistic regression for
// K stepsizes as two matrix products per step, and the NTK network's forward and backward written
// out (batched over the K runs). Gradients are written by hand, as bigstep's are, rather than taken
// by tf.grad, so the two do the same arithmetic.

import * as tf from '@tensorflow/tfjs-core';
import type { Host } from './host-arrays';
import type { PeerStepper } from './stepper';

type T = tf.Tensor;

export function tfjsStepper(h: Host): PeerStepper {
  const { n, d, m, K } = h;
  const X = tf.tensor2d(h.x, [n, d]);
  const etas = tf.tensor1d(Float32Array.from(h.etas));
  // ℓ(z) = log(1 + e^−z), ℓ′(z) = −σ(−z): c_i = y_i ℓ′(z_i) / n.
  const coef = (z: T, y: T): T => tf.div(tf.mul(tf.neg(tf.sigmoid(tf.neg(z))), y), n);
  const meanLoss = (z: T, axis: number): T => tf.mean(tf.softplus(tf.neg(z)), axis);
  let W: T | null = null;
  let forward: () => { P: T | null; z: T };
  let update: (P: T | null, z: T) => T;
  let reset: () => void;
  const keep: T[] = [X, etas];

  if (h.kind === 'linear') {
    const Y = tf.tensor2d(h.y, [n, 1]);
    const E = tf.reshape(etas, [1, K]);
    keep.push(Y, E);
    reset = () => {
      W = tf.tidy(() => tf.tile(tf.tensor2d(h.w0, [d, 1]), [1, K]));
    };
    forward = () => ({ P: null, z: tf.mul(tf.matMul(X, W!), Y) }); // n×K
    update = (_P, z) => tf.sub(W!, tf.mul(tf.matMul(X, coef(z, Y), true, false), E)); // W − η ∘ Xᵀc
  } else {
    const X3 = tf.tile(tf.expandDims(X, 0), [K, 1, 1]); // K×n×d
    const Acol = tf.tile(tf.tensor3d(h.a, [1, m, 1]), [K, 1, 1]); // a_s/√m
    const Arow = tf.reshape(Acol, [K, 1, m]);
    const Y = tf.tensor2d(h.y, [1, n]);
    const E = tf.reshape(etas, [K, 1, 1]);
    keep.push(X3, Acol, Arow, Y, E);
    reset = () => {
      W = tf.tidy(() => tf.tile(tf.tensor3d(h.w0, [1, m, d]), [K, 1, 1]));
    };
    forward = () => {
      const P = tf.matMul(X3, W!, false, true); // K×n×m
      const f = tf.reshape(tf.matMul(tf.relu(P), Acol), [K, n]);
      return { P, z: tf.mul(f, Y) };
    };
    update = (P, z) => {
      const D = tf.mul(tf.mul(tf.step(P!), Arow), tf.reshape(coef(z, Y), [K, n, 1])); // K×n×m
      return tf.sub(W!, tf.mul(tf.matMul(D, X3, true, false), E)); // K×m×d
    };
  }
  const lossAxis = h.kind === 'linear' ? 0 : 1;
  return {
    reset() {
      W?.dispose();
      reset();
    },
    step() {
      const next = tf.tidy(() => {
        const { P, z } = forward();
        return update(P, z);
      });
      W!.dispose();
      W = next;
    },
    async sync() {
      const one = tf.tidy(() => tf.slice(tf.reshape(W!, [-1]), [0], [1]));
      await one.data();
      one.dispose();
    },
    async loss() {
      const l = tf.tidy(() => meanLoss(forward().z, lossAxis));
      const out = Array.from(await l.data(), Number);
      l.dispose();
      return out;
    },
    dispose: () => tf.dispose([...keep, ...(W ? [W] : [])]),
  };
}
