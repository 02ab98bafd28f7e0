import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { logSpace } from '../../src/core/config-etas';
import { DEFAULT_RECORD } from '../../src/core/config-record';
import { ConfigError } from '../../src/core/config-error';
import { presetNames, preset } from '../../src/core/presets';

const base = () => ({ data: { kind: 'toy' }, etas: [4, 8], steps: 100 }) as Record<string, unknown>;

/** Parses `mutate(base())` and returns the ConfigError it must throw. */
function errorOf(mutate: (c: Record<string, unknown>) => void): ConfigError {
  const c = base();
  mutate(c);
  try {
    parseConfig(c);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('fills in defaults for a minimal config', () => {
    const c = parseConfig(base());
    expect(c.format).toBe('bigstep.config/1');
    expect(c.model).toEqual({ kind: 'linear', init: 'zero', initScale: 1, initSeed: 0 });
    expect(c.loss).toEqual({ kind: 'logistic', a: 1 });
    expect(c.optimizer).toEqual({ kind: 'gd' });
    expect(c.record).toEqual(DEFAULT_RECORD);
    expect(c.metrics[0]).toBe('loss');
  });

  it('accepts JSON text and log-spaced stepsizes', () => {
    const c = parseConfig(JSON.stringify({ ...base(), etas: { start: 0.01, stop: 1, count: 3 } }));
    expect(c.etas[0]).toBe(0.01);
    expect(c.etas[1]).toBeCloseTo(0.1, 12);
    expect(c.etas[2]).toBe(1);
    expect(logSpace(2, 2, 1)).toEqual([2]);
  });

  it('always records the loss, in a fixed metric order', () => {
    const c = parseConfig({ ...base(), metrics: ['sharpness', 'accuracy'] });
    expect(c.metrics).toEqual(['loss', 'accuracy', 'sharpness']);
  });

  it('resolves every preset, full and quick, and a resolved config parses to itself', () => {
    for (const name of presetNames()) {
      for (const quick of [false, true]) {
        const c = preset(name, quick);
        expect(c.name).toBe(name);
        expect(parseConfig(JSON.parse(JSON.stringify(c)))).toEqual(c);
      }
    }
  });

  const cases: [string, (c: Record<string, unknown>) => void, string, RegExp][] = [
    ['unknown top-level field', (c) => (c.stepz = 5), 'stepz', /no such field/],
    ['unknown nested field', (c) => (c.model = { kind: 'linear', widht: 3 }), 'model.widht', /no such field/],
    ['eta zero', (c) => (c.etas = [1, 0]), 'etas[1]', /0 < value/],
    ['eta negative', (c) => (c.etas = [-1]), 'etas[0]', /0 < value/],
    ['eta infinite', (c) => (c.etas = [Infinity]), 'etas[0]', /finite/],
    ['eta not a number', (c) => (c.etas = ['abc']), 'etas[0]', /"abc"/],
    ['empty eta list', (c) => (c.etas = []), 'etas', /1 to 1024/],
    ['repeated eta', (c) => (c.etas = [1, 2, 1]), 'etas[2]', /differ from each other \(η = 1 is also etas\[0\]\)/],
    ['log-spaced etas that repeat', (c) => (c.etas = { start: 2, stop: 2, count: 3 }), 'etas.count', /differ from each other/],
    ['accel horizon whose η is a fixed one', (c) => ((c.etas = [4, 16]), (c.study = { kind: 'accel', c: 1, horizons: [8, 16] })), 'study.horizons', /η = c·T \(16\)/],
    ['log-spaced count zero', (c) => (c.etas = { start: 1, stop: 2, count: 0 }), 'etas.count', /integer/],
    ['steps zero', (c) => (c.steps = 0), 'steps', /1 <= value/],
    ['steps absurd', (c) => (c.steps = 1e15), 'steps', /<= 1073741824/],
    ['steps fractional', (c) => (c.steps = 1.5), 'steps', /integer/],
    ['steps missing', (c) => delete c.steps, 'steps', /integer/],
    ['width zero', (c) => (c.model = { kind: 'ntk', width: 0 }), 'model.width', /1 <= value <= 100000/],
    ['width too big', (c) => (c.model = { kind: 'ntk', width: 1e9 }), 'model.width', /<= 100000/],
    ['loss a zero', (c) => (c.loss = { kind: 'flatExp', a: 0 }), 'loss.a', /> 0|0 < value/],
    ['loss a negative', (c) => (c.loss = { kind: 'flatPoly', a: -2 }), 'loss.a', /-2/],
    ['a on logistic', (c) => (c.loss = { kind: 'logistic', a: 2 }), 'loss.a', /only flatExp and flatPoly/],
    ['unknown loss', (c) => (c.loss = { kind: 'hinge' }), 'loss.kind', /"logistic"/],
    ['unknown digit', (c) => (c.data = { kind: 'mnist', digits: [0, 10] }), 'data.digits[1]', /<= 9/],
    ['same digit twice', (c) => (c.data = { kind: 'mnist', digits: [3, 3] }), 'data.digits', /two different digits/],
    ['unknown data kind', (c) => (c.data = { kind: 'cifar' }), 'data.kind', /"mnist"/],
    ['mnist n too large', (c) => (c.data = { kind: 'mnist', n: 100000 }), 'data.n', /70000/],
    ['unknown scaling', (c) => (c.data = { kind: 'mnist', scaling: 'zscore' }), 'data.scaling', /"unitNorm"/],
    ['two-point gamma too large', (c) => (c.data = { kind: 'twoPoint', gamma: 0.5 }), 'data.gamma', /0.1/],
    ['synthetic margin zero', (c) => (c.data = { kind: 'synthetic', margin: 0 }), 'data.margin', /margin|> 0|0 </],
    ['negative seed', (c) => (c.model = { kind: 'ntk', width: 4, initSeed: -1 }), 'model.initSeed', /4294967295/],
    ['unknown optimizer', (c) => (c.optimizer = { kind: 'adam' }), 'optimizer.kind', /"gd"/],
    ['unknown metric', (c) => (c.metrics = ['loss', 'hessian']), 'metrics[1]', /"sharpness"/],
    ['bad record field', (c) => (c.record = { denseUntil: -1 }), 'record.denseUntil', /0 <= value/],
    ['wrong format', (c) => (c.format = 'bigstep.config/9'), 'format', /bigstep.config\/1/],
    ['data missing', (c) => delete c.data, 'data', /data set/],
    ['divergence bound', (c) => (c.divergeAbove = 0), 'divergeAbove', /> 0/],
  ];
  for (const [title, mutate, fieldName, allowed] of cases) {
    it(`rejects ${title} with a message naming ${fieldName}`, () => {
      const err = errorOf(mutate);
      expect(err.field).toBe(fieldName);
      expect(err.message.startsWith(`${fieldName}: `)).toBe(true);
      expect(err.message).toMatch(allowed);
    });
  }

  it('rejects a width above a custom limit, and allows it under a wider one', () => {
    const c = { ...base(), model: { kind: 'ntk', width: 200_000 } };
    expect(() => parseConfig(c)).toThrow(/model.width: 200000/);
    expect(parseConfig(c, { maxWidth: 300_000 }).model).toMatchObject({ width: 200_000 });
  });

  it('rejects text that is not JSON, and values that are not objects', () => {
    expect(() => parseConfig('{"data":')).toThrow(ConfigError);
    expect(() => parseConfig('[1,2]')).toThrow(/config: \[1,2\] is not allowed; expected an object/);
    expect(() => parseConfig(null)).toThrow(/expected an object/);
  });
});
