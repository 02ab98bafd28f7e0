// The fast CPU engine (worker_threads) against the float64 reference: same per-step losses and
// weights, to rounding, for the linear model and the NTK network, with several workers.
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import type { Engine } from '../../src/core/engine';
import { ParallelCpuEngine } from '../../src/cpu/parallel-engine';
import { CTRL } from '../../src/cpu/parallel-layout';
import { CpuEngine } from '../../src/cpu/reference-engine';
import { smallData } from './helpers';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.dispose()));
});

async function compare(model: Record<string, unknown>, etas: number[], threads: number): Promise<void> {
  const data = smallData(37, 9, 5); // n and m not multiples of the workers' block sizes (8)
  const config = parseConfig({ data: { kind: 'synthetic', n: 37, d: 9, margin: 0.1, seed: 5 }, model, etas, steps: 30, metrics: ['loss', 'accuracy'] });
  const ref = new CpuEngine();
  const par = new ParallelCpuEngine({ threads });
  engines.push(ref, par);
  await ref.init({ config, data });
  await par.init({ config, data });
  const rec = [{ offset: 30, metrics: ['loss' as const, 'accuracy' as const] }];
  const a = await ref.advance(30, rec);
  const b = await par.advance(30, rec);
  expect(b.status).toEqual(a.status);
  for (let q = 0; q < a.stepLoss.length; q++) expect(b.stepLoss[q]).toBeCloseTo(a.stepLoss[q], 12);
  for (const m of ['loss', 'accuracy'] as const) {
    for (let k = 0; k < etas.length; k++) expect(b.records[0].values[m]![k]).toBeCloseTo(a.records[0].values[m]![k], 12);
  }
  const [sa, sb] = [await ref.readState(), await par.readState()];
  for (let k = 0; k < etas.length; k++) {
    const err = Math.max(...Array.from(sa.weights[k], (v, j) => Math.abs(v - sb.weights[k][j])));
    expect(err).toBeLessThan(1e-10);
  }
}

describe('ParallelCpuEngine (worker_threads)', () => {
  it('matches the reference on the linear model, K = 3, 4 workers', () => compare({ kind: 'linear' }, [0.5, 2, 8], 4));
  it('matches the reference on the NTK network, m = 26, K = 2, 3 workers', () => compare({ kind: 'ntk', width: 26 }, [1, 4], 3));
  // Node 20 sometimes returns from Atomics.wait with 'ok' and the word unchanged (about twice in
  // 300 engines under load); a worker that took that for a new command ran its last phase again.
  // Waking the idle workers on purpose, with no new command, must change nothing.
  it('ignores wake-ups that bring no new command', async () => {
    const data = smallData(37, 9, 5);
    const config = parseConfig({ data: { kind: 'synthetic', n: 37, d: 9, margin: 0.1, seed: 5 }, etas: [0.5, 2, 8], steps: 20 });
    const ref = new CpuEngine();
    const par = new ParallelCpuEngine({ threads: 4 });
    engines.push(ref, par);
    await ref.init({ config, data });
    await par.init({ config, data });
    await par.advance(10, []);
    const ctrl = (par as unknown as { ctrl: Int32Array }).ctrl; // the generation word the workers wait on
    for (let i = 0; i < 20; i++) {
      Atomics.notify(ctrl, CTRL.generation);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const b = await par.advance(10, []);
    const a = (await ref.advance(20, [])).stepLoss.subarray(30);
    for (let q = 0; q < a.length; q++) expect(b.stepLoss[q]).toBeCloseTo(a[q], 12);
  });
  it('refuses what it does not implement, with a message', async () => {
    const data = smallData();
    const par = new ParallelCpuEngine({ threads: 2 });
    engines.push(par);
    const sgd = parseConfig({ data: { kind: 'toy' }, etas: [1], steps: 1, optimizer: { kind: 'sgd', orderSeed: 1 } });
    await expect(par.init({ config: sgd, data })).rejects.toThrow(/GD/);
    await par.init({ config: parseConfig({ data: { kind: 'toy' }, etas: [1], steps: 1 }), data });
    await expect(par.advance(1, [{ offset: 1, metrics: ['loss', 'sharpness'] }])).rejects.toThrow(/sharpness/);
  });
});
