// Engine construction for the CLI. The CPU engine is the fast float64 one (WebAssembly SIMD on every
// core; BIGSTEP_CPU_THREADS=N sets the thread count, which never changes the results). The GPU
// engine lives in headless Chrome; it is imported lazily so CPU runs never load puppeteer.

import type { Engine } from '../core/engine';
import { FastCpuEngine } from '../cpu/fast/fast-engine';
import { nodePlatform } from '../cpu/fast/node-threads';
import { UsageError } from './args';

export type EngineName = 'cpu' | 'gpu';

export function parseEngineName(raw: string | undefined): EngineName {
  const name = raw ?? 'cpu';
  if (name !== 'cpu' && name !== 'gpu') throw new UsageError(`--engine: "${name}" is not allowed; expected cpu or gpu`);
  return name;
}

export interface EngineHandle {
  engine: Engine;
  /** Frees the engine and whatever hosts it (the browser for the GPU engine). */
  close(): Promise<void>;
  /** Browser version, when the engine runs in one. */
  browser?: string;
  /** The headless Chrome the engine runs in (reused for PNG images). */
  session?: import('../node/browser').BrowserSession;
}

export async function createEngine(name: EngineName): Promise<EngineHandle> {
  if (name === 'cpu') {
    const engine = new FastCpuEngine(nodePlatform, { threads: cpuThreads(process.env.BIGSTEP_CPU_THREADS) });
    return { engine, close: () => engine.dispose() };
  }
  const { RemoteGpuEngine } = await import('../node/remote-gpu-engine');
  // Adapter info goes to stderr, keeping stdout for the summary tables.
  const engine = await RemoteGpuEngine.launch({}, { log: (line) => process.stderr.write(`${line}\n`) });
  const browser = await engine.session.browser.version();
  return { engine, close: () => engine.close(), browser, session: engine.session };
}

/** BIGSTEP_CPU_THREADS: a thread count for the CPU engine (default: every core). */
export function cpuThreads(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const threads = Number(raw);
  if (!Number.isInteger(threads) || threads < 1) throw new UsageError(`BIGSTEP_CPU_THREADS: "${raw}" is not a thread count (an integer >= 1)`);
  return threads;
}
