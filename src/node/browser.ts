// Headless Chrome with WebGPU, for Node callers (GPU tests, the CLI's --engine gpu, benchmarks):
// a Vite dev server on localhost (WebGPU needs a secure context, so never file:// or about:blank),
// the system Chrome or Chromium through puppeteer-core, and the GPU host page loaded and probed.
// The adapter's info is logged on every launch, and a missing adapter is an error that says why.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { createServer, type InlineConfig, type ViteDevServer } from 'vite';
import type { HostProbe } from '../gpu/host-api';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HOST_PAGE = '/src/gpu/host.html';

const CHROME_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** WebGPU on any machine: the software adapter (SwiftShader) serves where there is no GPU. */
export const WEBGPU_FLAGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
];

/**
 * With kernel timings: Chrome quantizes timestamp queries (to 100 µs) unless WebGPU developer
 * features are on. (Chromium 156 on SwiftShader gave unquantized values either way.)
 */
export const TIMESTAMP_FLAGS = ['--enable-webgpu-developer-features'];

/** Quiet on closed networks: no background traffic, updates, sync or QUIC. */
const QUIET_FLAGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export interface LaunchOptions {
  /** false leaves out the WebGPU flags (tests use it to see the no-adapter error). */
  webgpu?: boolean;
  /** Where adapter info and page errors go; default console.log. */
  log?: (line: string) => void;
  /** Time allowed for the page to load and find an adapter. */
  timeoutMs?: number;
  /** Chrome profile folder to use and keep (default: a fresh one, removed on close). */
  userDataDir?: string;
  /** Vite port (default: any free one). A fixed port keeps the origin, and so the page's IndexedDB, across launches. */
  port?: number;
  /** Device with 'timestamp-query' (when the adapter has it) and unquantized timestamps, for kernel timings. */
  kernelTimings?: boolean;
}

export interface BrowserSession {
  page: Page;
  browser: Browser;
  /** The session's own dev server, or null when it uses a shared one (BIGSTEP_VITE_URL). */
  server: ViteDevServer | null;
  url: string;
  probe: HostProbe;
  close(): Promise<void>;
}

export function findChrome(): string {
  const env = process.env.CHROME_PATH;
  if (env) {
    if (!existsSync(env)) throw new Error(`CHROME_PATH is ${env}, which does not exist`);
    return env;
  }
  const found = CHROME_CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`no Chrome or Chromium found (tried ${CHROME_CANDIDATES.join(', ')}); install one (Debian: apt-get install chromium) or set CHROME_PATH`);
  }
  return found;
}

/** Vite dev server options for serving this checkout's pages to headless Chrome. */
export function devServerOptions(port?: number): InlineConfig {
  return {
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    clearScreen: false,
    // Port 0: the OS picks a free one, so parallel test files and other users never collide.
    server: { port: port ?? 0, strictPort: port !== undefined, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  };
}

/**
 * Where the pages come from: the dev server at BIGSTEP_VITE_URL when one is given (the test suite's
 * global setup starts one for all its files, so each file skips a server start and its compiles),
 * else a server of its own, closed with the session. A fixed port always gets its own server.
 */
async function pageServer(port?: number): Promise<{ base: string; server: ViteDevServer | null }> {
  const sharedUrl = process.env.BIGSTEP_VITE_URL;
  if (sharedUrl && port === undefined) return { base: sharedUrl.replace(/\/$/, ''), server: null };
  // Vite closes its server and exits the process on SIGTERM (and when stdin ends); the caller decides
  // what a signal means (the CLI saves a checkpoint first), so those listeners are taken off again.
  const before = { term: process.listeners('SIGTERM'), end: process.stdin.listeners('end') };
  const server = await createServer(devServerOptions(port));
  for (const l of process.listeners('SIGTERM')) if (!before.term.includes(l)) process.removeListener('SIGTERM', l);
  for (const l of process.stdin.listeners('end')) if (!before.end.includes(l)) process.stdin.removeListener('end', l as () => void);
  try {
    await server.listen();
  } catch (err) {
    await server.close().catch(() => undefined);
    throw err;
  }
  const base = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
  if (!base) {
    await server.close().catch(() => undefined);
    throw new Error('the Vite dev server reported no local URL');
  }
  return { base, server };
}

export async function launchBrowser(opts: LaunchOptions = {}): Promise<BrowserSession> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const timeout = opts.timeoutMs ?? 60_000;
  const { base, server } = await pageServer(opts.port);
  let browser: Browser | null = null;
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'bigstep-chrome-'));
  const cleanup = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    if (!opts.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    const args = [
      '--headless=new',
      `--user-data-dir=${userDataDir}`,
      ...(opts.webgpu === false ? [] : WEBGPU_FLAGS),
      ...(opts.kernelTimings ? TIMESTAMP_FLAGS : []),
      ...QUIET_FLAGS,
    ];
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    // Puppeteer's own signal handlers would close Chrome (and exit) under the caller at Ctrl-C or
    // SIGTERM, before it could save anything; the caller closes the browser itself.
    browser = await puppeteer.launch({
      executablePath: findChrome(),
      headless: true,
      args,
      protocolTimeout: 600_000,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const page = await browser.newPage();
    page.on('pageerror', (e) => log(`[bigstep page] ${String(e)}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') log(`[bigstep page ${m.type()}] ${m.text()}`);
    });
    const url = `${base}${HOST_PAGE}${opts.kernelTimings ? '?timestamps' : ''}`;
    await page.goto(url, { waitUntil: 'load', timeout });
    await page.waitForFunction(() => window.bigstepHost !== undefined, { timeout });
    let probe: HostProbe;
    try {
      probe = await page.evaluate(() => window.bigstepHost!.probe());
    } catch (err) {
      throw new Error(`no WebGPU adapter in headless Chrome: ${cleanError(err)}`);
    }
    const a = probe.adapter;
    log(`[bigstep] WebGPU adapter: ${[a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' / ') || '(no info)'}; ` +
      `maxStorageBufferBindingSize ${probe.limits.maxStorageBufferBindingSize}; ${opts.kernelTimings ? `timestamp-query ${probe.timestamps}; ` : ''}${probe.userAgent}`);
    const b = browser;
    return { page, browser: b, server, url, probe, close: cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** puppeteer wraps page exceptions; keep the page's own message. */
export function cleanError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/^Error: /, '').split('\n    at ')[0];
}
