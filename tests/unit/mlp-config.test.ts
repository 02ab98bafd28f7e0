// Config and data for the fully connected network: the mlp model, the multi-class losses and the
// multi-class MNIST data set; defaults, re-parsing, and a clear error for every bad value.

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { ConfigError } from '../../src/core/config-error';
import { loadDataset } from '../../src/core/data/load';
import { preset } from '../../src/core/presets';
import { nodeDataIO } from '../../src/node/data-io';

const multi = () =>
  ({
    data: { kind: 'mnistClasses', n: 40 },
    model: { kind: 'mlp', widths: [8, 8] },
    loss: { kind: 'softmaxCE' },
    etas: [0.1],
    steps: 10,
  }) as Record<string, unknown>;

function errorOf(raw: Record<string, unknown>): ConfigError {
  try {
    parseConfig(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('mlp config', () => {
  it('fills in defaults, and the resolved config parses to itself', () => {
    const c = parseConfig(multi());
    expect(c.model).toEqual({ kind: 'mlp', widths: [8, 8], activation: 'relu', bias: true, init: 'pytorch', initSeed: 0 });
    expect(c.data).toEqual({ kind: 'mnistClasses', digits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], n: 40, split: 'train', scaling: 'pixel', subsetSeed: 0 });
    expect(c.loss).toEqual({ kind: 'softmaxCE', a: 1 });
    expect(parseConfig(JSON.parse(JSON.stringify(c)))).toEqual(c);
    for (const name of ['mlp3-mnist', 'eos-sharpness']) {
      for (const quick of [false, true]) {
        const p = preset(name, quick);
        expect(parseConfig(JSON.parse(JSON.stringify(p)))).toEqual(p);
      }
    }
  });

  it('accepts the mlp on binary data with a margin loss', () => {
    const c = parseConfig({ data: { kind: 'toy' }, model: { kind: 'mlp', widths: [4], activation: 'gelu', bias: false }, etas: [1], steps: 1 });
    expect(c.model.kind).toBe('mlp');
  });

  const bad: [string, (c: Record<string, unknown>) => void, string, RegExp][] = [
    ['missing widths', (c) => (c.model = { kind: 'mlp' }), 'model.widths', /hidden widths/],
    ['empty widths', (c) => (c.model = { kind: 'mlp', widths: [] }), 'model.widths', /array of 1 to 15/],
    ['zero width', (c) => (c.model = { kind: 'mlp', widths: [8, 0] }), 'model.widths[1]', /1 <= value/],
    ['fractional width', (c) => (c.model = { kind: 'mlp', widths: [2.5] }), 'model.widths[0]', /integer/],
    ['unknown activation', (c) => (c.model = { kind: 'mlp', widths: [4], activation: 'sigmoid' }), 'model.activation', /"relu", "tanh", "gelu"/],
    ['bias not boolean', (c) => (c.model = { kind: 'mlp', widths: [4], bias: 'yes' }), 'model.bias', /true or false/],
    ['unknown init', (c) => (c.model = { kind: 'mlp', widths: [4], init: 'xavier' }), 'model.init', /"pytorch", "kaimingNormal"/],
    ['unknown mlp field', (c) => (c.model = { kind: 'mlp', widths: [4], width: 4 }), 'model.width', /no such field/],
    ['linear on multi-class data', (c) => (c.model = { kind: 'linear' }), 'model.kind', /"mlp" for multi-class/],
    ['margin loss on multi-class data', (c) => (c.loss = { kind: 'logistic' }), 'loss.kind', /"softmaxCE", "mse"/],
    ['multi-class loss on binary data', (c) => (c.data = { kind: 'toy' }), 'loss.kind', /for binary data/],
    ['sgd with the mlp', (c) => (c.optimizer = { kind: 'sgd' }), 'optimizer.kind', /"gd" for the mlp/],
    ['one digit', (c) => (c.data = { kind: 'mnistClasses', digits: [3] }), 'data.digits', /array of 2 to 10/],
    ['repeated digit', (c) => (c.data = { kind: 'mnistClasses', digits: [3, 3] }), 'data.digits', /different digits/],
    ['digit 10', (c) => (c.data = { kind: 'mnistClasses', digits: [3, 10] }), 'data.digits[1]', /0 <= value <= 9/],
    ['fewer samples than classes', (c) => (c.data = { kind: 'mnistClasses', n: 5 }), 'data.n', /10 <= value/],
    ['a on softmaxCE', (c) => (c.loss = { kind: 'softmaxCE', a: 2 }), 'loss.a', /no parameter/],
  ];
  for (const [what, mutate, fieldName, allowed] of bad) {
    it(`rejects ${what}, naming ${fieldName}`, () => {
      const c = multi();
      mutate(c);
      const err = errorOf(c);
      expect(err.field).toBe(fieldName);
      expect(err.message).toMatch(allowed);
    });
  }

  it('checks every loss × model of a loss study against the data', () => {
    const err = errorOf({ data: { kind: 'toy' }, etas: [1], steps: 1, study: { kind: 'losses', losses: [{ kind: 'logistic' }, { kind: 'mse' }] } });
    expect(err.field).toBe('study.losses[1].kind');
  });
});

describe('multi-class MNIST data', () => {
  it('draws n samples split evenly over the digits, labelled by position, deterministic per seed', async () => {
    const cfg = parseConfig({ ...multi(), data: { kind: 'mnistClasses', digits: [7, 2, 9], n: 32 } });
    const data = await loadDataset(cfg.data, nodeDataIO);
    expect(data.n).toBe(32);
    expect(data.d).toBe(784);
    expect(data.classes).toBe(3);
    const counts = [0, 0, 0];
    for (const c of data.labels!) counts[c]++;
    expect(counts).toEqual([11, 11, 10]);
    expect(Array.from(data.y).every((v) => v === 0)).toBe(true);
    expect(data.name).toBe('MNIST train digits 7,2,9, n = 32, pixel/255');
    const again = await loadDataset(cfg.data, nodeDataIO);
    expect(again.sourceIndex).toEqual(data.sourceIndex);
    // The source labels agree with the classes.
    const labels = (await import('../../src/core/data/idx')).parseIdx(await nodeDataIO.mnistFile('train', 'labels'), 'labels');
    for (let i = 0; i < data.n; i++) expect(labels.data[data.sourceIndex![i]]).toBe([7, 2, 9][data.labels![i]]);
  });
});
