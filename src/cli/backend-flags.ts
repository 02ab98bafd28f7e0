// The CLI's backend: --engine picks where sweeps run, and src/sweep's factory picks each sweep's
// engine there. cpu: the fast float64 engine (WebAssembly SIMD on every core; BIGSTEP_CPU_THREADS=N
// sets the thread count, which never changes the results), with the reference engines for SGD and
// the MLP. gpu: WebGPU in headless Chrome, imported lazily so CPU runs never load puppeteer;
// --max-gpu-memory lowers the memory its planner may use, so more η run in more batches.

import { cpuBackend } from '../cpu/backend';
import { nodePlatform } from '../cpu/fast/node-threads';
import type { BrowserSession } from '../node/browser';
import type { Backend } from '../sweep/backend';
import { UsageError } from './args';
import { parseSize } from './budget-check';

export type EngineName = 'cpu' | 'gpu';

export function parseEngineName(raw: string | undefined): EngineName {
  const name = raw ?? 'cpu';
  if (name !== 'cpu' && name !== 'gpu') throw new UsageError(`--engine: "${name}" is not allowed; expected cpu or gpu`);
  return name;
}

/** --max-gpu-memory SIZE: bytes ("4000000", "512M", "2G"; at least 64 kB), for the GPU memory planner. */
export function parseGpuMemoryFlag(raw: string): number {
  return parseSize('--max-gpu-memory', raw, 64e3, 'e.g. 2G, 512M or 4000000 (bytes)');
}

export interface BackendHandle {
  backend: Backend;
  /** Frees whatever hosts the engines (the browser for the GPU). */
  close(): Promise<void>;
  /** Browser version, when the engines run in one. */
  browser?: string;
  /** The headless Chrome the engines run in (reused for PNG images). */
  session?: BrowserSession;
}

export async function openBackend(name: EngineName, gpuMemory?: number): Promise<BackendHandle> {
  if (name === 'cpu') {
    if (gpuMemory !== undefined) throw new UsageError('--max-gpu-memory applies to --engine gpu only');
    return { backend: cpuBackend(nodePlatform, { threads: cpuThreads(process.env.BIGSTEP_CPU_THREADS) }), close: async () => undefined };
  }
  const { launchRemoteGpuBackend } = await import('../node/remote-gpu-backend');
  // Adapter info goes to stderr, keeping stdout for the summary tables.
  const backend = await launchRemoteGpuBackend(gpuMemory !== undefined ? { budgetBytes: gpuMemory } : {}, { log: (line) => process.stderr.write(`${line}\n`) });
  return { backend, close: () => backend.close(), browser: backend.browser, session: backend.session };
}

/** BIGSTEP_CPU_THREADS: a thread count for the CPU engine (default: every core). */
export function cpuThreads(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const threads = Number(raw);
  if (!Number.isInteger(threads) || threads < 1) throw new UsageError(`BIGSTEP_CPU_THREADS: "${raw}" is not a thread count (an integer >= 1)`);
  return threads;
}
