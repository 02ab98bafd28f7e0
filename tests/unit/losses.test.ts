import { describe, expect, it } from 'vitest';
import { exponential, flatExp, flatPoly, logistic, type Loss } from '../../src/core/losses';

const losses: Loss[] = [logistic, exponential, flatExp(0.5), flatExp(2), flatPoly(0.5), flatPoly(3)];
const grid: number[] = [];
for (let z = -1e4; z <= 1e4; z += 37.3) grid.push(z);
grid.push(-1e4, -700, -30, -1, -1e-9, 0, 1e-9, 0.5, 1, 30, 690, 745, 1e4);

describe('losses', () => {
  it('never give NaN and are non-negative, decreasing and convex on [-1e4, 1e4]', () => {
    for (const loss of losses) {
      for (const z of grid) {
        const v = loss.value(z);
        const d1 = loss.d1(z);
        const d2 = loss.d2(z);
        expect(Number.isNaN(v) || Number.isNaN(d1) || Number.isNaN(d2), `${loss.name} at ${z}`).toBe(false);
        expect(v, `${loss.name} at ${z}`).toBeGreaterThanOrEqual(0);
        expect(d1, `${loss.name} at ${z}`).toBeLessThanOrEqual(0);
        expect(d2, `${loss.name} at ${z}`).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(loss.logValue(z)) || loss.value(z) === 0, `${loss.name} log at ${z}`).toBe(true);
      }
    }
  });

  it('only the exponential loss leaves the float64 range (for z < -709), and its log stays finite', () => {
    for (const loss of losses) {
      for (const z of grid) {
        if (loss !== exponential) expect(Number.isFinite(loss.value(z)), `${loss.name} at ${z}`).toBe(true);
      }
    }
    expect(exponential.value(-1e4)).toBe(Infinity);
    expect(exponential.logValue(-1e4)).toBe(1e4);
  });

  it('derivatives match central finite differences', () => {
    for (const loss of losses) {
      for (const z of [-3, -0.7, 0.3, 1.1, 4, 12]) {
        const h = 1e-5 * Math.max(1, Math.abs(z));
        const fd1 = (loss.value(z + h) - loss.value(z - h)) / (2 * h);
        const fd2 = (loss.d1(z + h) - loss.d1(z - h)) / (2 * h);
        expect(loss.d1(z)).toBeCloseTo(fd1, 6);
        expect(Math.abs(loss.d2(z) - fd2)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd2)));
      }
    }
  });

  it('match closed forms, including the flattened branches', () => {
    expect(logistic.value(0)).toBe(Math.LN2);
    expect(logistic.d1(0)).toBe(-0.5);
    expect(logistic.d2(0)).toBe(0.25);
    expect(flatExp(2).value(-1)).toBe(3);
    expect(flatExp(2).d1(-1)).toBe(-2);
    expect(flatExp(2).value(1)).toBeCloseTo(Math.exp(-2), 15);
    expect(flatPoly(2).value(1)).toBeCloseTo(0.25, 15);
    expect(flatPoly(2).d1(1)).toBeCloseTo(-2 / 8, 15);
    expect(flatPoly(2).d2(1)).toBeCloseTo(6 / 16, 15);
    expect(flatPoly(2).value(-0.5)).toBe(2);
    // Continuity of value and slope at 0 (C¹).
    for (const loss of [flatExp(0.7), flatPoly(0.7)]) {
      expect(loss.value(-1e-12)).toBeCloseTo(loss.value(1e-12), 10);
      expect(loss.d1(-1e-12)).toBeCloseTo(loss.d1(1e-12), 10);
    }
  });

  it('keep full relative accuracy when the loss is 1e-300', () => {
    // z with e^{-z} = 1e-300: ℓ(z) = log1p(1e-300) = 1e-300 to double precision.
    const z = 300 * Math.LN10;
    expect(Math.abs(logistic.value(z) / 1e-300 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(exponential.value(z) / 1e-300 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(flatExp(1).value(z) / 1e-300 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(-logistic.d1(z) / 1e-300 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(logistic.d2(z) / 1e-300 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(logistic.logValue(z) / Math.log(1e-300) - 1)).toBeLessThan(1e-14);
    // Beyond the float64 range the log still answers: ln ℓ(2000) ≈ −2000.
    expect(logistic.logValue(2000)).toBeCloseTo(-2000, 10);
    // And for z ≪ 0 the logistic loss is −z to all digits, without overflow.
    expect(logistic.value(-1e4)).toBe(1e4);
    expect(logistic.d1(-1e4)).toBe(-1);
  });
});
