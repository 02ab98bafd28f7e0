// Pause, resume and cancel for a running sweep. The driver awaits `checkpoint()` between engine
// calls: it returns at once while running, waits while paused, and reports a cancel.

export class SweepControl {
  private paused = false;
  private cancelled = false;
  private wake: (() => void) | null = null;
  private pauseListeners: (() => void)[] = [];

  constructor(signal?: AbortSignal) {
    signal?.addEventListener('abort', () => this.cancel(), { once: true });
    if (signal?.aborted) this.cancelled = true;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  pause(): void {
    if (this.cancelled || this.paused) return;
    this.paused = true;
    for (const fn of this.pauseListeners) fn();
  }

  /** Calls `fn` each time the sweep is paused (the dashboard draws the steps done so far); returns the remover. */
  onPause(fn: () => void): () => void {
    this.pauseListeners.push(fn);
    return () => (this.pauseListeners = this.pauseListeners.filter((f) => f !== fn));
  }

  resume(): void {
    this.paused = false;
    this.wake?.();
  }

  /** Stops the sweep after the current engine call; what was recorded is kept. */
  cancel(): void {
    this.cancelled = true;
    this.paused = false;
    this.wake?.();
  }

  /** Resolves to true when the sweep should go on, false when it was cancelled. */
  async checkpoint(): Promise<boolean> {
    // A CPU engine resolves at once; yielding to the task queue lets signals, timers and UI events in.
    await new Promise((resolve) => setTimeout(resolve, 0));
    while (this.paused && !this.cancelled) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
    return !this.cancelled;
  }
}
