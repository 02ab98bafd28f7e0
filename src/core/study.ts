// A study expands into plain sweeps (configs without `study`), and its table is read back from
// their results. Acceleration needs one sweep: the runs η = c·T all start together and each is read
// at its own horizon T, which the recording cadence is told to include.

import { optimizerLabel } from './config-optimizer';
import type { ExperimentConfig, LossConfig, ModelConfig, StudyConfig } from './config-types';
import { firstStepBelow } from './analysis';
import { phaseOf } from './period';
import type { Results } from './results';
import { predictedSlope, talkEta, talkRate } from './talk-rates';

export interface SubSweep {
  /** Short, file-name-safe label ("accel", "m=1000", "logistic-linear"). */
  label: string;
  config: ExperimentConfig;
}

export function expandStudy(config: ExperimentConfig): SubSweep[] {
  const { study, ...plain } = config;
  if (!study) return [{ label: config.name, config }];
  switch (study.kind) {
    case 'accel': {
      const horizons = study.horizons;
      const steps = horizons[horizons.length - 1];
      const extraSteps = [...new Set([...plain.record.extraSteps, ...horizons])].sort((a, b) => a - b);
      const etas = [...plain.etas, ...horizons.map((T) => study.c * T)];
      return [{ label: 'accel', config: { ...plain, etas, steps, record: { ...plain.record, extraSteps } } }];
    }
    case 'widths':
      return study.widths.map((m) => ({
        label: `m=${m}`,
        config: { ...plain, name: `${config.name}-m${m}`, model: { ...(plain.model as Extract<ModelConfig, { kind: 'ntk' }>), width: m } },
      }));
    case 'losses':
      return study.losses.flatMap((loss) =>
        study.models.map((model) => {
          const label = `${lossLabel(loss)}-${modelLabel(model)}`;
          const etas = study.talkEtas ? [...new Set([...plain.etas, talkEta(loss, plain.steps)])] : plain.etas;
          return { label, config: { ...plain, name: `${config.name}-${label}`, loss, model, etas } };
        }),
      );
    case 'optimizers':
      return study.optimizers.map((optimizer) => {
        const label = optimizerLabel(optimizer);
        return { label, config: { ...plain, name: `${config.name}-${label}`, optimizer } };
      });
    case 'l2':
      return study.lambdas.map((l2) => {
        const { l2: _, ...base } = plain.loss;
        return { label: `l2=${l2}`, config: { ...plain, name: `${config.name}-l2=${l2}`, loss: l2 > 0 ? { ...base, l2 } : base } };
      });
  }
}

/** The loss level the optimizer study reports steps to reach (the adaptive-stepsize claim's ε). */
export const TARGET_LOSS = 1e-6;
/** The distance to w* the ℓ2 study reports steps to reach (how many steps each η needs: Õ(κ) against Õ(√κ)). */
export const TARGET_DISTANCE = 1e-6;

export function lossLabel(loss: LossConfig): string {
  return loss.kind === 'flatExp' || loss.kind === 'flatPoly' ? `${loss.kind}(a=${loss.a})` : loss.kind;
}

export function modelLabel(model: ModelConfig): string {
  if (model.kind === 'mlp') return `mlp(${model.widths.join('-')},${model.activation})`;
  return model.kind === 'linear' ? 'linear' : `ntk(m=${model.width})`;
}

/** A study's table: column names and rows of cells (numbers or text; null = not available). */
export interface StudyTable {
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
}

/** The loss of run `k` at step T, or null if T was not recorded or the value is not finite. */
function lossAt(results: Results, k: number, T: number): number | null {
  const run = results.runs[k];
  const i = run.series.step.indexOf(T);
  return i < 0 ? null : (run.series.loss?.[i] ?? null);
}

