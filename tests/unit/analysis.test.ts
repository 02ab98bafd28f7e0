import { describe, expect, it } from 'vitest';
import { LossStream, logLogSlope, summarize } from '../../src/core/analysis';
import { metricsAt, recordSteps } from '../../src/core/cadence';
import { DEFAULT_RECORD } from '../../src/core/config-record';

describe('recording cadence', () => {
  it('records every step early, then log-spaced, always the last, within a few thousand points for 2^20 steps', () => {
    const s = recordSteps(2 ** 20, DEFAULT_RECORD);
    expect(s.slice(0, 1025)).toEqual(Array.from({ length: 1025 }, (_, i) => i));
    expect(s.at(-1)).toBe(2 ** 20);
    expect(s.length).toBeLessThan(2000);
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeGreaterThan(s[i - 1]);
    // Log-spaced after the dense part: consecutive ratios stay near 10^(1/256).
    const ratio = s[1500] / s[1499];
    expect(ratio).toBeGreaterThan(1);
    expect(ratio).toBeLessThan(1.02);
  });

  it('handles runs shorter than the dense part', () => {
    expect(recordSteps(5, DEFAULT_RECORD)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(recordSteps(1, { ...DEFAULT_RECORD, denseUntil: 0 })).toEqual([0, 1]);
  });

  it('measures sharpness only every few records and at the last one', () => {
    const all = ['loss', 'sharpness'] as const;
    const rec = { ...DEFAULT_RECORD, sharpnessEvery: 4 };
    expect(metricsAt(0, 10, [...all], rec)).toEqual(all);
    expect(metricsAt(1, 10, [...all], rec)).toEqual(['loss']);
    expect(metricsAt(9, 10, [...all], rec)).toEqual(all);
  });
});

describe('analysis', () => {
  it('finds the phase transition, counts increases, and says whether the loss is monotone after it', () => {
    const eta = 2; // transition when L <= 0.5
    const losses = [0.7, 1.2, 0.9, 1.0, 0.45, 0.3, 0.2, 0.1];
    const s = new LossStream(eta);
    losses.forEach((l, i) => s.push(i, l));
    expect(s.phaseTransitionStep).toBe(4);
    expect(s.lossIncreases).toBe(2);
    expect(s.lastIncreaseStep).toBe(3);
    const sum = summarize(s, [0, 1, 2, 4, 7], [0.7, 1.2, 0.9, 0.45, 0.1]);
    expect(sum.monotoneAfterTransition).toBe(true);
    expect(sum.maxLoss).toBe(1.2);
    expect(sum.finalLoss).toBe(0.1);
    expect(sum.etaTLoss).toBeCloseTo(2 * 7 * 0.1, 12);
  });

  it('notices an increase after the transition', () => {
    const s = new LossStream(1);
    [0.9, 0.5, 0.6, 0.4].forEach((l, i) => s.push(i, l));
    expect(summarize(s, [0, 3], [0.9, 0.4]).monotoneAfterTransition).toBe(false);
  });

  it('honours a relative tolerance for fp32 rounding', () => {
    const s = new LossStream(1, 1e-6);
    [0.5, 0.5 * (1 + 1e-7), 0.4].forEach((l, i) => s.push(i, l));
    expect(s.lossIncreases).toBe(0);
  });

  it('refuses steps out of order', () => {
    const s = new LossStream(1);
    s.push(0, 1);
    expect(() => s.push(2, 1)).toThrow(/expected step 1/);
  });

  it('fits the late log–log slope', () => {
    const t = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(logLogSlope(t, t.map((x) => 3 / x), 10)).toBeCloseTo(-1, 12);
    expect(logLogSlope(t, t.map((x) => 5 / (x * x)), 1)).toBeCloseTo(-2, 12);
    expect(logLogSlope([1], [1], 0)).toBeNull();
  });
});
