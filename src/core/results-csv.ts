// The tidy CSV of a results file: one row per (η, recorded step), one column per metric, so
// `pandas.read_csv` loads it as is (empty cells are NaN). Columns: eta, status, step, then metrics.

import type { Results } from './results';

export function resultsToCsv(results: Results): string {
  const metrics = results.config.metrics;
  const lines = [['eta', 'status', 'step', ...metrics].join(',')];
  for (const run of results.runs) {
    const { step } = run.series;
    for (let i = 0; i < step.length; i++) {
      const cells = [String(run.eta), run.status, String(step[i])];
      for (const m of metrics) {
        const v = run.series[m]?.[i];
        cells.push(v === null || v === undefined ? '' : String(v));
      }
      lines.push(cells.join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
