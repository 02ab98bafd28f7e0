// The GPU backend for Node callers (the CLI, benchmarks, tests): WebGPU in headless Chrome. Every
// engine is a RemoteGpuEngine on one shared browser session; the page picks the engine for the
// config's model through its own GPU backend (src/gpu/backend.ts).

import type { WireEngineOptions } from '../gpu/host-api';
import type { Backend } from '../sweep/backend';
import { launchBrowser, type BrowserSession, type LaunchOptions } from './browser';
import { RemoteGpuEngine } from './remote-gpu-engine';

export interface RemoteGpuBackend extends Backend {
  readonly session: BrowserSession;
  /** The browser's version string. */
  readonly browser: string;
  /** Closes the browser (and its page server). */
  close(): Promise<void>;
}

/** The backend on an open session (which the caller closes). */
export function remoteGpuBackend(session: BrowserSession, opts: WireEngineOptions = {}): Backend {
  const make = () => new RemoteGpuEngine(session, opts);
  return { name: 'gpu', engines: { linear: make, ntk: make, mlp: make } };
}

/** Launches headless Chrome for the backend; close() ends it. */
export async function launchRemoteGpuBackend(opts: WireEngineOptions = {}, launch: LaunchOptions = {}): Promise<RemoteGpuBackend> {
  const session = await launchBrowser(launch);
  try {
    const browser = await session.browser.version();
    return { ...remoteGpuBackend(session, opts), session, browser, close: () => session.close() };
  } catch (err) {
    await session.close();
    throw err;
  }
}
