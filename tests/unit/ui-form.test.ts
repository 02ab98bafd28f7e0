// The dashboard's form model, without a browser: number text ("2^14", "1/64", "−1"), η lists, the
// round trip from every preset to the form and back, and which field an error belongs to.

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { presetNames, presetRaw } from '../../src/core/presets';
import { fieldOf, formFromRaw, parseEtaList, parseNumberText, rawFromForm, validateForm } from '../../src/ui/state/form-model';
import { configFromUrl, kioskFromUrl, urlWithConfig } from '../../src/ui/state/url-state';

describe('dashboard form model', () => {
  it('reads numbers as people type them, and leaves other text for parseConfig to name', () => {
    expect(parseNumberText('2^14')).toBe(16384);
    expect(parseNumberText('1/64')).toBe(1 / 64);
    expect(parseNumberText('1e-3')).toBe(0.001);
    expect(parseNumberText('−1')).toBe(-1);
    expect(parseNumberText('abc')).toBe('abc');
    expect(parseNumberText('')).toBe('');
    expect(parseEtaList('1/64, 1/16;0.25  1')).toEqual([1 / 64, 1 / 16, 0.25, 1]);
    expect(parseEtaList('')).toEqual([]);
  });

  it('round-trips every preset (quick and full) through the form to the same config', () => {
    for (const name of presetNames()) {
      for (const quick of [false, true]) {
        const raw = presetRaw(name, quick);
        const back = rawFromForm(formFromRaw(raw));
        expect(parseConfig(back), `${name} quick=${quick}`).toEqual(parseConfig(raw));
      }
    }
  });

  it('puts each bad value next to its field', () => {
    const form = formFromRaw(presetRaw('toy'));
    const cases: [Partial<typeof form>, string, RegExp][] = [
      [{ etas: '−1' }, 'etas', /^etas\[0\]: -1 is not allowed/],
      [{ etas: 'abc' }, 'etas', /^etas\[0\]: "abc"/],
      [{ etas: '' }, 'etas', /^etas: \[\]/],
      [{ steps: '0' }, 'steps', /^steps/],
      [{ dataKind: 'mnist', n: '1' }, 'data.n', /^data\.n/],
      [{ dataKind: 'mnist', digitA: '3', digitB: '3' }, 'data.digits', /two different digits/],
      [{ modelKind: 'ntk', width: '0' }, 'model.width', /^model\.width/],
      [{ lossKind: 'flatPoly', lossA: '-2' }, 'loss.a', /^loss\.a/],
      [{ etaMode: 'log', etaCount: '0' }, 'etas', /^etas\.count/],
      [{ seed: 'x' }, 'seed', /^model\.initSeed/],
    ];
    for (const [patch, field, message] of cases) {
      const v = validateForm({ ...form, ...patch });
      expect(v.ok, JSON.stringify(patch)).toBe(false);
      if (!v.ok) {
        expect(v.field, JSON.stringify(patch)).toBe(field);
        expect(v.message).toMatch(message);
      }
    }
    expect(fieldOf('study.horizons.2')).toBe('general');
    expect(validateForm(form).ok).toBe(true);
  });

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
