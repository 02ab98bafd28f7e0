// jax-js (WebGPU device) doing bigstep's GD steps: the same hand-written gradients as the TF.js
// peer, inside jit so jax-js can fuse the elementwise work into its kernels, which is how its
// authors mean it to be used. jax-js arrays are reference-counted: every call consumes its
// arguments, so an array used again is passed as `.ref`.

import { jit, nn, numpy as np } from '@jax-js/jax';
import type { Host } from './host-arrays';
import type { PeerStepper } from './stepper';

type A = np.Array;

export function jaxStepper(h: Host): PeerStepper {
  const { n, d, m, K } = h;
  const X = np.array(h.x).reshape([n, d]);
  const etas = np.array(Float32Array.from(h.etas));
  let W: A | null = null;
  // c_i = y_i ℓ′(z_i)/n with ℓ′(z) = −σ(−z).
  const coef = (z: A, y: A): A => nn.sigmoid(z.neg()).neg().mul(y).div(n);

  if (h.kind === 'linear') {
    const Y = np.array(h.y).reshape([n, 1]);
    const E = etas.reshape([1, K]);
    const step = jit((w: A, x: A, y: A, e: A): A => {
      const z = np.matmul(x.ref, w.ref).mul(y.ref); // n×K
      const G = np.matmul(x.transpose(), coef(z, y)); // d×K
      return w.sub(G.mul(e));
    });
    const loss = jit((w: A, x: A, y: A): A => nn.softplus(np.matmul(x, w).mul(y).neg()).mean(0));
    return {
      reset() {
        W?.dispose();
        W = np.tile(np.array(h.w0).reshape([d, 1]), [1, K]);
      },
      step() {
        W = step(W!, X.ref, Y.ref, E.ref);
      },
      async sync() {
        await W!.blockUntilReady();
      },
      async loss() {
        return Array.from(await loss(W!.ref, X.ref, Y.ref).data());
      },
      dispose() {
        for (const a of [X, Y, E, W]) a?.dispose();
      },
    };
  }
  const Y = np.array(h.y).reshape([1, n]);
  const Acol = np.array(h.a).reshape([m, 1]); // a_s/√m
  const E = etas.reshape([K, 1, 1]);
  // X enters the batched products as 1×n×d: jax-js 0.1.25 broadcasts a 2-D operand against a batch
  // wrongly ((n×d)·(1×d×m) came out n×1×m), and its einsum needs iterator helpers that Node 20 lacks.
  const forward = (w: A, x: A, a: A, y: A): { P: A; z: A } => {
    const P = np.matmul(x.reshape([1, n, d]), w.transpose([0, 2, 1])); // K×n×m pre-activations
    const f = np.matmul(nn.relu(P.ref), a).reshape([K, n]);
    return { P, z: f.mul(y) };
  };
  const step = jit((w: A, x: A, a: A, y: A, e: A): A => {
    const { P, z } = forward(w.ref, x.ref, a.ref, y.ref);
    const c = coef(z, y); // K×n
    const D = P.greater(0).astype(np.float32).mul(a.reshape([1, 1, m])).mul(c.reshape([K, n, 1])); // K×n×m
    const G = np.matmul(D.transpose([0, 2, 1]), x.reshape([1, n, d])); // K×m×d
    return w.sub(G.mul(e));
  });
  const loss = jit((w: A, x: A, a: A, y: A): A => {
    const { P, z } = forward(w, x, a, y);
    P.dispose();
    return nn.softplus(z.neg()).mean(1);
  });
  return {
    reset() {
      W?.dispose();
      W = np.tile(np.array(h.w0).reshape([1, m, d]), [K, 1, 1]);
    },
    step() {
      W = step(W!, X.ref, Acol.ref, Y.ref, E.ref);
    },
    async sync() {
      await W!.blockUntilReady();
    },
    async loss() {
      return Array.from(await loss(W!.ref, X.ref, Acol.ref, Y.ref).data());
    },
    dispose() {
      for (const a of [X, Y, Acol, E, W]) a?.dispose();
    },
  };
}
