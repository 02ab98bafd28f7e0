// The panels whose x axis is the step: one curve per η, coloured along log η, with the guides the
// science calls for (1/η on the loss, 2/η on the sharpness) and the phase-transition markers.

import type { MetricName } from '../../core/config-types';
import { isMultiClassLoss } from '../../core/output-losses';
import type { RunResult } from '../../core/results';
import { pick, positions, sameSteps, thinIndices, unionSteps } from './align';
import { clean, type Cell } from './clean';
import { etaColor, GUIDE_COLOR } from './colors';
import { knownMargin } from '../../core/data/margin';
import { fmtEta, fmtNum } from './format';
import { PANEL_TITLES, PLAIN_LOSS_TITLE, type ChartInput, type PanelId, type PanelOptions, type PanelSeries, type PanelSpec } from './panel-types';

interface StepPanelDef {
  id: PanelId;
  metric: MetricName;
  yLabel: string;
  xLog: boolean;
  yLog: boolean;
  /** Turns a recorded value into what is plotted (η·t·L for the etatl panel). */
  map?: (v: number, step: number, eta: number) => number;
  /** A horizontal guide per η (1/η, 2/η). */
  guide?: { label: string; y: (eta: number) => number };
  markers?: boolean;
}

/**
 * Points kept per curve: about two per pixel of a wide chart. More cost uPlot and the rasterizer
 * time on every live update (measured with npm run bench:dashboard) and show nothing more.
 */
const MAX_POINTS = 1500;

export const STEP_PANELS: StepPanelDef[] = [
  { id: 'loss', metric: 'loss', yLabel: 'L(w_t)', xLog: true, yLog: true, guide: { label: '1/η', y: (e) => 1 / e }, markers: true },
  { id: 'etatl', metric: 'loss', yLabel: 'η·t·L(w_t)', xLog: true, yLog: true, map: (v, s, e) => e * s * v },
  { id: 'sharpness', metric: 'sharpness', yLabel: 'λ_max', xLog: false, yLog: true, guide: { label: '2/η', y: (e) => 2 / e } },
  { id: 'dist', metric: 'distFromInit', yLabel: '‖w_t − w_0‖', xLog: true, yLog: true },
  { id: 'accuracy', metric: 'accuracy', yLabel: 'accuracy', xLog: true, yLog: false },
  { id: 'gradNorm', metric: 'gradNorm', yLabel: '‖∇L‖', xLog: true, yLog: true },
  { id: 'margin', metric: 'margin', yLabel: 'margin', xLog: true, yLog: false },
  { id: 'expLoss', metric: 'expLoss', yLabel: 'F(w_t)', xLog: true, yLog: true },
];

/** The step of a run's phase transition when it can be drawn (step 0 has no place on a log axis). */
function transitionStep(run: RunResult, xLog: boolean): number | null {
  const s = run.summary.phaseTransitionStep;
  return s === null || (xLog && s <= 0) ? null : s;
}

/**
 * The x axis of a step panel: the union of the recorded steps (and the transition markers), each
 * run's positions on it, and the indices kept after thinning. Every log-x panel shares one (see
 * stepPanels), so the spike score runs over the points once per rebuild, not once per panel.
 */
export interface StepAxis {
  xAll: number[];
  pos: Int32Array[];
  idx: number[];
}

/** The axis for `def`, thinned by the largest value of `def`'s metric per bucket (so spikes survive). */
export function stepAxis(input: ChartInput, def: StepPanelDef, opts: PanelOptions = {}): StepAxis {
  const runs = input.runs;
  const markerSteps = def.markers ? runs.map((r) => transitionStep(r, def.xLog)).filter((s): s is number => s !== null) : [];
  const xAll = unionSteps([...runs.map((r) => r.series.step), markerSteps], def.xLog);
  // Runs of a sweep usually share one step list: map each distinct list to the x axis once.
  const pos = sharedPositions(xAll, runs.map((r) => r.series.step));

  // Spikes matter most in the loss: per bucket, keep the point where the highest curve is highest.
  const score = new Float64Array(xAll.length).fill(-Infinity);
  runs.forEach((r, k) => {
    const vals = r.series[def.metric];
    if (!vals) return;
    const p = pos[k];
    for (let i = 0; i < p.length; i++) {
      const v = vals[i];
      if (p[i] < 0 || v === null || !Number.isFinite(v)) continue;
      const y = def.map ? def.map(v, r.series.step[i], r.eta) : v;
      if (y > score[p[i]]) score[p[i]] = y;
    }
  });
  const keep = new Set(markerSteps.map((s) => xAll.indexOf(s)));
  return { xAll, pos, idx: thinIndices(xAll, opts.maxPoints ?? MAX_POINTS, def.xLog, keep, score) };
}

/**
 * The step panels for `defs`. Every metric but the sharpness is recorded at the same steps, so the
 * log-x panels share the loss panel's axis: one spike score over 64 η × 10^5 points instead of seven,
 * and the linked cursors land on the same steps in every panel. The sharpness (measured only every
 * few records, on a linear axis) gets an axis of its own.
 */
export function stepPanels(input: ChartInput, defs: readonly StepPanelDef[], opts: PanelOptions = {}): PanelSpec[] {
  const lossDef = STEP_PANELS[0];
  let shared: StepAxis | null = null;
  return defs.map((d) => {
    // The dashboard's log/linear x switch; a linear-x panel gets an axis of its own.
    const x = opts.xLog?.[d.id];
    const def = x === undefined ? d : { ...d, xLog: x };
    if (!def.xLog || def.metric === 'sharpness') return stepPanel(input, def, opts);
    shared ??= stepAxis(input, lossDef, opts);
    return stepPanel(input, def, opts, shared);
  });
}

