// A one-line progress bar on stderr (redrawn in place on a terminal, printed every few seconds otherwise).

import type { Progress } from '../sweep/run-sweep';

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: Progress) => void {
  let lastPrint = 0;
  return (p) => {
    const now = Date.now();
    const finished = p.fraction >= 1;
    if (!stream.isTTY && !finished && now - lastPrint < 5000) return;
    if (stream.isTTY && !finished && now - lastPrint < 100) return;
    lastPrint = now;
    const frac = p.fraction;
    const width = 30;
    const filled = Math.round(frac * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const eta = Number.isFinite(p.etaSeconds) ? `${p.etaSeconds.toFixed(0)} s left` : '';
    const div = p.diverged > 0 ? `, ${p.diverged} diverged` : '';
    const batch = p.batches > 1 ? `  batch ${p.batch + 1}/${p.batches}` : '';
    const text = `[${bar}] ${(frac * 100).toFixed(1)}%  step ${p.stepsDone}/${p.totalSteps}${batch}  ${p.stepsPerSecond.toFixed(0)} steps/s  ${eta}${div}`;
    stream.write(stream.isTTY ? `\r${text}` : `${text}\n`);
    if (stream.isTTY && finished) stream.write('\n');
  };
}
