// A worker of the fast CPU engine: owns one slice of the parameters for every run and does that
// slice's share of each forward and backward phase when the main thread bumps the generation word.
// Float64 throughout, in the reference engine's order of operations where it matters, so the two
// agree to rounding.

import { parentPort, workerData } from 'node:worker_threads';
import { CMD, CTRL, slice, type WorkerInit } from './parallel-layout';

const { problem: p, index } = workerData as WorkerInit;
const { kind, n, d, m, K, threads } = p;
const x = new Float64Array(p.x);
const w = new Float64Array(p.w);
const partial = new Float64Array(p.partial);
const coef = new Float64Array(p.coef);
const eta = new Float64Array(p.eta);
const a = new Float64Array(p.a);
const ctrl = new Int32Array(p.ctrl);
const P = kind === 'linear' ? d : m * d;
const [lo, hi] = slice(kind === 'linear' ? d : m, threads, index);
// NTK: the activation pattern 1[x_i·w_s > 0] of the forward pass, reused by the backward pass.
const active = kind === 'ntk' ? new Uint8Array(K * n * (hi - lo)) : new Uint8Array(0);

// Loop orders keep the big operand in cache: the linear model reads each sample once for all K
// runs; the NTK network takes samples in blocks of IB against each neuron (forward) and neurons in
// blocks of SB against each sample (backward), so W and X stream from memory IB or SB times less.
const IB = 8;
const SB = 8;
const width = hi - lo;
const gk = new Float64Array(kind === 'linear' ? K * width : SB * d);

function forward(): void {
  if (kind === 'linear') {
    for (let i = 0; i < n; i++) {
      const xi = i * d;
      for (let k = 0; k < K; k++) {
        const wk = k * P;
        let s = 0;
        for (let j = lo; j < hi; j++) s += x[xi + j] * w[wk + j];
        partial[(index * K + k) * n + i] = s;
      }
    }
    return;
  }
  for (let k = 0; k < K; k++) {
    const out = (index * K + k) * n;
    const wk = k * P;
    for (let i = 0; i < n; i++) partial[out + i] = 0;
    for (let i0 = 0; i0 < n; i0 += IB) {
      const i1 = Math.min(n, i0 + IB);
      for (let s = lo; s < hi; s++) {
        const ws = wk + s * d;
        for (let i = i0; i < i1; i++) {
          const xi = i * d;
          let pre = 0;
          for (let j = 0; j < d; j++) pre += x[xi + j] * w[ws + j];
          const on = pre > 0;
          active[(k * n + i) * width + s - lo] = on ? 1 : 0;
          if (on) partial[out + i] += a[s] * pre;
        }
      }
    }
  }
}

function backward(): void {
  if (kind === 'linear') {
    gk.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = i * d;
      for (let k = 0; k < K; k++) {
        const c = coef[k * n + i];
        if (c === 0 || eta[k] === 0) continue;
        const gb = k * width - lo;
        for (let j = lo; j < hi; j++) gk[gb + j] += c * x[xi + j];
      }
    }
    for (let k = 0; k < K; k++) {
      const e = eta[k];
      if (e === 0) continue;
      const wk = k * P;
      const gb = k * width - lo;
      for (let j = lo; j < hi; j++) w[wk + j] -= e * gk[gb + j];
    }
    return;
  }
  for (let k = 0; k < K; k++) {
    const e = eta[k];
    if (e === 0) continue;
    const ck = k * n;
    const wk = k * P;
    for (let s0 = lo; s0 < hi; s0 += SB) {
      const s1 = Math.min(hi, s0 + SB);
      gk.fill(0);
      for (let i = 0; i < n; i++) {
        const c = coef[ck + i];
        if (c === 0) continue;
        const xi = i * d;
        const mask = (k * n + i) * width - lo;
        for (let s = s0; s < s1; s++) {
          if (active[mask + s] === 0) continue;
          const v = c * a[s];
          const gb = (s - s0) * d;
          for (let j = 0; j < d; j++) gk[gb + j] += v * x[xi + j];
        }
      }
      for (let s = s0; s < s1; s++) {
        const ws = wk + s * d;
        const gb = (s - s0) * d;
        for (let j = 0; j < d; j++) w[ws + j] -= e * gk[gb + j];
      }
    }
  }
}

let generation = 0;
parentPort?.postMessage('ready');
for (;;) {
  // Wait until the generation has moved, not merely until Atomics.wait returns: Node 20 (V8 11.3)
  // sometimes returns 'ok' with the word unchanged (twice in 300 engines of 60 phases each, under
  // load), and running the last command again applied an update twice and left the done count one
  // ahead, so results went wrong from that step on or the main thread waited forever.
  let next = Atomics.load(ctrl, CTRL.generation);
  while (next === generation) {
    Atomics.wait(ctrl, CTRL.generation, generation);
    next = Atomics.load(ctrl, CTRL.generation);
  }
  generation = next;
  const cmd = Atomics.load(ctrl, CTRL.command);
  if (cmd === CMD.exit) break;
  if (cmd === CMD.forward) forward();
  else if (cmd === CMD.backward) backward();
  if (Atomics.add(ctrl, CTRL.done, 1) + 1 === threads) Atomics.notify(ctrl, CTRL.done);
}
parentPort?.close();
