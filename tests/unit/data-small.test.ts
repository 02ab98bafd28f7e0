import { describe, expect, it } from 'vitest';
import { labelCounts, row } from '../../src/core/data/dataset';
import { hiddenDirection, syntheticData } from '../../src/core/data/synthetic';
import { TOY_MARGIN, toyData } from '../../src/core/data/toy';
import { twoPointData } from '../../src/core/data/two-point';

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

describe('toy set', () => {
  it('has the four points of the paper', () => {
    const data = toyData();
    expect(data.n).toBe(4);
    expect(data.d).toBe(2);
    expect(Array.from(data.x)).toEqual([1, 0.2, -2, 0.2, -1, -0.2, 2, -0.2]);
    expect(Array.from(data.y)).toEqual([1, 1, -1, -1]);
  });

  it('is separated by w* = (0, 1) with margin 0.2', () => {
    const data = toyData();
    const w = Float64Array.of(0, 1);
    for (let i = 0; i < data.n; i++) expect(data.y[i] * dot(row(data, i), w)).toBeCloseTo(TOY_MARGIN, 15);
  });
});

describe('two-point set', () => {
  it('has x1 = (γ, √(1−γ²)), x2 = (γ, −√(1−γ²)/2), both +1', () => {
    const g = 0.05;
    const data = twoPointData(g);
    const s = Math.sqrt(1 - g * g);
    expect(Array.from(data.x)).toEqual([g, s, g, -s / 2]);
    expect(Array.from(data.y)).toEqual([1, 1]);
    expect(Math.hypot(data.x[0], data.x[1])).toBeCloseTo(1, 15);
    expect(data.name).toContain('γ = 0.05');
  });
});

describe('synthetic separable data', () => {
  const cases = [
    { n: 200, d: 20, margin: 0.1, seed: 0 },
    { n: 1000, d: 2, margin: 0.01, seed: 7 },
    { n: 50, d: 500, margin: 0.5, seed: 123 },
    { n: 30, d: 3, margin: 0.999, seed: 1 },
    { n: 2, d: 2, margin: 1e-6, seed: 4_000_000_000 },
  ];

  it.each(cases)('n = $n, d = $d, γ = $margin: every y xᵀw* ≥ γ and ‖x‖ ≤ 1', (cfg) => {
    const data = syntheticData(cfg);
    expect(data.n).toBe(cfg.n);
    expect(data.d).toBe(cfg.d);
    expect(Math.sqrt(dot(data.wStar, data.wStar))).toBeCloseTo(1, 14);
    let minMargin = Infinity;
    for (let i = 0; i < data.n; i++) {
      const x = row(data, i);
      const m = data.y[i] * dot(x, data.wStar);
      expect(m).toBeGreaterThanOrEqual(cfg.margin);
      expect(Math.sqrt(dot(x, x))).toBeLessThanOrEqual(1);
      minMargin = Math.min(minMargin, m);
    }
    // The smallest margin is close to γ (within (1 − γ)/n·10 here; the construction gives ≈ (1 − γ)/n²).
    if (cfg.n >= 30) expect(minMargin - cfg.margin).toBeLessThan(((1 - cfg.margin) / cfg.n) * 10);
    const { positive, negative } = labelCounts(data);
    expect(positive).toBe(Math.ceil(cfg.n / 2));
    expect(negative).toBe(Math.floor(cfg.n / 2));
  });

  it('many samples sit on the unit sphere in high dimension', () => {
    const data = syntheticData({ n: 200, d: 200, margin: 0.1, seed: 3 });
    let onSphere = 0;
    for (let i = 0; i < data.n; i++) if (Math.sqrt(dot(row(data, i), row(data, i))) > 0.999) onSphere++;
    expect(onSphere).toBeGreaterThan(100);
  });

  it('is deterministic for a seed, and different seeds differ', () => {
    const cfg = { n: 100, d: 10, margin: 0.1, seed: 42 };
    const a = syntheticData(cfg);
    const b = syntheticData(cfg);
    const c = syntheticData({ ...cfg, seed: 43 });
    expect(a.x).toEqual(b.x);
    expect(a.y).toEqual(b.y);
    expect(a.wStar).toEqual(b.wStar);
    expect(a.x).not.toEqual(c.x);
    expect(a.wStar).not.toEqual(c.wStar);
    expect(hiddenDirection(42, 10)).toEqual(a.wStar);
    expect(a.name).toBe('synthetic: n = 100, d = 10, margin 0.1, seed 42');
  });
});
