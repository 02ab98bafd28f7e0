// Every panel a results file supports, in display order: the step panels for the metrics it has,
// the final-loss panel, and the acceleration panel when the study is an acceleration study.

import type { StudyConfig } from '../../core/config-types';
import type { ChartInput, PanelId, PanelOptions, PanelSpec } from './panel-types';
import { STEP_PANELS, stepPanels } from './step-panels';
import { accelPanel, finalLossPanel } from './summary-panels';
import { floorLogAxis } from './log-floor';
import { bifurcationPanel } from './phase-panels';

export * from './panel-types';

/** The main panels, the ones rendered to PNG and shown first. */
export const MAIN_PANELS: PanelId[] = ['loss', 'etatl', 'sharpness', 'dist', 'accuracy', 'finalLoss', 'accel', 'bifurcation'];

export interface StudyContext {
  study: StudyConfig;
  /** The study config's own `etas` (the fixed ones, before the study added η = c·T). */
  fixedEtas: number[];
}

export function buildPanels(input: ChartInput, opts: PanelOptions & { study?: StudyContext; only?: PanelId[] } = {}): PanelSpec[] {
  const metrics = input.config.metrics;
  const wanted = (id: PanelId) => !opts.only || opts.only.includes(id);
  const out: PanelSpec[] = [];
  out.push(...stepPanels(input, STEP_PANELS.filter((def) => metrics.includes(def.metric) && wanted(def.id)), opts));
  if (wanted('finalLoss') && input.runs.length > 1) out.push(finalLossPanel(input, opts));
  const s = opts.study;
  if (wanted('accel') && s && s.study.kind === 'accel') out.push(accelPanel(s.study, s.fixedEtas, input, opts));
  // The bifurcation scatter where the late steps were all recorded and the optimum is known (non-separable, ℓ2 runs).
  const bifurcation = wanted('bifurcation') && input.optimum && input.runs.length > 1 ? bifurcationPanel(input, opts) : null;
  if (bifurcation) out.push(bifurcation);
  // Curves are drawn whatever their range: a log axis is floored where uPlot has ticks (log-floor.ts).
  return out.map(floorLogAxis);
}
