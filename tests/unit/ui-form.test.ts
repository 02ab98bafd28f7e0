// The dashboard's form model, without a browser: number text ("2^14", "1/64", "−1", "0-9"), the
// round trip from every preset to the form and back, which field an error belongs to, every error
// of a form at once, and the fields of the fully connected network and multi-class data.

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { presetNames, presetRaw } from '../../src/core/presets';
import { formFromRaw, rawFromForm, type FormState } from '../../src/ui/state/form-model';
import { collectConfigErrors, fieldOf, validateForm, type FieldError } from '../../src/ui/state/form-validation';
import { formatDigits, parseDigitList, parseNumberList, parseNumberText } from '../../src/ui/state/number-text';
import { configFromUrl, kioskFromUrl, urlWithConfig } from '../../src/ui/state/url-state';

const toyForm = (): FormState => formFromRaw(presetRaw('toy'));
const eosForm = (): FormState => formFromRaw(presetRaw('eos-sharpness', true));

/** The form's errors for `patch` applied to `form` (none when it is valid). */
function errorsOf(form: FormState, patch: Partial<FormState>): FieldError[] {
  const v = validateForm({ ...form, ...patch });
  return v.ok ? [] : v.errors;
}

describe('number text', () => {
  it('reads numbers as people type them, and leaves other text for parseConfig to name', () => {
    expect(parseNumberText('2^14')).toBe(16384);
    expect(parseNumberText('1/64')).toBe(1 / 64);
    expect(parseNumberText('1e-3')).toBe(0.001);
    expect(parseNumberText('−1')).toBe(-1);
    expect(parseNumberText('abc')).toBe('abc');
    expect(parseNumberText('')).toBe('');
    expect(parseNumberList('1/64, 1/16;0.25  1')).toEqual([1 / 64, 1 / 16, 0.25, 1]);
    expect(parseNumberList('')).toEqual([]);
  });

  it('reads digit lists and ranges, and keeps ranges beyond one digit as text', () => {
    expect(parseDigitList('0-9')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(parseDigitList('0 – 3, 7')).toEqual([0, 1, 2, 3, 7]);
    expect(parseDigitList('0, 1, 7')).toEqual([0, 1, 7]);
    expect(parseDigitList('0-12')).toEqual(['0-12']);
    expect(parseDigitList('9-0')).toEqual(['9-0']);
    expect(parseDigitList('1, -1')).toEqual([1, -1]);
    expect(formatDigits([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toBe('0-9');
    expect(formatDigits([0, 1, 7])).toBe('0, 1, 7');
    expect(formatDigits([3, 5])).toBe('3, 5');
  });
});

describe('dashboard form model', () => {
  it('keeps a CSV data set\'s positive label, and leaves it out when the field is empty', () => {
    const raw = { data: { kind: 'csv', path: 'points.csv', labelColumn: 'y', positiveLabel: 'yes', scaling: 'none' }, etas: [1], steps: 8 };
    const form = formFromRaw(raw);
    expect(form.positiveLabel).toBe('yes');
    const fieldsOnly = { ...form, original: { data: {}, model: {}, loss: {} } };
    expect(parseConfig(rawFromForm(fieldsOnly))).toEqual(parseConfig(raw));
    expect((rawFromForm({ ...fieldsOnly, positiveLabel: '' }).data as Record<string, unknown>).positiveLabel).toBeUndefined();
  });

  it('round-trips every preset (quick and full) through the form to the same config', () => {
    for (const name of presetNames()) {
      for (const quick of [false, true]) {
        const raw = presetRaw(name, quick);
        const form = formFromRaw(raw);
        expect(parseConfig(rawFromForm(form)), `${name} quick=${quick}`).toEqual(parseConfig(raw));
        // The visible fields alone carry the config: nothing rides through on the kept original.
        const fieldsOnly = { ...form, original: { data: {}, model: {}, loss: {} } };
        expect(parseConfig(rawFromForm(fieldsOnly)), `${name} quick=${quick}, fields only`).toEqual(parseConfig(raw));
      }
    }
  });

  it('shows the MLP presets in the network, loss and class fields', () => {
    const eos = presetRaw('eos-sharpness', true) as { data: { n: number }; model: { widths: number[] } };
    expect(eosForm()).toMatchObject({ dataKind: 'mnistClasses', classDigits: '0-9', n: String(eos.data.n), modelKind: 'mlp', widths: eos.model.widths.join(', '), activation: 'tanh', bias: true, mlpInit: 'pytorch', lossKind: 'mse' });
    expect(formFromRaw(presetRaw('mlp3-mnist'))).toMatchObject({ classDigits: '0-9', n: '1000', widths: '200, 200', activation: 'relu', lossKind: 'softmaxCE' });
  });

  it('turns edits of the MLP and class fields into the config', () => {
    const v = validateForm({ ...eosForm(), classDigits: '0, 1, 7', widths: '16', activation: 'gelu', bias: false, mlpInit: 'kaimingNormal', lossKind: 'softmaxCE', seed: '5' });
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.config.data).toMatchObject({ kind: 'mnistClasses', digits: [0, 1, 7], n: (presetRaw('eos-sharpness', true) as { data: { n: number } }).data.n });
    expect(v.config.model).toEqual({ kind: 'mlp', widths: [16], activation: 'gelu', bias: false, init: 'kaimingNormal', initSeed: 5 });
    expect(v.config.loss.kind).toBe('softmaxCE');
    // A linear model with a random w₀ takes its scale from the form.
    const lin = validateForm({ ...toyForm(), init: 'normal', initScale: '0.5' });
    expect(lin.ok && lin.config.model).toMatchObject({ kind: 'linear', init: 'normal', initScale: 0.5 });
  });

  it('puts each bad value next to its field', () => {
    const toy = toyForm();
    const eos = eosForm();
    const cases: [FormState, Partial<FormState>, string, RegExp][] = [
      [toy, { etas: '−1' }, 'etas', /^etas\[0\]: -1 is not allowed/],
      [toy, { etas: 'abc' }, 'etas', /^etas\[0\]: "abc"/],
      [toy, { etas: '' }, 'etas', /^etas: \[\]/],
      [toy, { steps: '0' }, 'steps', /^steps/],
      [toy, { dataKind: 'mnist', n: '1' }, 'data.n', /^data\.n/],
      [toy, { dataKind: 'mnist', digitA: '3', digitB: '3' }, 'data.digits', /two different digits/],
      [toy, { modelKind: 'ntk', width: '0' }, 'model.width', /^model\.width/],
      [toy, { lossKind: 'flatPoly', lossA: '-2' }, 'loss.a', /^loss\.a/],
      [toy, { etaMode: 'log', etaCount: '0' }, 'etas', /^etas\.count/],
      [toy, { seed: 'x' }, 'seed', /^model\.initSeed/],
      [toy, { init: 'normal', initScale: '0' }, 'model.initScale', /^model\.initScale/],
      // The multi-class data set's digits.
      [eos, { classDigits: '0, x' }, 'data.digits', /^data\.digits\[1\]: "x"/],
      [eos, { classDigits: '3, 3' }, 'data.digits', /2 to 10 different digits/],
      [eos, { classDigits: '5' }, 'data.digits', /^data\.digits: \[5\].*2 to 10 items/],
      [eos, { classDigits: '0-12, 3' }, 'data.digits', /^data\.digits\[0\]: "0-12"/],
      [eos, { n: '5' }, 'data.n', /^data\.n: 5 .*10 <= value/],
      // The network's fields.
      [eos, { widths: '' }, 'model.widths', /^model\.widths: \[\]/],
      [eos, { widths: '8, 0' }, 'model.widths', /^model\.widths\[1\]: 0/],
      [eos, { widths: '8, abc' }, 'model.widths', /^model\.widths\[1\]: "abc"/],
      [eos, { activation: 'sigmoid' }, 'model.activation', /"relu", "tanh", "gelu"/],
      [eos, { mlpInit: 'xavier' }, 'model.init', /"pytorch", "kaimingNormal"/],
      // Which data, model, loss and optimizer go together: parseConfig's verdict lands on the field it names.
      [toy, { lossKind: 'softmaxCE' }, 'loss.kind', /need data\.kind "mnistClasses"/],
      [toy, { lossKind: 'mse', modelKind: 'mlp' }, 'loss.kind', /binary data/],
      [eos, { lossKind: 'logistic' }, 'loss.kind', /multi-class data/],
      [eos, { modelKind: 'linear' }, 'model.kind', /"mlp" for multi-class data/],
      [eos, { optimizer: 'sgd' }, 'optimizer.kind', /"gd" for the mlp model/],
    ];
    for (const [form, patch, field, message] of cases) {
      const errors = errorsOf(form, patch);
      expect(errors.map((e) => e.field), JSON.stringify(patch)).toEqual([field]);
      expect(errors[0].message, JSON.stringify(patch)).toMatch(message);
    }
    expect(fieldOf('study.horizons[2]')).toBe('general');
    expect(fieldOf('model.widths[3]')).toBe('model.widths');
    expect(validateForm(toy).ok).toBe(true);
    expect(validateForm(eos).ok).toBe(true);
  });
});

describe('every error of the form at once', () => {
  it('flags two bad fields together, and each clears when fixed', () => {
    const form = toyForm();
    const both = errorsOf(form, { etas: 'abc', steps: '-5' });
    expect(both.map((e) => e.field)).toEqual(['etas', 'steps']);
    expect(both[0].message).toMatch(/^etas\[0\]: "abc"/);
    expect(both[1].message).toMatch(/^steps: -5/);
    expect(errorsOf(form, { etas: '2, 16', steps: '-5' }).map((e) => e.field)).toEqual(['steps']);
    expect(errorsOf(form, { etas: 'abc', steps: '64' }).map((e) => e.field)).toEqual(['etas']);
    expect(validateForm({ ...form, etas: '2, 16', steps: '64' }).ok).toBe(true);
  });

  it('flags three bad fields in the order parseConfig reads them', () => {
    const errors = errorsOf(toyForm(), { etas: 'abc', steps: '-5', seed: 'x' });
    expect(errors.map((e) => e.field)).toEqual(['seed', 'etas', 'steps']);
    // Three from the network's side: the digits, a width, and a loss that needs other data.
    const mlp = errorsOf(eosForm(), { classDigits: '1, 1', widths: '8, -1', activation: 'step' });
    expect(mlp.map((e) => e.field)).toEqual(['data.digits', 'model.widths', 'model.activation']);
  });

  it('reports a misfit model and loss for multi-class data together with a bad η', () => {
    const errors = errorsOf(eosForm(), { modelKind: 'linear', lossKind: 'logistic', etas: '0' });
    expect(errors.map((e) => e.field)).toEqual(['etas', 'model.kind', 'loss.kind']);
  });

  it('gives one message per field, however many of its values are bad', () => {
    const form = toyForm();
    expect(errorsOf(form, { etas: '-1, abc, 0' })).toHaveLength(1);
    expect(errorsOf(form, { etaMode: 'log', etaStart: 'x', etaCount: '0' }).map((e) => e.field)).toEqual(['etas']);
    // The seed is read twice with SGD (w₀ and the sample order): still one message.
    expect(errorsOf(form, { optimizer: 'sgd', seed: '-1' }).map((e) => e.field)).toEqual(['seed']);
    expect(errorsOf(form, { dataKind: 'mnist', digitA: 'x', digitB: '12' }).map((e) => e.field)).toEqual(['data.digits']);
  });

  it('collects errors of a hand-written link: unknown keys, the study and the recording cadence', () => {
    const raw = { ...presetRaw('accel', true), steps: 0, record: { denseUntil: -1 }, study: { kind: 'accel', horizons: [0] }, colour: 'red' };
    const { config, errors } = collectConfigErrors(raw);
    expect(config).toBeNull();
    expect(errors.map((e) => e.field)).toEqual(['colour', 'steps', 'general']);
    expect(errors[2].message).toMatch(/^record\.denseUntil/);
    // The caller's config is judged, never changed.
    expect(raw.steps).toBe(0);
  });

  it('stops after a bounded number of parses on a link with thousands of bad keys', () => {
    const raw: Record<string, unknown> = { data: { kind: 'toy' }, etas: [1], steps: 1 };
    for (let i = 0; i < 5000; i++) raw[`k${i}`] = i;
    const { config, errors } = collectConfigErrors(raw);
    expect(config).toBeNull();
    expect(errors.length).toBeGreaterThan(1);
    expect(errors.length).toBeLessThanOrEqual(48);
  });

  it('names a link\'s bias that is neither true nor false at the checkbox, until the box is ticked', () => {
    const raw = presetRaw('eos-sharpness', true) as { model: Record<string, unknown> };
    const form = formFromRaw({ ...raw, model: { ...raw.model, bias: 'yes' } });
    expect(form.bias).toBe(true);
    const errors = errorsOf(form, {});
    expect(errors.map((e) => e.field)).toEqual(['model.bias']);
    expect(errors[0].message).toMatch(/true or false/);
    // The checkbox's change handler clears badBias with the new value.
    for (const bias of [true, false]) {
      const v = validateForm({ ...form, bias, badBias: undefined });
      expect(v.ok && v.config.model).toMatchObject({ kind: 'mlp', bias });
    }
  });

  it('returns the config and no errors when the form is valid', () => {
    const { config, errors } = collectConfigErrors(presetRaw('mnist08', true));
    expect(errors).toEqual([]);
    expect(config?.name).toBe('mnist08');
  });
});

describe('url state', () => {
  it('keeps the config in the URL and reads kiosk settings', () => {
    const raw = presetRaw('mnist08', true);
    const url = urlWithConfig('http://127.0.0.1:5173/?preset=toy', raw);
    expect(new URL(url).searchParams.has('preset')).toBe(false);
    expect(configFromUrl(new URL(url).search)).toEqual(raw);
    expect(configFromUrl('?preset=accel&quick=1')).toEqual(presetRaw('accel', true));
    expect(configFromUrl('?config=%7Bbroken')).toBeNull();
    expect(kioskFromUrl('?kiosk=1&cycle=toy,mnist08,nope&dwell=60')).toEqual({ cycle: ['toy', 'mnist08'], dwellSeconds: 60, quick: false });
    expect(kioskFromUrl('?cycle=toy')).toBeNull();
  });
});

describe('upload limits', () => {
  it('refuses files over the limit by their size, before reading them', async () => {
    const { uploadTooLarge, MAX_DATA_UPLOAD_BYTES } = await import('../../src/ui/upload-limits');
    expect(uploadTooLarge('a.csv', 1000, MAX_DATA_UPLOAD_BYTES)).toBeNull();
    expect(uploadTooLarge('big.csv', 3 * 2 ** 30, MAX_DATA_UPLOAD_BYTES)).toBe('big.csv is 3072 MB; uploads are limited to 256 MB');
  });
});