export function studyTable(study: StudyConfig, fixedEtas: number[], parts: { label: string; results: Results }[]): StudyTable {
  switch (study.kind) {
    case 'accel': {
      const res = parts[0].results;
      const F = fixedEtas.length;
      return {
        title: `Acceleration: L(w_T) for η = ${study.c}·T against fixed η (guides: 1/T and 1/T²)`,
        columns: ['T', `eta=${study.c}T`, ...fixedEtas.map((e) => `eta=${e}`), '1/T', '1/T^2'],
        rows: study.horizons.map((T, j) => [T, lossAt(res, F + j, T), ...fixedEtas.map((_, k) => lossAt(res, k, T)), 1 / T, 1 / (T * T)]),
      };
    }
    case 'widths':
      return {
        title: 'Width study: final loss and largest distance from init per width m and η',
        columns: ['m', 'eta', 'status', 'transition', 'final loss', 'max |w_t - w_0|'],
        rows: parts.flatMap(({ results }) =>
          results.runs.map((r) => [
            results.config.model.kind === 'ntk' ? results.config.model.width : null,
            r.eta,
            r.status,
            r.summary.phaseTransitionStep,
            r.summary.finalLoss,
            maxOf(r.series.distFromInit),
          ]),
        ),
      };
    case 'losses':
      return {
        title: 'Loss × model × η: final loss, phase transition, loss increases, late slope against the talk\'s rates',
        columns: ['loss', 'model', 'eta', 'status', 'transition', 'increases', 'final loss', 'late slope', 'predicted slope', 'rate (talk)'],
        rows: parts.flatMap(({ results }) =>
          results.runs.map((r) => [
            lossLabel(results.config.loss),
            modelLabel(results.config.model),
            r.eta,
            r.status,
            r.summary.phaseTransitionStep,
            r.summary.lossIncreases,
            r.summary.finalLoss,
            r.summary.lateSlope,
            predictedSlope(results.config.loss),
            talkRate(results.config.loss, r.eta, results.config.steps),
          ]),
        ),
      };
    case 'optimizers':
      return {
        title: `Optimizers × η: final loss, first recorded step with L <= ${TARGET_LOSS}, loss increases, late period`,
        columns: ['optimizer', 'eta', 'status', 'final loss', `steps to L<=${TARGET_LOSS}`, 'increases', 'late period'],
        rows: parts.flatMap(({ results }) =>
          results.runs.map((r) => [
            optimizerLabel(results.config.optimizer),
            r.eta,
            r.status,
            r.summary.finalLoss,
            firstStepBelow(r.series.step, r.series.loss ?? [], TARGET_LOSS),
            r.summary.lossIncreases,
            r.summary.latePeriod ?? null,
          ]),
        ),
      };
    case 'l2':
      return {
        title: `ℓ2 phase diagram: late behaviour per λ and η (converged, cycle, chaotic, diverged), first recorded step with ‖w − w*‖ <= ${TARGET_DISTANCE}, beside the critical η ≈ 1/(λ ln(1/λ))`,
        columns: ['lambda', 'eta', 'status', 'phase', 'late period', 'final loss', 'final |w - w*|', `steps to |w - w*|<=${TARGET_DISTANCE}`, 'critical eta'],
        rows: parts.flatMap(({ results }) => {
          const lambda = results.config.loss.l2 ?? 0;
          return results.runs.map((r) => [
            lambda,
            r.eta,
            r.status,
            phaseOf(r.status, r.summary.latePeriod ?? null),
            r.summary.latePeriod ?? null,
            r.summary.finalLoss,
            r.series.distToOpt?.at(-1) ?? null,
            firstStepBelow(r.series.step, r.series.distToOpt ?? [], TARGET_DISTANCE),
            criticalEta(lambda),
          ]);
        }),
      };
  }
}

/** Wu–Marion–Bartlett (2025)'s critical stepsize η ≈ 1/(λ ln(1/λ)) for ℓ2-regularised logistic regression (λ in (0, 1)); null otherwise. */
export function criticalEta(lambda: number): number | null {
  return lambda > 0 && lambda < 1 ? 1 / (lambda * Math.log(1 / lambda)) : null;
}

function maxOf(values: (number | null)[] | undefined): number | null {
  if (!values) return null;
  let m: number | null = null;
  for (const v of values) if (v !== null && (m === null || v > m)) m = v;
  return m;
}
