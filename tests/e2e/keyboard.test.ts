// Keyboard reachability: a person with no mouse can reach the presets, the form, Run, the exports
// and the theme switch with Tab, and start a run with Enter.

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
  }, 180_000);
});
