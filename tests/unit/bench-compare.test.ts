// bench/compare.ts: two reports row by row, and a report's variant rows against their default rows.
import { describe, expect, it } from 'vitest';
import { compareReports, compareVariants, formatComparison } from '../../bench/compare';
import { BENCH_FORMAT, type BenchReport } from '../../bench/report';
import type { Row } from '../../bench/suite';

function row(workload: string, engine: string, median: number | null, share?: number): Row {
  const base: Row = { workload, label: `label ${workload}`, engine, status: median === null ? 'failed' : 'ok', flopsPerStep: 1, bytesPerStep: 1 };
  if (median === null) return { ...base, reason: 'boom' };
  const s = { median, min: median, max: median, runs: 5 };
  return { ...base, stepsPerSecond: s, gflops: s, gbs: s, shareOfPeakFlops: share };
}

function report(rows: Row[]): BenchReport {
  return { format: BENCH_FORMAT, date: '2026-11-28', mode: 'full', host: { cpuModel: 'x', cores: 1, memoryGiB: 1, os: 'x', node: '20' }, runtime: 'node', adapter: null, peak: null, measure: { runs: 5, targetSeconds: 1, maxSteps: 1 }, rows, peers: [], notes: [] };
}

describe('bench:compare', () => {
  it('pairs rows by workload and engine, with the ratio of medians, and shows what is missing or failed', () => {
    const a = report([row('lin', 'gpu-dawn', 100, 0.01), row('ntk', 'gpu-dawn', 2), row('old', 'gpu-dawn', 5)]);
    const b = report([row('lin', 'gpu-dawn', 250, 0.025), row('ntk', 'gpu-dawn', null), row('new', 'gpu-dawn', 7)]);
    const c = compareReports(a, b);
    expect(c.map((r) => r.workload)).toEqual(['lin', 'ntk', 'old', 'new']);
    expect(c[0].ratio).toBeCloseTo(2.5, 12);
    expect(c[1].ratio).toBeUndefined();
    const table = formatComparison(c, ['A', 'B']);
    expect(table).toMatch(/\| label lin +\| gpu-dawn \| 100\.0 +\| 250\.0 +\| 2\.50× \| 1\.00% +\| 2\.50% /);
    expect(table).toMatch(/\| label ntk +\| gpu-dawn \| 2\.000 +\| failed /);
    expect(table).toMatch(/\| label old +\| gpu-dawn \| 5\.000 +\| absent /);
    expect(table).toMatch(/\| label new +\| gpu-dawn \| absent +\| 7\.000 /);
  });

  it('puts each variant row beside its default row of the same workload', () => {
    const r = report([row('lin', 'gpu-dawn', 3000), row('lin', 'gpu-dawn fused', 12000), row('ntk', 'gpu-dawn', 4), row('ntk', 'gpu-dawn ntk128', 6), row('ntk', 'cpu-reference', 0.1)]);
    const v = compareVariants(r);
    expect(v.map((c) => [c.workload, c.engineA, c.engineB, c.ratio])).toEqual([
      ['lin', 'gpu-dawn', 'gpu-dawn fused', 4],
      ['ntk', 'gpu-dawn', 'gpu-dawn ntk128', 1.5],
    ]);
    expect(formatComparison(v, ['default', 'variant'])).toContain('gpu-dawn fused vs gpu-dawn');
  });
});
