// Panels across runs rather than along steps: the final loss against η (a larger η ends lower once
// stable), and the acceleration study's L(w_T) against the horizon T with 1/T and 1/T² guides.

import type { StudyConfig } from '../../core/config-types';
import type { Results } from '../../core/results';
import { studyTable } from '../../core/study';
import { clean, type Cell } from './clean';
import { etaColor, GUIDE_COLOR, ramp } from './colors';
import { fmtEta } from './format';
import { PANEL_TITLES, type ChartInput, type PanelOptions, type PanelSeries, type PanelSpec } from './panel-types';

export function finalLossPanel(input: ChartInput, opts: PanelOptions = {}): PanelSpec {
  const yLog = opts.yLog?.finalLoss ?? true;
  const byEta = new Map<number, Cell>();
  for (const r of input.runs) {
    if (!(r.eta > 0)) continue;
    // A diverged run has no final loss worth plotting; its badge in the table says so.
    byEta.set(r.eta, r.status === 'diverged' ? null : clean(r.summary.finalLoss, yLog));
  }
  const x = [...byEta.keys()].sort((a, b) => a - b);
  return {
    id: 'finalLoss',
    title: PANEL_TITLES.finalLoss,
    xLabel: 'η',
    yLabel: 'L(w_T)',
    xLog: true,
    yLog,
    data: [x, x.map((e) => byEta.get(e) ?? null)],
    series: [{ label: 'final loss', color: ramp(0.35, opts.theme), role: 'point', eta: null }],
  };
}

/**
 * The acceleration figure from an accel study's sweep: η = c·T read at its own T, each fixed η at
 * every T, and guides C/T, C'/T² anchored at the first η = c·T point so they sit beside the data.
 */
export function accelPanel(study: Extract<StudyConfig, { kind: 'accel' }>, fixedEtas: number[], input: ChartInput, opts: PanelOptions = {}): PanelSpec {
  const yLog = opts.yLog?.accel ?? true;
  // studyTable reads only the runs, so a live partial result serves as well as a finished one.
  const table = studyTable(study, fixedEtas, [{ label: 'accel', results: input as Results }]);
  const rows = table.rows.filter((row) => typeof row[0] === 'number' && row[0] > 0);
  const x = rows.map((row) => row[0] as number);
  const col = (j: number) => rows.map((row) => clean(typeof row[j] === 'number' ? (row[j] as number) : null, yLog));
  const accel = col(1);
  const anchor = accel.findIndex((v) => v !== null);
  const c1 = anchor >= 0 ? accel[anchor]! * x[anchor] : 1;
  const c2 = anchor >= 0 ? accel[anchor]! * x[anchor] ** 2 : 1;
  const series: PanelSeries[] = [{ label: `η = ${study.c}·T`, color: 'rgb(220, 50, 47)', role: 'eta', eta: null }];
  const data: Cell[][] = [accel];
  fixedEtas.forEach((eta, k) => {
    series.push({ label: `η = ${fmtEta(eta, fixedEtas)}`, color: etaColor(eta, fixedEtas, opts.theme), role: 'eta', eta });
    data.push(col(2 + k));
  });
  series.push({ label: '∝ 1/T', color: GUIDE_COLOR, role: 'guide', eta: null });
  data.push(x.map((T) => clean(c1 / T, yLog)));
  series.push({ label: '∝ 1/T²', color: GUIDE_COLOR, role: 'guide', eta: null });
  data.push(x.map((T) => clean(c2 / (T * T), yLog)));
  return { id: 'accel', title: PANEL_TITLES.accel, xLabel: 'horizon T', yLabel: 'L(w_T)', xLog: true, yLog, data: [x, ...data], series };
}
