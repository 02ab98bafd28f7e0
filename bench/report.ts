// The benchmark report: a versioned JSON document under results/bench/ and a printed table.

import { cpus, platform, release, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatGranularity, formatUs as us } from './kernels';
import type { Peak } from './peaks';
import type { Row } from './suite';

export const BENCH_FORMAT = 'bigstep.bench/1';

export interface PeerRow {
  workload: string;
  /** bigstep's engine in the comparison: 'gpu' (the GPU engine, same browser) or 'cpu-fast' (the fast CPU engine in Node). */
  bigstep?: string;
  peer: string;
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  /** The peer's steps per timed run. */
  steps?: number;
  /** Median steps/s of bigstep's engine and of the peer on the same steps, same machine and run. */
  bigstepStepsPerSecond?: number;
  peerStepsPerSecond?: number;
  peerRuns?: { median: number; min: number; max: number; runs: number };
  /** bigstep / peer (>1: bigstep is faster). */
  ratio?: number;
  /** Largest relative difference of L(w_N) over the K stepsizes, and whether it is within 1e-3. */
  lossRelDiff?: number;
  agrees?: boolean;
}

export interface BenchReport {
  format: typeof BENCH_FORMAT;
  date: string;
  mode: 'quick' | 'full';
  host: { cpuModel: string; cores: number; memoryGiB: number; os: string; node: string };
  runtime: string;
  adapter: Record<string, string> | null;
  gpuName?: string;
  peak: Peak | null;
  measure: { runs: number; targetSeconds: number; maxSteps: number; kernels?: boolean };
  rows: Row[];
  peers: PeerRow[];
  /** Milliseconds per stage of one step (all neuron blocks), per workload id, where profiled. */
  profiles?: Record<string, Record<string, number>>;
  notes: string[];
}

export function hostInfo(): BenchReport['host'] {
  const c = cpus();
  return { cpuModel: c[0]?.model ?? 'unknown', cores: c.length, memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()}`, node: process.versions.node };
}

export function writeReport(report: BenchReport, dir: string, tag: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${tag}-${report.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  return file;
}

const p = (x: number | undefined, digits = 4): string => (x === undefined ? '' : x.toPrecision(digits));
const pct = (x: number | undefined): string => (x === undefined ? '' : `${(100 * x).toFixed(x < 0.01 ? 3 : 1)}%`);

export function formatTable(rows: Row[]): string {
  const head = ['workload', 'engine', 'steps/s (median)', 'min', 'max', 'GFLOP/s', 'GB/s', '% fp32 peak', '% mem BW', 'note'];
  const body = rows.map((r) =>
    r.status === 'ok'
      ? [r.label, r.engine, p(r.stepsPerSecond!.median), p(r.stepsPerSecond!.min, 3), p(r.stepsPerSecond!.max, 3), p(r.gflops!.median), p(r.gbs!.median), pct(r.shareOfPeakFlops), pct(r.shareOfPeakBandwidth), `${r.stepsPerRun} steps × ${r.stepsPerSecond!.runs}`]
      : [r.label, r.engine, r.status, '', '', '', '', '', '', r.reason ?? ''],
  );
  return markdownTable(head, body);
}

/**
 * `--kernels`: one table of where each GPU row's step goes (wall vs GPU span vs Σ kernels) and one of
 * the kernels; '' when no row has kernel timings.
 */
export function formatKernels(rows: Row[]): string {
  const timed = rows.filter((r) => r.kernels);
  if (timed.length === 0) return '';
  const sHead = ['workload', 'engine', 'wall µs/step', 'host recording µs/step', 'profiled wall µs/step', 'GPU span µs/step', 'Σ kernels µs/step', 'GPU busy share', 'profiled busy share', 'timestamps', 'note'];
  const sBody = timed.map((r) => {
    const k = r.kernels!;
    if (k.status !== 'ok') return [r.label, r.engine, '', '', '', '', '', '', '', '', `kernel timings ${k.status}: ${k.reason ?? ''}`];
    const note = `${k.stepsPerRun} steps × ${k.runs}${k.invalidDispatches ? `; ${k.invalidDispatches} dispatches with end < beginning left out` : ''}`;
    return [r.label, r.engine, us(k.wallUs), us(k.recordingUs?.median), us(k.profiledWallUs!.median), us(k.gpuSpanUs!.median), us(k.kernelSumUs!.median), pct(k.busyShare), pct(k.profiledBusyShare), formatGranularity(k.granularityNs), note];
  });
  const kHead = ['workload', 'engine', 'kernel', 'dispatches/step', 'µs/step (median)', 'min – max', 'ms per run', '% of kernel time', '% of wall'];
  const kBody: string[][] = [];
  for (const r of timed) {
    const k = r.kernels!;
    if (k.status !== 'ok') continue; // the table above says why
    for (const x of k.kernels!) {
      kBody.push([r.label, r.engine, x.kernel, String(x.dispatchesPerStep), us(x.perStepUs.median), `${us(x.perStepUs.min)} – ${us(x.perStepUs.max)}`, us(x.totalMs.median), pct(x.shareOfKernels), pct(x.shareOfWall)]);
    }
  }
  return `${markdownTable(sHead, sBody)}\n\n${markdownTable(kHead, kBody)}`;
}

export function formatPeers(peers: PeerRow[]): string {
  const head = ['workload', 'bigstep', 'peer', 'bigstep steps/s', 'peer steps/s', 'bigstep / peer', 'loss rel. diff', 'note'];
  const body = peers.map((r) =>
    r.status === 'ok'
      ? [r.workload, r.bigstep ?? 'gpu', r.peer, p(r.bigstepStepsPerSecond), p(r.peerStepsPerSecond), p(r.ratio, 3), r.lossRelDiff === undefined ? '' : r.lossRelDiff.toExponential(1), r.agrees ? 'agrees (≤ 1e-3)' : 'DISAGREES'].map(String)
      : [r.workload, r.bigstep ?? 'gpu', r.peer, r.status, '', '', '', r.reason ?? ''],
  );
  return markdownTable(head, body);
}

/** Per workload and bigstep CPU engine of the CPU comparison: against the fastest CPU peer that agreed ('' if none ran). */
export function formatCpuSummary(peers: PeerRow[]): string {
  const cpu = peers.filter((r) => r.bigstep !== undefined && r.bigstep !== 'gpu' && r.status === 'ok' && r.agrees);
  const keys = [...new Set(cpu.map((r) => `${r.workload}\t${r.bigstep}`))];
  if (keys.length === 0) return '';
  const body = keys.map((key) => {
    const rows = cpu.filter((r) => `${r.workload}\t${r.bigstep}` === key);
    const best = rows.reduce((a, b) => (b.peerStepsPerSecond! > a.peerStepsPerSecond! ? b : a));
    return [best.workload, best.bigstep!, p(best.bigstepStepsPerSecond), best.peer, p(best.peerStepsPerSecond), p(best.ratio, 3)];
  });
  return markdownTable(['workload', 'bigstep CPU', 'bigstep steps/s', 'best CPU peer', 'peer steps/s', 'bigstep / best peer'], body);
}

export function markdownTable(head: string[], body: string[][]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const line = (cells: string[]): string => `| ${cells.map((s, c) => s.padEnd(widths[c])).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join('\n');
}
