// What the science asks of each run, computed two ways that agree: streaming over every step's loss
// (phase transition, loss increases — these must see every step), and from the recorded series
// (late log–log slope, η·t·L at the end, final loss, late period).

import { latePeriod } from './period';

export interface RunSummary {
  /** First step s with L(w_s) <= 1/η, or null if it never happened. */
  phaseTransitionStep: number | null;
  /** True when the loss never increased from the phase transition on (null without a transition). */
  monotoneAfterTransition: boolean | null;
  /** Number of steps s with L(w_{s+1}) > L(w_s). */
  lossIncreases: number;
  /** Last step s whose loss L(w_s) was above L(w_{s−1}), or null. */
  lastIncreaseStep: number | null;
  /** Largest finite loss seen and its step (null when none was). */
  maxLoss: number | null;
  maxLossStep: number | null;
  /** Least-squares slope of log L against log t over the last part of the run (t >= T/16). */
  lateSlope: number | null;
  /** η · T · L(w_T) at the last recorded step T. */
  etaTLoss: number | null;
  finalStep: number;
  finalLoss: number | null;
  /**
   * Period of the loss over the last 128 recorded steps when they are consecutive (period.ts): 1 a
   * fixed point or a monotone approach, 2, 4, … a cycle, 0 no cycle up to 32 (chaotic or unsettled);
   * null when not measurable.
   */
  latePeriod: number | null;
}

/** Everything a LossStream has seen, as plain numbers (for checkpoints). */
export interface LossStreamState {
  prev: number | null;
  step: number;
  phaseTransitionStep: number | null;
  increasesAfterTransition: number;
  lossIncreases: number;
  lastIncreaseStep: number | null;
  maxLoss: number | null;
  maxLossStep: number;
}

/** Consumes L(w_0), L(w_1), … one step at a time. */
export class LossStream {
  private prev = NaN;
  private step = -1;
  phaseTransitionStep: number | null = null;
  increasesAfterTransition = 0;
  lossIncreases = 0;
  lastIncreaseStep: number | null = null;
  maxLoss = -Infinity;
  maxLossStep = -1;

  /** relTol: an increase counts only when L_{s+1} > L_s·(1 + relTol) (0 in float64; fp32 engines may pass a rounding allowance). */
  constructor(
    readonly eta: number,
    private readonly relTol = 0,
  ) {}

  /** Feeds the loss at the next step (steps must arrive in order, without gaps). */
  push(step: number, loss: number): void {
    if (step !== this.step + 1) throw new RangeError(`LossStream: expected step ${this.step + 1}, got ${step}`);
    this.step = step;
    if (!Number.isFinite(loss)) return;
    if (loss > this.maxLoss) {
      this.maxLoss = loss;
      this.maxLossStep = step;
    }
    if (Number.isFinite(this.prev) && loss > this.prev * (1 + this.relTol)) {
      this.lossIncreases++;
      this.lastIncreaseStep = step;
      if (this.phaseTransitionStep !== null) this.increasesAfterTransition++;
    }
    if (this.phaseTransitionStep === null && loss <= 1 / this.eta) this.phaseTransitionStep = step;
    this.prev = loss;
  }

  get lastStep(): number {
    return this.step;
  }

  /** A JSON-safe snapshot (non-finite numbers as null). */
  save(): LossStreamState {
    return {
      prev: Number.isFinite(this.prev) ? this.prev : null,
      step: this.step,
      phaseTransitionStep: this.phaseTransitionStep,
      increasesAfterTransition: this.increasesAfterTransition,
      lossIncreases: this.lossIncreases,
      lastIncreaseStep: this.lastIncreaseStep,
      maxLoss: Number.isFinite(this.maxLoss) ? this.maxLoss : null,
      maxLossStep: this.maxLossStep,
    };
  }

  restore(s: LossStreamState): void {
    this.prev = s.prev ?? NaN;
    this.step = s.step;
    this.phaseTransitionStep = s.phaseTransitionStep;
    this.increasesAfterTransition = s.increasesAfterTransition;
    this.lossIncreases = s.lossIncreases;
    this.lastIncreaseStep = s.lastIncreaseStep;
    this.maxLoss = s.maxLoss ?? -Infinity;
    this.maxLossStep = s.maxLossStep;
  }
}

/** Slope of log y against log x by least squares, over points with x >= xMin and finite positive y. */
export function logLogSlope(x: ArrayLike<number>, y: ArrayLike<number>, xMin: number): number | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] >= xMin) || !(x[i] > 0) || !(y[i] > 0) || !Number.isFinite(y[i])) continue;
    const lx = Math.log(x[i]);
    const ly = Math.log(y[i]);
    n++;
    sx += lx;
    sy += ly;
    sxx += lx * lx;
    sxy += lx * ly;
  }
  const den = n * sxx - sx * sx;
  if (n < 2 || !(Math.abs(den) > 0)) return null;
  return (n * sxy - sx * sy) / den;
}

/** Combines the streaming counts with the recorded loss series (steps ascending). */
export function summarize(stream: LossStream, steps: ArrayLike<number>, loss: ArrayLike<number>): RunSummary {
  const last = steps.length - 1;
  const T = last >= 0 ? steps[last] : 0;
  const finalLoss = last >= 0 && Number.isFinite(loss[last]) ? loss[last] : null;
  const pt = stream.phaseTransitionStep;
  return {
    phaseTransitionStep: pt,
    monotoneAfterTransition: pt === null ? null : stream.increasesAfterTransition === 0,
    lossIncreases: stream.lossIncreases,
    lastIncreaseStep: stream.lastIncreaseStep,
    maxLoss: stream.maxLossStep >= 0 ? stream.maxLoss : null,
    maxLossStep: stream.maxLossStep >= 0 ? stream.maxLossStep : null,
    lateSlope: T >= 16 ? logLogSlope(steps, loss, T / 16) : null,
    etaTLoss: finalLoss === null ? null : stream.eta * T * finalLoss,
    finalStep: T,
    finalLoss,
    latePeriod: latePeriod(steps, loss),
  };
}

/** The first recorded step whose loss is at most `eps`, or null (the recorded series: exact while dense, to the cadence's spacing after). */
export function firstStepBelow(steps: ArrayLike<number>, loss: ArrayLike<number | null>, eps: number): number | null {
  for (let i = 0; i < steps.length; i++) {
    const v = loss[i];
    if (v !== null && v <= eps) return steps[i];
  }
  return null;
}
