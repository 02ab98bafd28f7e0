// The fast CPU engine's worker threads under Node (worker_threads), and the Node platform record.

import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerMessage } from './serve';
import type { Platform, WorkerThreads } from './threads';

export const nodePlatform: Platform = {
  runtime: `Node ${process.versions.node}`,
  cores: availableParallelism(),
  spawn: spawnNodeThreads,
};

async function spawnNodeThreads(messages: WorkerMessage[]): Promise<WorkerThreads> {
  const workers = await Promise.all(messages.map(spawnWorker));
  const terminate = async (): Promise<void> => {
    await Promise.all(workers.map((w) => w.terminate()));
  };
  // Wait until every worker has loaded and said so: once the engine blocks in Atomics.wait, a
  // worker's start-up error could no longer be delivered.
  try {
    await Promise.all(workers.map(ready));
  } catch (err) {
    await terminate();
    throw err;
  }
  return { terminate };
}

/**
 * From TypeScript sources (tsx, vitest) a worker does not inherit the parent's loader, and
 * registering tsx in each worker costs seconds; so the worker's sources are bundled once per process
 * with esbuild (tsx's own transformer) into one small script that every worker evaluates.
 */
let bundled: Promise<string> | null = null;
function workerScript(): Promise<string> {
  bundled ??= import('esbuild').then(async ({ build }) => {
    const entry = fileURLToPath(new URL('./node-worker.ts', import.meta.url));
    const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'silent' });
    return out.outputFiles[0].text;
  });
  return bundled;
}

async function spawnWorker(data: WorkerMessage): Promise<Worker> {
  const worker = import.meta.url.endsWith('.ts')
    ? new Worker(await workerScript(), { eval: true, workerData: data })
    : new Worker(new URL('./node-worker.js', import.meta.url), { workerData: data });
  worker.unref();
  return worker;
}

function ready(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', (err) => reject(new Error(`fast CPU engine: a worker failed to start: ${err.message}`)));
    worker.once('exit', (code) => reject(new Error(`fast CPU engine: a worker exited (code ${code}) before it was ready`)));
  });
}
