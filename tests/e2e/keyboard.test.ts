// Keyboard reachability: a person with no mouse can reach the presets, the form, Run, the exports,
// the theme switch, the filters, the figure size and every chart's tools with Tab, and start a run
// with Enter.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchDashboard, waitForPhase, type Dashboard } from './dashboard';

let d: Dashboard;
beforeAll(async () => {
  d = await launchDashboard();
});
afterAll(() => d?.close());

describe('keyboard', () => {
  /** Presses Tab up to `max` times, collecting what gets focus, until `stop` is focused. */
  async function tabUntil(stop: string, max = 80): Promise<Set<string>> {
    const reached = new Set<string>();
    for (let i = 0; i < max; i++) {
      await d.page.keyboard.press('Tab');
      const id = await d.page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return '';
        return el.getAttribute('data-action') ?? el.getAttribute('name') ?? el.tagName.toLowerCase();
      });
      reached.add(id);
      if (id === stop) break;
    }
    return reached;
  }

  it('Tab reaches every main control, Enter on Run starts the sweep, and the exports are reachable after it', async () => {
    await d.open('?preset=toy&quick=1');
    const before = await tabUntil('run');
    for (const control of ['import', 'theme', 'preset', 'quick', 'name', 'steps', 'run']) expect([...before], control).toContain(control);
    await d.page.keyboard.press('Enter');
    expect(await waitForPhase(d.page, ['done', 'error'])).toBe('done');
    // Export buttons are disabled (so skipped by Tab) until there is a run; now they are reachable.
    // From Run, Tab goes on through the charts' tools (seven per chart) and wraps round to the header.
    const after = await tabUntil('export-csv', 200);
    expect([...after]).toContain('export-json');
    expect([...after]).toContain('export-csv');
    // From Run on, Tab reaches the run filter, the η filter, the figure size and each chart's tools.
    await d.page.focus('[data-action=run]');
    const charts = await tabUntil('full-screen', 200);
    for (const control of ['run-filter', 'edit-run', 'smoothing', 'eta-filter', 'figure-width', 'figure-scale', 'toggle-log', 'axis-range', 'chart-png', 'chart-svg', 'chart-csv', 'full-screen']) {
      expect([...charts], control).toContain(control);
    }
  }, 180_000);
});
