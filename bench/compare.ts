// Benchmark reports side by side (the library of compare-main.ts, `npm run bench:compare`): two runs
// row by row, or, in one run, each variant row ("gpu-dawn fused", "gpu-dawn ntk128") against its
// default row. Ratios are of median steps/s; a row that is missing or not 'ok' on one side shows that
// instead of a number.

import { readFileSync } from 'node:fs';
import { BENCH_FORMAT, markdownTable, type BenchReport } from './report';
import type { Row } from './suite';

export interface ComparedRow {
  workload: string;
  label: string;
  /** Engine id of the first side ("before", or the default path). */
  engineA: string;
  engineB: string;
  a: Row | undefined;
  b: Row | undefined;
  /** median steps/s of B over A, when both are 'ok'. */
  ratio?: number;
}

export function readReport(file: string): BenchReport {
  const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
  if (report.format !== BENCH_FORMAT) throw new Error(`${file}: not a ${BENCH_FORMAT} report (format ${JSON.stringify(report.format)})`);
  return report;
}

function ratioOf(a: Row | undefined, b: Row | undefined): number | undefined {
  if (a?.status !== 'ok' || b?.status !== 'ok') return undefined;
  return b.stepsPerSecond!.median / a.stepsPerSecond!.median;
}

/** Every workload × engine of either report, in the order they first appear (A's, then B's new ones). */
export function compareReports(a: BenchReport, b: BenchReport): ComparedRow[] {
  const key = (r: Row): string => `${r.workload}\u0000${r.engine}`;
  const inB = new Map(b.rows.map((r) => [key(r), r]));
  const inA = new Map(a.rows.map((r) => [key(r), r]));
  const keys = [...new Set([...a.rows.map(key), ...b.rows.map(key)])];
  return keys.map((k) => {
    const ra = inA.get(k);
    const rb = inB.get(k);
    const any = (ra ?? rb)!;
    return { workload: any.workload, label: any.label, engineA: any.engine, engineB: any.engine, a: ra, b: rb, ratio: ratioOf(ra, rb) };
  });
}

/** Each variant row ("<id> <suffix>") against the row of "<id>" on the same workload, in one report. */
export function compareVariants(report: BenchReport): ComparedRow[] {
  const rows = report.rows;
  const out: ComparedRow[] = [];
  for (const v of rows) {
    const space = v.engine.indexOf(' ');
    if (space < 0) continue;
    const base = rows.find((r) => r.workload === v.workload && r.engine === v.engine.slice(0, space));
    out.push({ workload: v.workload, label: v.label, engineA: base?.engine ?? v.engine.slice(0, space), engineB: v.engine, a: base, b: v, ratio: ratioOf(base, v) });
  }
  return out;
}

const fmt = (r: Row | undefined): string => (r === undefined ? 'absent' : r.status !== 'ok' ? r.status : r.stepsPerSecond!.median.toPrecision(4));
const peak = (r: Row | undefined): string => (r?.shareOfPeakFlops === undefined ? '' : `${(100 * r.shareOfPeakFlops).toFixed(2)}%`);

export function formatComparison(rows: ComparedRow[], sides: [string, string]): string {
  const head = ['workload', 'engine', `steps/s ${sides[0]}`, `steps/s ${sides[1]}`, `${sides[1]} / ${sides[0]}`, `% fp32 peak ${sides[0]}`, `% fp32 peak ${sides[1]}`];
  const body = rows.map((c) => [
    c.label,
    c.engineA === c.engineB ? c.engineA : `${c.engineB} vs ${c.engineA}`,
    fmt(c.a),
    fmt(c.b),
    c.ratio === undefined ? '' : `${c.ratio.toFixed(2)}×`,
    peak(c.a),
    peak(c.b),
  ]);
  return markdownTable(head, body);
}
