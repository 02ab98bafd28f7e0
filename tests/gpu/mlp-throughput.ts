// Steps per second of the MLP on the GPU engine, on whatever adapter headless Chrome finds (not a
// test: `npx tsx tests/gpu/mlp-throughput.ts [rounds] [steps] [tiny|small]`). Two sizes: a tiny network, where the
// fixed cost per chunk of steps (submit, readback, parsing) shows, and a small one where the kernels
// dominate. Each round advances `steps` steps with the loss recorded every step; prints the median
// and the range over the rounds.

import { parseConfig } from '../../src/core/config';
import { launchBrowser, type BrowserSession } from '../../src/node/browser';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import { gaussianData } from './helpers';

interface Size {
  label: string;
  n: number;
  d: number;
  widths: number[];
  K: number;
}

const SIZES: Size[] = [
  { label: 'tiny  n=16 d=4 widths=[8] K=2', n: 16, d: 4, widths: [8], K: 2 },
  { label: 'small n=64 d=16 widths=[32,32] K=4', n: 64, d: 16, widths: [32, 32], K: 4 },
];

async function measure(session: BrowserSession, s: Size, rounds: number, steps: number): Promise<void> {
  const config = parseConfig({
    data: { kind: 'toy' },
    model: { kind: 'mlp', widths: s.widths, activation: 'tanh', bias: true, initSeed: 1 },
    etas: [0.01, 0.02, 0.04, 0.08].slice(0, s.K),
    steps: 1,
    metrics: ['loss'],
  });
  const engine = new RemoteGpuEngine(session);
  await engine.init({ config, data: gaussianData(s.n, s.d, 1) });
  await engine.advance(2, []); // warm-up: pipelines, first submit
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    await engine.advance(steps, [{ offset: steps, metrics: ['loss'] }]);
    rates.push(steps / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  const med = rates[Math.floor(rates.length / 2)];
  console.log(`${s.label}: median ${med.toPrecision(4)} steps/s over ${rounds} rounds of ${steps} steps (min ${rates[0].toPrecision(4)}, max ${rates[rates.length - 1].toPrecision(4)})`);
  await engine.dispose();
}

const rounds = Number(process.argv[2] ?? 5);
const steps = Number(process.argv[3] ?? 400);
const only = process.argv[4];
const session = await launchBrowser({ log: () => undefined });
try {
  for (const s of SIZES.filter((x) => !only || x.label.startsWith(only))) await measure(session, s, rounds, steps);
} finally {
  await session.close();
}
