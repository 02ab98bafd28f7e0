// The fast CPU engine's worker threads in the browser (Web Workers), and the browser platform
// record. Threads share memory only on a cross-origin-isolated page; elsewhere the engine runs its
// kernels on one thread (the worker it lives in).

import type { WorkerMessage } from './serve';
import type { Platform, WorkerThreads } from './threads';

const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated && typeof SharedArrayBuffer !== 'undefined';

export const webPlatform: Platform = {
  runtime: 'browser',
  cores: typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1,
  spawn: isolated ? spawnWebThreads : undefined,
};

async function spawnWebThreads(messages: WorkerMessage[]): Promise<WorkerThreads> {
  const workers = messages.map(() => new Worker(new URL('./web-worker.ts', import.meta.url), { type: 'module' }));
  const terminate = async (): Promise<void> => workers.forEach((w) => w.terminate());
  try {
    await Promise.all(
      workers.map(
        (w, q) =>
          new Promise<void>((resolve, reject) => {
            w.onmessage = (ev: MessageEvent<{ ready?: boolean; error?: string }>) =>
              ev.data.ready ? resolve() : reject(new Error(`fast CPU engine: a worker failed to start: ${ev.data.error}`));
            w.onerror = (e) => reject(new Error(`fast CPU engine: a worker failed to start: ${e.message}`));
            w.postMessage(messages[q]);
          }),
      ),
    );
  } catch (err) {
    await terminate();
    throw err;
  }
  return { terminate };
}
