// bigstep against the peers on the same problems: L(w_N) after N steps is compared first (within
// 1e-3 relative, else the timing is not of the same work), then steps/s with the same step count
// per run as bigstep at most (fewer when a slower peer would take too long); the figure is
// bigstep / peer. The peers are reached through a PeersApi: a Chrome page
// (run-peers.ts) or the Node process itself on Dawn (bench/node-run.ts).

import type { Dataset } from '../../src/core/data/dataset';
import type { Engine } from '../../src/core/engine';
import { maxRelDiff } from '../agreement';
import { lossAfter, measure } from '../measure';
import type { PeerRow } from '../report';
import { summarize } from '../stats';
import type { Workload } from '../workloads';
import { toProblem } from './problem';
import { GPU_PEERS as PEERS, type PeersApi } from './wire';

export const TOLERANCE = 1e-3;

export interface CompareOptions {
  quick: boolean;
  runs: number;
}

async function timeFixed(engine: Engine, steps: number, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    await engine.advance(steps, []);
    out.push(steps / ((performance.now() - t) / 1000));
  }
  return out;
}

/** A timed peer row: bigstep's median beside the peer's runs, and whether their losses agree. */
export function timedPeerRow(workload: string, bigstep: string, peer: PeerRow['peer'], steps: number, bigMedian: number, peerRates: number[], diff: number): PeerRow {
  const sum = summarize(peerRates);
  return {
    workload,
    bigstep,
    peer,
    status: 'ok',
    steps,
    bigstepStepsPerSecond: bigMedian,
    peerStepsPerSecond: sum.median,
    peerRuns: sum,
    ratio: bigMedian / sum.median,
    lossRelDiff: diff,
    agrees: diff <= TOLERANCE,
  };
}

export const message = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0];

export async function comparePeers(
  workloads: Workload[],
  bigstep: () => Engine,
  peers: PeersApi,
  data: (w: Workload) => Promise<Dataset>,
  opts: CompareOptions,
  log: (s: string) => void,
  onRow: (rows: PeerRow[]) => void = () => undefined,
): Promise<PeerRow[]> {
  const rows: PeerRow[] = [];
  const broken = await peers.init(PEERS);
  for (const w of workloads) {
    const ds = await data(w);
    const problem = { config: w.config, data: ds };
    const agreeSteps = w.shape.kind === 'linear' ? (opts.quick ? 10 : 20) : opts.quick ? 3 : 5;
    const engine = bigstep();
    let bigLoss: number[];
    let steps: number;
    let bigRates: number[];
    try {
      bigLoss = await lossAfter(engine, problem, agreeSteps);
      // Steps per run from bigstep's own warm-up (about 0.3 s in --quick, 1 s otherwise); the peers do as many.
      const m = await measure(engine, problem, { runs: 1, targetSeconds: opts.quick ? 0.3 : 1, maxSteps: 10_000 });
      steps = m.stepsPerRun;
      bigRates = await timeFixed(engine, steps, opts.runs);
    } catch (err) {
      for (const peer of PEERS) rows.push({ workload: w.id, peer, status: 'failed', reason: `bigstep: ${message(err)}` });
      continue;
    } finally {
      await engine.dispose().catch(() => undefined);
    }
    const bigMedian = summarize(bigRates).median;
    const wire = toProblem(w, ds);
    for (const peer of PEERS) {
      if (broken[peer]) {
        rows.push({ workload: w.id, peer, status: 'skipped', reason: broken[peer]! });
        continue;
      }
      try {
        const r = await peers.run(peer, wire, agreeSteps, steps, opts.runs, opts.quick ? 0.3 : 1);
        const diff = maxRelDiff(r.lossAfter, bigLoss);
        const row = timedPeerRow(w.id, 'gpu', peer, r.steps, bigMedian, r.stepsPerSecond, diff);
        rows.push(row);
        log(`[peers] ${w.label} ${peer}: bigstep ${bigMedian.toPrecision(4)} vs ${row.peerStepsPerSecond!.toPrecision(4)} steps/s (×${row.ratio!.toPrecision(3)}), L(w_${agreeSteps}) rel. diff ${diff.toExponential(1)}`);
      } catch (err) {
        rows.push({ workload: w.id, peer, status: 'failed', reason: message(err) });
        log(`[peers] ${w.label} ${peer}: FAILED (${message(err)})`);
      }
      onRow(rows);
    }
  }
  return rows;
}
