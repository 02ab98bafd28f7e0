// The pace of a run on view: its recent rate and time to go, and how often live updates redraw the charts.

import { RecentRate } from '../run/recent-rate';
import type { JobProgress } from '../run/sweep-job';

/** Recent steps/s (within the batch) and the ETA from the recent share of the whole job done per second. */
export class RunRates {
  private readonly stepRate = new RecentRate();
  private readonly fractionRate = new RecentRate();

  track(p: JobProgress): { recentRate: number | null; etaSeconds: number | null } {
    const now = performance.now();
    this.stepRate.add(now, p.stepsDone);
    this.fractionRate.add(now, p.overall);
    return { recentRate: this.stepRate.perSecond(), etaSeconds: this.fractionRate.secondsTo(1) };
  }

  /** A pause, a stop or a new run: the rate of before says nothing about what comes next. */
  reset(): void {
    this.stepRate.reset();
    this.fractionRate.reset();
  }
}

/** Live parts arrive every few hundred ms; chart rebuilds are spaced by what they cost. */
export class LivePacer {
  private gapMs = 400;
  /** When the last live part was taken (the kiosk's watchdog reads it too). */
  lastLive = 0;

  /** Whether a live part that arrives now is taken; while paused, every snapshot is (the charts catch up with the step counter). */
  take(now: number, done: boolean, paused: boolean): boolean {
    if (!done && !paused && now - this.lastLive < this.gapMs) return false;
    this.lastLive = now;
    return true;
  }

  /**
   * Spaces live updates by what the last one cost, charts painted included (uPlot draws after a
   * microtask, the canvas at the next frame): a big sweep then keeps the page idle 4/5 of the time.
   */
  async timeRebuild(start: number, updateComplete: Promise<unknown>): Promise<void> {
    await updateComplete;
    await new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    this.gapMs = Math.max(400, 5 * (performance.now() - start));
  }
}
