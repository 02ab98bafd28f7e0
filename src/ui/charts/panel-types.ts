// What a chart panel is, independent of uPlot: the aligned data (x first) and what each series
// means. Tests check these directly; uplot-options.ts turns them into uPlot options.

import type { Results } from '../../core/results';
import type { Cell } from './clean';
import type { Theme } from './colors';

export type PanelId = 'loss' | 'etatl' | 'sharpness' | 'dist' | 'accuracy' | 'gradNorm' | 'margin' | 'expLoss' | 'finalLoss' | 'accel' | 'bifurcation' | 'phase';

/**
 * eta: one run's curve; guide: a reference line (1/η, 2/η, 1/T…); marker: isolated points (phase
 * transitions); raw: the unsmoothed curve under a smoothed one (smooth.ts); scatter: small dots
 * only (the bifurcation panel's late iterates; the key names the first of them).
 */
export type SeriesRole = 'eta' | 'guide' | 'marker' | 'point' | 'raw' | 'scatter';

export interface PanelSeries {
  label: string;
  color: string;
  role: SeriesRole;
  /** The run's η (shared by its curve, guide and marker, so hiding an η hides all three); null for others. */
  eta: number | null;
  /** The line's dash pattern (px on, px off) where it is not solid: the curves of an overlaid run (overlay.ts). */
  dash?: number[];
  /** The overlaid run a curve belongs to (its name); absent for the sweep on view. */
  run?: string;
}

export interface PanelSpec {
  id: PanelId;
  title: string;
  xLabel: string;
  yLabel: string;
  xLog: boolean;
  yLog: boolean;
  /** data[0] is x (finite, ascending, > 0 on log axes); data[i + 1] belongs to series[i]. */
  data: [number[], ...Cell[][]];
  series: PanelSeries[];
  /** Vertical reference lines (1/λ_max, 2/λ_max), drawn dashed across the plot and named in the key. */
  vLines?: { x: number; label: string; color: string }[];
}

/** What the charts read: a finished Results, or the partial one a live run builds as it goes. */
export type ChartInput = Pick<Results, 'config' | 'runs'> & Partial<Pick<Results, 'optimum'>>;

export interface PanelOptions {
  /** Most x points per panel (thinned evenly in log x, spikes kept); default 4000. */
  maxPoints?: number;
  /** Override the default y axis of a panel (the dashboard's log/linear switch). */
  yLog?: Partial<Record<PanelId, boolean>>;
  /** Override the default x axis of a step panel (log or linear steps). */
  xLog?: Partial<Record<PanelId, boolean>>;
  /** Colours chosen to stand out on this theme's panel (default light). */
  theme?: Theme;
}

export const PANEL_TITLES: Record<PanelId, string> = {
  loss: 'Loss L(w_t) vs step (dashed: 1/η; ◆: phase transition)',
  etatl: 'η · t · L(w_t) vs step',
  sharpness: 'Sharpness λ_max(∇²L) vs step (dashed: 2/η)',
  dist: 'Distance from init ‖w_t − w_0‖',
  accuracy: 'Training accuracy',
  gradNorm: 'Gradient norm ‖∇L(w_t)‖',
  margin: 'Normalized margin min_i y_i f(x_i)/‖w‖',
  expLoss: 'Exponential loss F(w_t)',
  finalLoss: 'Final loss L(w_T) vs η',
  accel: 'Acceleration: L(w_T) vs T (dashed: ∝ 1/T and ∝ 1/T²)',
  bifurcation: 'Bifurcation: late losses vs η (dashed: 1/λ_max and 2/λ_max at w*)',
  phase: 'Phase diagram: late behaviour over η × λ (dashed: critical η and 2/λ_max)',
};

/** The loss panel's title where nothing sits at 1/η (softmax CE, MSE). */
export const PLAIN_LOSS_TITLE = 'Loss L(w_t) vs step';
