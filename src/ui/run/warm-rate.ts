// Steps per second of a warm engine: timed from a common step onwards, so shader compilation and the
// first chunk (which both engines spend differently) are left out and both engines are timed over
// the same steps.

/** (time in ms, steps done) pairs as a run reports progress, in order. */
export type StepSample = readonly [t: number, steps: number];

/** Time (ms) at which `step` was reached, linearly between the samples around it; null before the first. */
function timeAt(samples: readonly StepSample[], step: number): number | null {
  for (let i = 0; i < samples.length; i++) {
    const [t, s] = samples[i];
    if (s < step) continue;
    if (s === step) return t;
    if (i === 0) return null;
    const [t0, s0] = samples[i - 1];
    return t0 + ((t - t0) * (step - s0)) / (s - s0);
  }
  return null;
}

/**
 * The step from which every run's rate is timed: the latest first report among them (each run's
 * first report comes after its compile and first chunk).
 */
export function commonWarmStep(runs: readonly (readonly StepSample[])[]): number {
  return Math.max(...runs.map((s) => (s.length > 0 ? s[0][1] : Infinity)));
}

/** Steps per second from `fromStep` to the last sample, or null when that leaves no time to time. */
export function warmRate(samples: readonly StepSample[], fromStep: number): number | null {
  const last = samples[samples.length - 1];
  const t0 = timeAt(samples, fromStep);
  if (!last || t0 === null || !(last[1] > fromStep) || !(last[0] > t0)) return null;
  return ((last[1] - fromStep) / (last[0] - t0)) * 1000;
}
