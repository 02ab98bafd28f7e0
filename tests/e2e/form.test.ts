// The configure form as a person uses it: two bad values are both flagged next to their fields at
// once and Run stays disabled until both are fixed; the MLP presets show their network, classes and
// loss in fields of their own.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetRaw } from '../../src/core/presets';
import type { Results } from '../../src/core/results';
import { choosePreset, clickAction, launchDashboard, typeInto, waitForPhase, type Dashboard } from './dashboard';

let d: Dashboard;
beforeAll(async () => {
  d = await launchDashboard();
});
afterAll(() => d?.close());

const runDisabled = () => d.page.$eval('[data-action=run]', (b) => (b as HTMLButtonElement).disabled);
const errorFields = () => d.page.$$eval('[data-error-for]', (els) => els.map((e) => e.getAttribute('data-error-for')));
const errorText = (field: string) => d.page.$eval(`[data-error-for="${field}"]`, (e) => e.textContent ?? '');
const invalid = (name: string) => d.page.$eval(`[name="${name}"]`, (e) => e.getAttribute('aria-invalid'));
const value = (name: string) => d.page.$eval(`[name="${name}"]`, (e) => (e as HTMLInputElement | HTMLSelectElement).value);

describe('the configure form', () => {
  it('flags two bad fields at once, keeps Run disabled until both are fixed, then runs', async () => {
    await d.open('?preset=toy&quick=1');
    await typeInto(d.page, 'etas', 'abc');
    await typeInto(d.page, 'steps', '-5');
    expect(await errorFields()).toEqual(['etas', 'steps']);
    expect(await errorText('etas')).toMatch(/^etas\[0\]: "abc"/);
    expect(await errorText('steps')).toMatch(/^steps: -5/);
    expect([await invalid('etas'), await invalid('steps')]).toEqual(['true', 'true']);
    expect(await runDisabled()).toBe(true);

    await typeInto(d.page, 'etas', '2, 16');
    expect(await errorFields()).toEqual(['steps']);
    expect(await invalid('etas')).toBe('false');
    expect(await runDisabled()).toBe(true);

    await typeInto(d.page, 'steps', '256');
    expect(await errorFields()).toEqual([]);
    expect(await runDisabled()).toBe(false);
    await clickAction(d.page, 'run');
    expect(await waitForPhase(d.page, ['done', 'error'])).toBe('done');
    const config = await d.page.evaluate(() => (document.querySelector('bs-app') as unknown as { parts: { results: Results }[] }).parts[0]?.results.config);
    expect(config).toMatchObject({ etas: [2, 16], steps: 256 });
  }, 120_000); // about 10 s alone; a machine busy with other browsers can triple that

  it('shows the eos-sharpness preset in the network, class and loss fields', async () => {
    await d.open();
    await choosePreset(d.page, 'eos-sharpness');
    await d.page.waitForSelector('input[name="model.widths"]');
    expect(await value('data.kind')).toBe('mnistClasses');
    expect(await value('data.digits')).toBe('0-9');
    expect(await value('model.kind')).toBe('mlp');
    expect(await value('model.widths')).toBe((presetRaw('eos-sharpness', true) as { model: { widths: number[] } }).model.widths.join(', '));
    expect(await value('model.activation')).toBe('tanh');
    expect(await value('model.init')).toBe('pytorch');
    expect(await d.page.$eval('[name="model.bias"]', (e) => (e as HTMLInputElement).checked)).toBe(true);
    expect(await value('loss.kind')).toBe('mse');
    expect(await d.page.$eval('[data-role=mlp-outputs]', (e) => e.textContent)).toContain('10');
    expect(await errorFields()).toEqual([]);
    expect(await runDisabled()).toBe(false);

    // The full-size figure's widths; a binary loss on ten classes is flagged at the loss.
    await choosePreset(d.page, 'eos-sharpness', false);
    await d.page.waitForFunction(() => (document.querySelector('[name="model.widths"]') as HTMLInputElement | null)?.value === '32, 32');
    await d.page.select('select[name="loss.kind"]', 'logistic');
    expect(await errorFields()).toEqual(['loss.kind']);
    expect(await errorText('loss.kind')).toMatch(/multi-class data/);
    expect(await runDisabled()).toBe(true);
  });
});
