// Results to PNG files, drawn by the dashboard's own chart code in headless Chrome (one plotting
// stack for the dashboard, the CLI and the docs): the render page mounts each main panel, and each
// panel's block is screenshotted to OUT/<panel>.png.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PanelId, PanelSpec } from '../ui/charts/panel-types';
import type { RenderedPanel, RenderRequest } from '../ui/render/render-page';
import type { Results } from '../core/results';
import { launchBrowser, type BrowserSession } from './browser';

const RENDER_PAGE = '/src/ui/render/render.html';

export interface RenderPngOptions {
  width?: number;
  height?: number;
  theme?: 'light' | 'dark';
  only?: PanelId[];
  /** The acceleration panel needs the study that produced the sweep. */
  study?: RenderRequest['study'];
  /** Told what each panel drew (points, series, the colour key's labels) before the screenshots. */
  onRendered?: (panels: RenderedPanel[]) => void;
}

/**
 * Renders the main panels of `results` and writes one PNG per panel into `outDir`; returns the
 * paths. A given session is reused (a new tab, closed afterwards); otherwise one is launched and closed.
 */
export async function renderPanelsToPng(results: Results, outDir: string, session?: BrowserSession, options: RenderPngOptions = {}): Promise<string[]> {
  return renderToPng({ resultsJson: JSON.stringify(results), only: options.only, study: options.study }, outDir, session, options);
}

/** Panels built outside a single results file (a study's phase diagram), drawn and written the same way. */
export async function renderSpecsToPng(specs: PanelSpec[], name: string, outDir: string, session?: BrowserSession, options: RenderPngOptions = {}): Promise<string[]> {
  return renderToPng({ specsJson: JSON.stringify(specs), name }, outDir, session, options);
}

async function renderToPng(
  what: Pick<RenderRequest, 'resultsJson' | 'specsJson' | 'name' | 'only' | 'study'>,
  outDir: string,
  session: BrowserSession | undefined,
  options: RenderPngOptions,
): Promise<string[]> {
  const own = session ?? (await launchBrowser({ log: () => undefined }));
  const page = await own.browser.newPage();
  try {
    await page.setViewport({ width: (options.width ?? 900) + 40, height: 800, deviceScaleFactor: 1 });
    await page.goto(`${new URL(own.url).origin}${RENDER_PAGE}`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.bigstepRender !== undefined, { timeout: 60_000 });
    const req: RenderRequest = { ...what, width: options.width ?? 900, height: options.height ?? 380, theme: options.theme ?? 'light' };
    const rendered: RenderedPanel[] = await page.evaluate((r) => window.bigstepRender!(r), req);
    options.onRendered?.(rendered);
    await mkdir(outDir, { recursive: true });
    const files: string[] = [];
    for (const panel of rendered) {
      const el = await page.$(`#panel-${panel.id}`);
      if (!el) throw new Error(`render page drew no block for panel ${panel.id}`);
      const path = join(outDir, `${panel.id}.png`);
      await el.screenshot({ path: path as `${string}.png` });
      files.push(path);
    }
    return files;
  } finally {
    await page.close().catch(() => undefined);
    if (!session) await own.close();
  }
}
