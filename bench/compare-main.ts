// `npm run bench:compare -- OLD.json NEW.json`: each workload × engine of both reports, steps/s, the
// ratio and the share of fp32 peak. `npm run bench:compare -- REPORT.json`: each variant row against
// its default row in that run. A device call's report is read against the last recorded one
// (bench/recorded/) this way, and the opt-in kernels are judged from the variant table.

import { compareReports, compareVariants, formatComparison, readReport } from './compare';
import type { BenchReport } from './report';

function describe(r: BenchReport): string {
  return `${r.date} ${r.gpuName ?? r.adapter?.description ?? r.runtime}`;
}

async function main(args: string[]): Promise<void> {
  if (args.length === 1) {
    const r = readReport(args[0]);
    const rows = compareVariants(r);
    if (rows.length === 0) throw new Error(`${args[0]}: no variant rows (run the bench with --fused or --ntk128)`);
    console.log(`variants against the default path, ${describe(r)}\n`);
    console.log(formatComparison(rows, ['default', 'variant']));
  } else if (args.length === 2) {
    const [a, b] = args.map(readReport);
    console.log(`A: ${describe(a)}\nB: ${describe(b)}\n`);
    console.log(formatComparison(compareReports(a, b), ['A', 'B']));
  } else {
    throw new Error('usage: npm run bench:compare -- OLD.json NEW.json | REPORT.json');
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
});