export function stepPanel(input: ChartInput, def: StepPanelDef, opts: PanelOptions = {}, axis: StepAxis = stepAxis(input, def, opts)): PanelSpec {
  const yLog = opts.yLog?.[def.id] ?? def.yLog;
  const runs = input.runs;
  const etas = runs.map((r) => r.eta);
  const { xAll, pos, idx } = axis;
  const map = (eta: number) => (def.map ? (v: number, s: number) => def.map!(v, s, eta) : undefined);
  const x = pick(xAll, idx);
  // L ≤ 1/η (the transition, and its guide) is the binary margin losses' theory; for softmax CE and
  // MSE there is nothing at 1/η to draw.
  const binary = !isMultiClassLoss(input.config.loss.kind);
  const guide = def.guide && (binary || def.id !== 'loss') ? def.guide : undefined;
  const markers = def.markers && binary;
  const curves = runs.map((r, k) => gatherKept(r.series[def.metric], r.series.step, inverse(pos[k], xAll.length), idx, yLog, map(r.eta)));

  const series: PanelSeries[] = [];
  const data: Cell[][] = [];
  runs.forEach((r, k) => {
    series.push({ label: `η = ${fmtEta(r.eta, etas)}`, color: etaColor(r.eta, etas, opts.theme), role: 'eta', eta: r.eta });
    data.push(curves[k]);
  });
  if (guide) {
    for (const r of runs) {
      const y = clean(guide.y(r.eta), yLog);
      series.push({ label: `${guide.label} (η = ${fmtEta(r.eta, etas)})`, color: etaColor(r.eta, etas, opts.theme), role: 'guide', eta: r.eta });
      // Two points, joined across the gaps: a dashed line of thousands of segments costs uPlot and
      // the rasterizer far more than one, and 64 of them are drawn on every rebuild.
      data.push(x.map((_, i) => (i === 0 || i === x.length - 1 ? y : null)));
    }
  }
  // Where the data's margin γ is known (linear model), the stable phase's η·t·L tends to about 1/γ².
  const gamma = def.id === 'etatl' ? knownMargin(input.config) : null;
  if (gamma !== null) {
    series.push({ label: `1/γ² = ${fmtNum(1 / gamma ** 2, 4)} (γ = ${fmtNum(gamma, 3)})`, color: GUIDE_COLOR, role: 'guide', eta: null });
    const y = clean(1 / gamma ** 2, yLog);
    data.push(x.map((_, i) => (i === 0 || i === x.length - 1 ? y : null)));
  }
  if (markers) {
    for (const r of runs) {
      const s = transitionStep(r, def.xLog);
      // The marker sits where the loss crosses 1/η, the definition of the transition.
      const y = clean(1 / r.eta, yLog);
      series.push({ label: `transition (η = ${fmtEta(r.eta, etas)})`, color: etaColor(r.eta, etas, opts.theme), role: 'marker', eta: r.eta });
      data.push(x.map((xi) => (s !== null && xi === s ? y : null)));
    }
  }
  // The title promises only what is drawn: no 1/η guide or transition markers for softmax CE and MSE.
  const title = def.id === 'loss' && !binary ? PLAIN_LOSS_TITLE : gamma !== null ? `${PANEL_TITLES[def.id]} (dashed: 1/γ²)` : PANEL_TITLES[def.id];
  return { id: def.id, title, xLabel: 'step t', yLabel: def.yLabel, xLog: def.xLog, yLog, data: [x, ...data], series };
}

/** positions() for each list, computed once per distinct list (same array or same contents as the previous one). */
function sharedPositions(xAll: readonly number[], lists: readonly (readonly number[])[]): Int32Array[] {
  const out: Int32Array[] = [];
  let prevList: readonly number[] | null = null;
  let prevPos: Int32Array | null = null;
  for (const list of lists) {
    if (prevPos && prevList && sameSteps(prevList, list)) {
      out.push(prevPos);
      continue;
    }
    prevList = list;
    prevPos = positions(xAll, list);
    out.push(prevPos);
  }
  return out;
}

const inverses = new WeakMap<Int32Array, Int32Array>();

/** For each x index, the value index that landed there (−1 if none); cached per positions array. */
function inverse(pos: Int32Array, length: number): Int32Array {
  let inv = inverses.get(pos);
  if (!inv) {
    inv = new Int32Array(length).fill(-1);
    for (let i = 0; i < pos.length; i++) if (pos[i] >= 0) inv[pos[i]] = i;
    inverses.set(pos, inv);
  }
  return inv;
}

/** One cleaned series at the kept x indices only: the cost follows the thinned length, not the run's. */
function gatherKept(
  values: readonly (number | null)[] | undefined,
  steps: readonly number[],
  inv: Int32Array,
  kept: readonly number[],
  log: boolean,
  map?: (v: number, step: number) => number,
): Cell[] {
  const out: Cell[] = new Array<Cell>(kept.length).fill(null);
  if (!values) return out;
  for (let p = 0; p < kept.length; p++) {
    const i = inv[kept[p]];
    if (i < 0) continue;
    const v = values[i];
    out[p] = clean(v === null || v === undefined ? null : map ? map(v, steps[i]) : v, log);
  }
  return out;
}
