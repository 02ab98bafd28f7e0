// The peers in Node on Dawn (no browser): TensorFlow.js's WebGPU backend and jax-js look for
// navigator.gpu (and TF.js for a window), which Node lacks; both are pointed at Dawn's GPU object.
// Used by the Node runner on GPU servers, where there is no Chrome to run the peers page in.

import type { PeersApi } from './wire';

export async function nodePeersApi(gpu: GPU): Promise<PeersApi> {
  const g = globalThis as Record<string, unknown>;
  if (g.navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: `Node ${process.versions.node}` }, configurable: true, writable: true });
  else if (!(g.navigator as { gpu?: GPU }).gpu) (g.navigator as { gpu?: GPU }).gpu = gpu;
  // tfjs-backend-webgpu only registers where `window` or a worker scope exists.
  g.window ??= globalThis;
  const { createPeersApi } = await import('./peer-api');
  return createPeersApi();
}
