// Rates from the last few seconds of progress, not from the start of the run: the first seconds of a
// run (data, shader compilation, warm-up) would otherwise make the early ETA minutes too long.

interface Sample {
  t: number;
  v: number;
}

export class RecentRate {
  private samples: Sample[] = [];

  /** `windowMs`: how far back the rate looks; `minSpanMs`: the shortest span that gives a rate. */
  constructor(
    private readonly windowMs = 5000,
    private readonly minSpanMs = 500,
  ) {}

  /** Forget everything (after a pause, a new batch, a new run). */
  reset(): void {
    this.samples = [];
  }

  /** A counter `v` at time `t` (ms); a counter that went back (a new batch) starts over. */
  add(t: number, v: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last && v < last.v) this.samples = [];
    this.samples.push({ t, v });
    while (this.samples.length > 1 && this.samples[0].t < t - this.windowMs) this.samples.shift();
  }

  /** Units per second over the window, or null until the samples span `minSpanMs`. */
  perSecond(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || last.t - first.t < this.minSpanMs) return null;
    return ((last.v - first.v) / (last.t - first.t)) * 1000;
  }

  /** Seconds until the counter reaches `target` at the recent rate, or null when unknown. */
  secondsTo(target: number): number | null {
    const rate = this.perSecond();
    const last = this.samples[this.samples.length - 1];
    if (rate === null || !(rate > 0) || !last) return null;
    return Math.max(0, (target - last.v) / rate);
  }
}
