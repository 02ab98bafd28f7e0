// bigstep's fast CPU engine (Node, every core; float64 and float32) against the peers' CPU backends
// (jax-js and TF.js on WebAssembly, TF.js's cpu backend; in Chrome on the same machine), on the
// linear rows of the goal. The loss check is the GPU comparison's (L(w_N) within 1e-3). On a
// shared machine the candidates are interleaved: each round times every bigstep engine once, then
// each peer once, so a burst of others' load falls on all of them; the figures are medians over the
// rounds.

import type { Dataset } from '../../src/core/data/dataset';
import type { Engine } from '../../src/core/engine';
import { maxRelDiff } from '../agreement';
import { lossAfter, measure } from '../measure';
import type { PeerRow } from '../report';
import { summarize } from '../stats';
import { linearWorkload, ntkWorkload, type Workload } from '../workloads';
import { message, timedPeerRow } from './compare';
import { toProblem } from './problem';
import { CPU_PEERS, type PeerName, type PeersApi } from './wire';

/** The goal's rows (linear MNIST 0/8, n = 1000, K = 4, 8, 64), and in a full run one NTK row (m = 10³). */
export function cpuPeerWorkloads(quick: boolean): Workload[] {
  const rows = [4, 8, 64].map(linearWorkload);
  if (!quick) rows.push(ntkWorkload(196, 1000, 1));
  return rows;
}

export interface CpuCompareOptions {
  quick: boolean;
  /** Rounds (each one timed run of every candidate). */
  runs: number;
}

export interface CpuEngineEntry {
  id: string;
  make: () => Engine;
}

export async function compareCpuPeers(
  workloads: Workload[],
  bigsteps: CpuEngineEntry[],
  peers: PeersApi,
  data: (w: Workload) => Promise<Dataset>,
  opts: CpuCompareOptions,
  log: (s: string) => void,
): Promise<PeerRow[]> {
  const rows: PeerRow[] = [];
  const broken = await peers.init(CPU_PEERS);
  const target = opts.quick ? 0.3 : 1;
  const live = CPU_PEERS.filter((p) => !broken[p]);
  for (const w of workloads) {
    const problem = { config: w.config, data: await data(w) };
    const agreeSteps = w.shape.kind === 'linear' ? 10 : 3;
    for (const b of bigsteps) for (const p of CPU_PEERS.filter((q) => broken[q])) rows.push({ workload: w.id, bigstep: b.id, peer: p, status: 'skipped', reason: broken[p]! });
    const engines = bigsteps.map((b) => ({ ...b, engine: b.make(), loss: [] as number[], steps: 0, rates: [] as number[] }));
    try {
      for (const e of engines) {
        e.loss = await lossAfter(e.engine, problem, agreeSteps);
        e.steps = (await measure(e.engine, problem, { runs: 1, targetSeconds: target, maxSteps: 10_000 })).stepsPerRun;
      }
      // The peers run as many steps per timed run as the fastest bigstep engine at most.
      const maxSteps = Math.max(...engines.map((e) => e.steps));
      const wire = toProblem(w, problem.data);
      const rates = new Map<PeerName, number[]>(live.map((p) => [p, []]));
      const first = new Map<PeerName, { loss: number[]; steps: number }>();
      const failed = new Map<PeerName, string>();
      for (let round = 0; round < opts.runs; round++) {
        for (const e of engines) {
          const t = performance.now();
          await e.engine.advance(e.steps, []);
          e.rates.push(e.steps / ((performance.now() - t) / 1000));
        }
        for (const p of live) {
          if (failed.has(p)) continue;
          try {
            // The first round checks L(w_N); later ones skip it (0 steps) and only time.
            const r = await peers.run(p, wire, round === 0 ? agreeSteps : 0, maxSteps, 1, target);
            if (round === 0) first.set(p, { loss: r.lossAfter, steps: r.steps });
            rates.get(p)!.push(r.stepsPerSecond[0]);
          } catch (err) {
            failed.set(p, message(err));
          }
        }
      }
      for (const e of engines) {
        const bigMedian = summarize(e.rates).median;
        for (const p of live) {
          if (failed.has(p)) {
            rows.push({ workload: w.id, bigstep: e.id, peer: p, status: 'failed', reason: failed.get(p)! });
            log(`[cpu peers] ${w.label} ${p}: FAILED (${failed.get(p)})`);
            continue;
          }
          const diff = maxRelDiff(first.get(p)!.loss, e.loss);
          const row = timedPeerRow(w.id, e.id, p, first.get(p)!.steps, bigMedian, rates.get(p)!, diff);
          rows.push(row);
          log(`[cpu peers] ${w.label} ${e.id} vs ${p}: ${bigMedian.toPrecision(4)} vs ${row.peerStepsPerSecond!.toPrecision(4)} steps/s (×${row.ratio!.toPrecision(3)}), L(w_${agreeSteps}) rel. diff ${diff.toExponential(1)}`);
        }
      }
    } catch (err) {
      for (const e of engines) for (const p of live) rows.push({ workload: w.id, bigstep: e.id, peer: p, status: 'failed', reason: `bigstep: ${message(err)}` });
    } finally {
      for (const e of engines) await e.engine.dispose().catch(() => undefined);
    }
  }
  return rows;
}
