// Closed world: the dashboard loads nothing from other origins, runs under a Content-Security-
// Policy that forbids them, and a URL config is parsed, never evaluated.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchDashboard, type Dashboard } from './dashboard';

let d: Dashboard;
beforeAll(async () => {
  d = await launchDashboard();
});
afterAll(() => d?.close());

describe('closed world', () => {
  it('every request goes to the page origin, under a CSP, and a URL config with code in it stays data', async () => {
    const requests: string[] = [];
    const violations: string[] = [];
    d.page.on('request', (r) => requests.push(r.url()));
    d.page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
    // A config that would run code if anything evaluated it.
    const evil = encodeURIComponent(JSON.stringify({ name: '</script><script>window.pwned=1</script>', data: { kind: 'toy' }, etas: ['alert(1)'], steps: 10 }));
    await d.open(`?config=${evil}`);
    await d.page.waitForSelector('[data-error-for]', { timeout: 30_000 });
    expect(await d.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    const csp = await d.page.$eval('meta[http-equiv=Content-Security-Policy]', (m) => m.getAttribute('content'));
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'/);
    const foreign = requests.filter((u) => !u.startsWith(d.origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(foreign, foreign.join('\n')).toEqual([]);
    expect(requests.length).toBeGreaterThan(5);
    expect(violations, violations.join('\n')).toEqual([]);
    // Page errors only (Lit's dev-mode notice is a warning of the dev server's build).
    const errors = d.errors.filter((e) => !e.includes('page warn]'));
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
