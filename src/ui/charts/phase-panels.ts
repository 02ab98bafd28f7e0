// The η-phase diagram, from one sweep or one study: a bifurcation scatter (each η's late losses, the
// last LATE_POINTS steps, against η, with 1/λ_max and 2/λ_max of the optimum marked) and, for an ℓ2
// study, the η × λ map of late behaviour (converged, cycle, chaotic, diverged) with the critical-η
// curve 1/(λ ln(1/λ)) and the local-stability line 2/λ_max(w*) of each λ.

import { phaseOf } from '../../core/period';
import type { Results } from '../../core/results';
import { criticalEta } from '../../core/study';
import { clean, type Cell } from './clean';
import { GUIDE_COLOR, ramp } from './colors';
import { PANEL_TITLES, type ChartInput, type PanelOptions, type PanelSeries, type PanelSpec } from './panel-types';

/** Late steps drawn per η: enough to show every cycle the period detector names (up to 32). */
export const LATE_POINTS = 64;

/** The late losses of each done run whose last LATE_POINTS steps were all recorded; null when no run has them. */
export function bifurcationPanel(input: ChartInput, opts: PanelOptions = {}): PanelSpec | null {
  const rows: { eta: number; late: number[] }[] = [];
  for (const r of input.runs) {
    const steps = r.series.step;
    const n = steps.length;
    if (r.status !== 'done' || n < LATE_POINTS || steps[n - 1] - steps[n - LATE_POINTS] !== LATE_POINTS - 1) continue;
    rows.push({ eta: r.eta, late: (r.series.loss ?? []).slice(n - LATE_POINTS).map((v) => v ?? NaN) });
  }
  if (rows.length === 0) return null;
  rows.sort((a, b) => a.eta - b.eta);
  const yLog = opts.yLog?.bifurcation ?? true;
  const color = ramp(0.35, opts.theme);
  const series: PanelSeries[] = [];
  const data: Cell[][] = [];
  for (let j = 0; j < LATE_POINTS; j++) {
    series.push({ label: j === 0 ? `late L(w_t), last ${LATE_POINTS} steps` : '', color, role: 'scatter', eta: null });
    data.push(rows.map((row) => clean(row.late[j], yLog)));
  }
  const top = input.optimum?.hessianTop;
  const vLines = top ? [
    { x: 1 / top, label: '1/λ_max', color: GUIDE_COLOR },
    { x: 2 / top, label: '2/λ_max', color: 'rgb(220, 50, 47)' },
  ] : [];
  return { id: 'bifurcation', title: PANEL_TITLES.bifurcation, xLabel: 'η', yLabel: 'late L(w_t)', xLog: true, yLog, data: [rows.map((r) => r.eta), ...data], series, vLines };
}

const PHASES = [
  { phase: 'converged', color: 'rgb(38, 139, 60)' },
  { phase: 'cycle', color: 'rgb(230, 140, 20)' },
  { phase: 'chaotic', color: 'rgb(200, 40, 120)' },
  { phase: 'diverged', color: 'rgb(40, 40, 40)' },
] as const;

/** The η × λ phase map of an ℓ2 study's sweeps (one per λ > 0): y = λ, x = η, one colour per late behaviour. */
export function phasePanel(parts: { results: Results }[]): PanelSpec {
  const byLambda = parts.map(({ results }) => ({ lambda: results.config.loss.l2 ?? 0, results })).filter((p) => p.lambda > 0);
  const xs = new Set<number>();
  for (const { lambda, results } of byLambda) {
    for (const r of results.runs) xs.add(r.eta);
    const c = criticalEta(lambda);
    if (c !== null) xs.add(c);
    if (results.optimum) xs.add(results.optimum.criticalEta);
  }
  const x = [...xs].sort((a, b) => a - b);
  const col = () => new Array<Cell>(x.length).fill(null);
  // One column per (phase, λ): several λ share an η, and a column holds one value per η.
  const series: PanelSeries[] = [];
  const classes: Cell[][] = [];
  const critical = col();
  const stability = col();
  byLambda.forEach(({ lambda, results }, j) => {
    const cols = PHASES.map(() => col());
    for (const r of results.runs) {
      const k = PHASES.findIndex((p) => p.phase === phaseOf(r.status, r.summary.latePeriod ?? null));
      if (k >= 0) cols[k][x.indexOf(r.eta)] = lambda;
    }
    PHASES.forEach((p) => series.push({ label: j === 0 ? p.phase : '', color: p.color, role: 'marker', eta: null }));
    classes.push(...cols);
    const c = criticalEta(lambda);
    if (c !== null) critical[x.indexOf(c)] = lambda;
    if (results.optimum) stability[x.indexOf(results.optimum.criticalEta)] = lambda;
  });
  series.push({ label: 'critical η ≈ 1/(λ ln(1/λ))', color: GUIDE_COLOR, role: 'guide', eta: null });
  series.push({ label: '2/λ_max(∇²L(w*))', color: 'rgb(220, 50, 47)', role: 'guide', eta: null });
  return { id: 'phase', title: PANEL_TITLES.phase, xLabel: 'η', yLabel: 'λ', xLog: true, yLog: true, data: [x, ...classes, critical, stability], series };
}
