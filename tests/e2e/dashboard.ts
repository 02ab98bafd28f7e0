// Helpers for the dashboard tests: the shared launcher (src/node/browser.ts) opens Chrome on a Vite
// server, then the page goes to the dashboard; the rest acts as a person would (clicks, typing) and
// reads what the page shows, including the data each chart handed to uPlot.

import type { Page } from 'puppeteer-core';
import { launchBrowser, type BrowserSession } from '../../src/node/browser';
import { writingDocs } from '../docs-output';

export interface Dashboard {
  session: BrowserSession;
  page: Page;
  origin: string;
  errors: string[];
  open(query?: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchDashboard(opts: { noWebGpu?: boolean; userDataDir?: string; port?: number } = {}): Promise<Dashboard> {
  const errors: string[] = [];
  const log = (line: string) => (line.includes('[bigstep page') ? errors.push(line) : console.log(line));
  const session = await launchBrowser({ log, userDataDir: opts.userDataDir, port: opts.port });
  const page = session.page;
  if (opts.noWebGpu) {
    // A browser without WebGPU: navigator.gpu is gone before any page script runs.
    await page.evaluateOnNewDocument(() => {
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
    });
  }
  await page.setViewport({ width: 1400, height: 1000 });
  const origin = new URL(session.url).origin;
  return {
    session,
    page,
    origin,
    errors,
    async open(query = '') {
      await page.goto(`${origin}/${query}`, { waitUntil: 'load' });
      await page.waitForSelector('bs-app bs-run-bar');
    },
    close: () => session.close(),
  };
}

export async function phase(page: Page): Promise<string> {
  return page.$eval('[data-role=phase]', (el) => el.textContent?.trim() ?? '');
}

export async function waitForPhase(page: Page, phases: string[], timeout = 120_000): Promise<string> {
  await page.waitForFunction(
    (ps: string[]) => ps.includes(document.querySelector('[data-role=phase]')?.textContent?.trim() ?? ''),
    { timeout, polling: 100 },
    phases,
  );
  return phase(page);
}

export async function choosePreset(page: Page, name: string, quick = true): Promise<void> {
  const box = await page.$('input[name=quick]');
  const checked = await box!.evaluate((el) => (el as HTMLInputElement).checked);
  if (checked !== quick) await box!.click();
  await page.select('select[name=preset]', name);
}

/** Replaces a text field's content by typing, as a person would. */
export async function typeInto(page: Page, field: string, text: string): Promise<void> {
  const sel = `input[name="${field}"]`;
  await page.click(sel, { clickCount: 3 });
  await page.keyboard.press('Backspace');
  if (text) await page.type(sel, text);
}

export async function clickAction(page: Page, action: string): Promise<void> {
  await page.click(`[data-action="${action}"]`);
}

/** The data uPlot holds for a panel: x first, then one array per series, with the series' labels. */
export async function chartData(page: Page, id: string): Promise<{ data: (number | null)[][]; labels: string[]; roles: string[] } | null> {
  return page.evaluate((panel) => {
    const el = document.querySelector(`bs-chart[data-panel="${panel}"]`) as (HTMLElement & { spec?: { data: (number | null)[][]; series: { label: string; role: string }[] } }) | null;
    if (!el?.spec) return null;
    return { data: el.spec.data, labels: el.spec.series.map((s) => s.label), roles: el.spec.series.map((s) => s.role) };
  }, id);
}

export async function panelIds(page: Page): Promise<string[]> {
  return page.$$eval('bs-chart', (els) => els.map((e) => e.getAttribute('data-panel') ?? ''));
}

/** Screenshot of the viewport to docs/ (kept small: PNG at the viewport size); only under `npm run docs`. */
export async function shot(page: Page, path: string): Promise<void> {
  if (!writingDocs) return;
  await page.screenshot({ path: path as `${string}.png` });
}

/**
 * Keeps every Blob the page downloads in window.downloads (the page's CSP lets no fetch read a blob:
 * URL, so each is caught as it gets its URL), and stops the download itself.
 */
export async function catchDownloads(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { downloads: Blob[] };
    w.downloads = [];
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (b: Blob | MediaSource) => {
      if (b instanceof Blob) w.downloads.push(b);
      return create(b);
    };
    HTMLAnchorElement.prototype.click = () => undefined;
  });
}
