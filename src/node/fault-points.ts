// Fault injection for the fault tests (tests/unit/faults.test.ts): BIGSTEP_FAULT_AT=POINT[:N[:SIGNAL]]
// sends SIGNAL (default SIGKILL) to this very process the N-th time (default 1st) the code passes
// POINT, so a test can kill the CLI at an exact moment inside a checkpoint or results write, which a
// timer from outside hits only by luck. Unset, every call is one comparison.

const spec = parseSpec(process.env.BIGSTEP_FAULT_AT);
let hits = 0;

function parseSpec(raw: string | undefined): { point: string; n: number; signal: NodeJS.Signals } | null {
  if (!raw) return null;
  const [point, n, signal] = raw.split(':');
  return { point, n: Number(n ?? 1) || 1, signal: (signal ?? 'SIGKILL') as NodeJS.Signals };
}

/** The points: 'write' (a file's bytes written, not yet flushed or renamed), 'before-rename', and the checkpoint's own steps. */
export function faultPoint(point: string): void {
  if (!spec || spec.point !== point) return;
  if (++hits === spec.n) process.kill(process.pid, spec.signal);
}
