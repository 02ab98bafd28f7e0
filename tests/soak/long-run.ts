// The long-run check of the reliability issue: 10^6 steps of the toy sweep on the GPU engine, with
// the page's JS heap, Node's heap and the live GPU buffer bytes measured at the start, along the
// way and at the end. Too long for `npm test` on a software adapter (about half an hour), so it is
// a script: `npm run soak [-- STEPS]`. It writes docs/reliability/long-run.md.

import { parseConfig } from '../../src/core/config';
import { toyData } from '../../src/core/data/toy';
import { launchBrowser } from '../../src/node/browser';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import { runSweep } from '../../src/sweep/run-sweep';
import { writeReliabilitySection } from '../reliability-log';

declare global {
  interface Window {
    bigstepLiveGpuBytes?: () => number;
  }
}

const steps = Number(process.argv[2] ?? 1_000_000);
const session = await launchBrowser({ log: (s) => process.stderr.write(`${s}\n`) });
// Count live GPU buffer bytes: wrap createBuffer and destroy before the engine makes any buffer.
await session.page.evaluate(() => {
  const live = new Map<GPUBuffer, number>();
  const create = GPUDevice.prototype.createBuffer;
  GPUDevice.prototype.createBuffer = function (this: GPUDevice, desc: GPUBufferDescriptor) {
    const b = create.call(this, desc);
    live.set(b, desc.size);
    return b;
  };
  const destroy = GPUBuffer.prototype.destroy;
  GPUBuffer.prototype.destroy = function (this: GPUBuffer) {
    live.delete(this);
    return destroy.call(this);
  };
  window.bigstepLiveGpuBytes = () => [...live.values()].reduce((s, n) => s + n, 0);
});

interface Sample {
  step: number;
  pageHeapMB: number;
  nodeHeapMB: number;
  gpuBytes: number;
}
const samples: Sample[] = [];
const measure = async (step: number) => {
  const [pageHeap, gpuBytes] = await session.page.evaluate(() => [
    (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN,
    window.bigstepLiveGpuBytes!(),
  ]);
  global.gc?.();
  samples.push({ step, pageHeapMB: pageHeap / 2 ** 20, nodeHeapMB: process.memoryUsage().heapUsed / 2 ** 20, gpuBytes });
};

const config = parseConfig({ name: 'soak', data: { kind: 'toy' }, etas: [4, 8, 16, 32], steps, metrics: ['loss', 'gradNorm', 'distFromInit'] });
const engine = new RemoteGpuEngine(session);
const t0 = performance.now();
let nextSample = 0;
await measure(0);
const res = await runSweep(engine, { config, data: toyData() }, {
  onProgress: (p) => {
    if (p.stepsDone >= nextSample) {
      nextSample += steps / 10;
      void measure(p.stepsDone);
    }
  },
});
await measure(steps);
const seconds = (performance.now() - t0) / 1000;
await engine.dispose();
await session.close();

const first = samples[1] ?? samples[0];
const last = samples[samples.length - 1];
const fmt = (s: Sample) => `page heap ${s.pageHeapMB.toFixed(1)} MB, Node heap ${s.nodeHeapMB.toFixed(1)} MB, GPU buffers ${(s.gpuBytes / 1024).toFixed(1)} KiB`;
writeReliabilitySection(
  'long-run',
  'Long run: 10^6 steps on the GPU engine',
  [
    { tried: `toy sweep, 4 η, ${steps} steps, GPU engine in headless Chrome (${[session.probe.adapter.vendor, session.probe.adapter.architecture].filter(Boolean).join(' / ')})`, cases: 1, outcome: `${res.status} in ${seconds.toFixed(0)} s (${(steps / seconds).toFixed(0)} steps/s); ${res.runs[0].series.step.length} recorded points per η` },
    { tried: 'memory after the first chunk', cases: '-', outcome: fmt(first) },
    { tried: 'memory at the end', cases: '-', outcome: fmt(last) },
    { tried: 'samples along the run (step: page heap MB / GPU KiB)', cases: samples.length, outcome: samples.map((s) => `${s.step}: ${s.pageHeapMB.toFixed(1)} / ${(s.gpuBytes / 1024).toFixed(0)}`).join('; ') },
  ],
  'tests/soak/long-run.ts (`npm run soak`; too long for `npm test` on a software adapter).',
);
console.log(samples);
