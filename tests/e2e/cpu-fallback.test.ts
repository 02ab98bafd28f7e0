// Without WebGPU (navigator.gpu removed before the page loads) the dashboard says so and runs the
// float64 CPU engine in a Web Worker, with the same charts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/core/results';
import { chartData, choosePreset, clickAction, launchDashboard, shot, typeInto, waitForPhase, type Dashboard } from './dashboard';

let d: Dashboard;
beforeAll(async () => {
  d = await launchDashboard({ noWebGpu: true });
});
afterAll(() => d?.close());

describe('CPU fallback', () => {
  it('runs on the CPU engine in a worker, with a visible notice', async () => {
    await d.open();
    expect(await d.page.evaluate(() => 'gpu' in navigator && navigator.gpu !== undefined)).toBe(false);
    await choosePreset(d.page, 'toy');
    await typeInto(d.page, 'steps', '2048');
    await clickAction(d.page, 'run');
    expect(await waitForPhase(d.page, ['done', 'error'])).toBe('done');
    const notice = await d.page.$eval('[data-role=notice]', (e) => e.textContent ?? '');
    expect(notice).toMatch(/No WebGPU: running on the CPU engine in a Web Worker/);
    const res = (await d.page.evaluate(() => (document.querySelector('bs-app') as unknown as { parts: { results: Results }[] }).parts[0].results))!;
    expect(res.engine.kind).toBe('cpu');
    expect(res.engine.precision).toBe('float64');
    expect(res.engine.name).toMatch(/^float64 wasm-simd \(\d+ threads?, browser\)/);
    expect(res.environment.runtime).toContain('Web Worker');
    const loss = (await chartData(d.page, 'loss'))!;
    expect(loss.data[4].filter((v) => v !== null).length).toBeGreaterThan(100);
    expect(await d.page.$eval('[data-role=gpu-missing]', (e) => e.textContent)).toContain('WebGPU is not available');
    await shot(d.page, 'docs/dashboard-cpu-fallback.png');
  });

  it('runs MNIST on every core: the page is cross-origin isolated, so the engine starts Web Workers that share memory', async () => {
    const cores = await d.page.evaluate(() => navigator.hardwareConcurrency);
    expect(await d.page.evaluate(() => crossOriginIsolated)).toBe(true);
    await choosePreset(d.page, 'mnist08');
    await typeInto(d.page, 'steps', '64');
    await clickAction(d.page, 'run');
    expect(await waitForPhase(d.page, ['done', 'error'])).toBe('done');
    const res = (await d.page.evaluate(() => (document.querySelector('bs-app') as unknown as { parts: { results: Results }[] }).parts[0].results))!;
    expect(res.engine.name).toBe(`float64 wasm-simd (${cores} thread${cores === 1 ? '' : 's'}, browser)`);
    const loss = (await chartData(d.page, 'loss'))!;
    expect(loss.data[1].filter((v) => v !== null && Number.isFinite(v)).length).toBeGreaterThan(10);
  });
});
