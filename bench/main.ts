// `npm run bench [-- --quick] [--only REGEX] [--no-peers] [--peers-only REGEX] [--cpu-peers-only] [--engines a,b] [--kernels] [--fused] [--ntk128]`: the GPU engine in headless
// Chrome, the fast CPU engine (float64 WebAssembly SIMD on every core), the float64 reference on the workloads, then bigstep
// against TensorFlow.js and jax-js in the same browser (WebGPU), and bigstep's CPU engine against
// their CPU backends (jax-js and TF.js wasm, TF.js cpu) on the same machine. Writes results/bench/bench-chrome-*.json
// and prints the tables. On the software adapter only rows small enough to time are run; the rest
// are marked skipped with the reason. --kernels adds GPU time per kernel to the GPU rows (bench/kernels.ts);
// --fused adds a "gpu-chrome fused" row (the fused linear GD kernel) beside each linear GPU row, --ntk128
// a "gpu-chrome ntk128" row (the 128×128-tile NTK kernels) beside each NTK GPU row.

import { FastCpuEngine } from '../src/cpu/fast/fast-engine';
import { nodePlatform } from '../src/cpu/fast/node-threads';
import { CpuEngine } from '../src/cpu/reference-engine';
import { launchBrowser } from '../src/node/browser';
import { nodeDataIO } from '../src/node/data-io';
import { RemoteGpuEngine } from '../src/node/remote-gpu-engine';
import type { Dataset } from '../src/core/data/dataset';
import { parseBenchArgs } from './args';
import { dataId, loadWorkloadData } from './data';
import { KERNELS_NOTE } from './kernels';
import { findPeak } from './peaks';
import { runPeers } from './peers/run-peers';
import { BENCH_FORMAT, formatCpuSummary, formatKernels, formatPeers, formatTable, hostInfo, writeReport, type BenchReport, type PeerRow } from './report';
import { flopLimit, gpuVariants, runSuite, withVariantRows, type EngineEntry, type Row } from './suite';
import { allWorkloads, type Workload } from './workloads';

const args = parseBenchArgs(process.argv.slice(2));
const t0 = performance.now();
const session = await launchBrowser({ log: (s) => console.log(s), kernelTimings: args.kernels });
try {
  const adapter = session.probe.adapter;
  const software = /swiftshader|llvmpipe|lavapipe/i.test(`${adapter.vendor} ${adapter.architecture} ${adapter.description}`);
  const peak = software ? null : findPeak(args.gpuName ?? undefined, adapter.description, adapter.device);
  const cache = new Map<string, Promise<Dataset>>();
  const data = (w: Workload): Promise<Dataset> => {
    const id = dataId(w);
    if (!cache.has(id)) cache.set(id, loadWorkloadData(w, nodeDataIO));
    return cache.get(id)!;
  };
  // Per-step flop limits: above them one timed row would take minutes on this kind of engine.
  const q = args.quick;
  const baseEngines: EngineEntry[] = [
    { id: 'gpu-chrome', make: () => new RemoteGpuEngine(session), skip: software ? flopLimit(q ? 1e9 : 4e9, 'for a software adapter') : () => null, peak },
    { id: 'cpu-fast', make: () => new FastCpuEngine(nodePlatform), skip: flopLimit(q ? 4e9 : 1.6e10, `for ${hostInfo().cores} CPU cores`), peak: null },
    { id: 'cpu-fast-f32', make: () => new FastCpuEngine(nodePlatform, { precision: 'float32' }), skip: flopLimit(q ? 4e9 : 1.6e10, `for ${hostInfo().cores} CPU cores`), peak: null },
    { id: 'cpu-reference', make: () => new CpuEngine(), skip: flopLimit(q ? 1e9 : 4e9, 'for the single-threaded float64 reference'), peak: null },
  ].filter((e) => !args.engines || args.engines.includes(e.id));
  const engines = withVariantRows(baseEngines, gpuVariants(args), (opts) => () => new RemoteGpuEngine(session, opts));
  const workloads = allWorkloads().filter((w) => !args.only || args.only.test(w.id));
  const started = new Date().toISOString();
  let rows: Row[] = [];
  let peers: PeerRow[] = [];
  const report = (): BenchReport => ({
    format: BENCH_FORMAT,
    date: started,
    mode: q ? 'quick' : 'full',
    host: hostInfo(),
    runtime: `headless ${session.probe.userAgent}`,
    adapter: { ...adapter, software: String(software) },
    gpuName: args.gpuName ?? undefined,
    peak,
    measure: { runs: args.runs, targetSeconds: args.targetSeconds, maxSteps: args.maxSteps, kernels: args.kernels },
    rows,
    peers,
    notes: [
      peak ? `share of peak against ${peak.name}: ${peak.fp32Gflops} GFLOP/s fp32, ${peak.memGbs} GB/s (${peak.source})` : 'no known peak for this adapter: share of peak is left empty',
      'GFLOP/s and GB/s from src/core/cost-model.ts (algorithmic flops; fewest bytes per step)',
      ...(args.kernels ? [KERNELS_NOTE] : []),
    ],
  });
  const save = (): string => writeReport(report(), args.outDir, 'chrome');
  const opts = { runs: args.runs, targetSeconds: args.targetSeconds, maxSteps: args.maxSteps, kernels: args.kernels };
  rows = await runSuite(workloads, engines, data, opts, console.log, (so) => {
    rows = so;
    save();
  });
  if (args.peers) {
    peers = await runPeers(session, data, { quick: q, runs: args.runs, only: args.peersOnly ?? args.only, cpuOnly: args.cpuPeersOnly }, console.log);
  }
  const file = save();
  console.log(`\n${formatTable(rows)}\n`);
  if (args.kernels) console.log(`${formatKernels(rows) || 'kernel timings: no GPU row ran'}\n`);
  if (peers.length > 0) console.log(`${formatPeers(peers)}\n`);
  const cpuSummary = formatCpuSummary(peers);
  if (cpuSummary) console.log(`${cpuSummary}\n`);
  console.log(`report: ${file} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
} finally {
  await session.close();
}
