// The CPU backend in a Web Worker, for browsers without WebGPU: the fast float64 engine (WebAssembly
// SIMD; on every core where the page is cross-origin isolated, else on this worker's thread) and the
// reference engines for SGD and the MLP run off the page's thread so the dashboard stays responsive,
// and talk to runner.ts by messages.

import { cpuBackend } from '../../cpu/backend';
import { webPlatform } from '../../cpu/fast/web-threads';
import { SweepControl } from '../../sweep/control';
import { browserDataIO } from './browser-data-io';
import { runJob } from './sweep-job';
import type { FromWorker, ToWorker } from './worker-protocol';

const control = new SweepControl();
const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  if (m.type === 'pause') return control.pause();
  if (m.type === 'resume') return control.resume();
  if (m.type === 'stop') return control.cancel();
  try {
    const io = browserDataIO(new Map(Object.entries(m.files)), m.mnistUrls, m.base);
    const env = { runtime: 'browser (Web Worker)', platform: navigator.platform, browser: navigator.userAgent };
    const parts = await runJob(cpuBackend(webPlatform), m.config, io, control, env, {
      onStage: (stage) => post({ type: 'stage', stage }),
      onProgress: (p) => post({ type: 'progress', progress: p }),
      onLive: (index, part, done) => post({ type: 'live', index, part, done }),
    });
    post({ type: 'done', parts });
  } catch (err) {
    post({ type: 'error', message: (err as Error).message ?? String(err) });
  }
};
