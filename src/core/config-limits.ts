// The size limits parseConfig checks against: every size is refused above its limit before any work
// starts, so nothing allocates in proportion to a value it reads.

/** Limits a caller may tighten or widen (the dashboard and CLI use the defaults). */
export interface ConfigLimits {
  maxWidth: number;
  maxSteps: number;
  maxEtas: number;
  maxSamples: number;
  maxDim: number;
}

export const DEFAULT_LIMITS: ConfigLimits = {
  maxWidth: 100_000,
  maxSteps: 2 ** 30,
  maxEtas: 1024,
  maxSamples: 1_000_000,
  maxDim: 100_000,
};
