// `bigstep merge A.json B.json … --out DIR`: joins the shards of one sweep.

import { readFile } from 'node:fs/promises';
import { mergeShards } from '../core/merge';
import { validateResults } from '../core/results-schema';
import { ConfigError } from '../core/config-error';
import { parseArgs } from 'node:util';
import { UsageError } from './args';
import { summaryTable } from './summary-table';
import { writeResults } from './write-results';
import { PngOutput } from './png-output';

export const MERGE_HELP = `Usage: bigstep merge SHARD.json [SHARD.json …] --out DIR

Joins the results of one sweep run as shards (bigstep sweep --shard i/N) into DIR/results.json,
DIR/results.csv and the PNG panels, with the runs in the order of the full stepsize list.

Options:
  --out DIR     where to write (required)
  --no-png      skip the PNG images
`;

export async function mergeCommand(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: { out: { type: 'string' }, 'no-png': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(MERGE_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('merge: give the shard results files to join (see bigstep merge --help)');
  if (typeof values.out !== 'string') throw new UsageError('merge: --out DIR is required');
  const parts = [];
  for (const source of positionals) {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(source, 'utf8'));
    } catch (err) {
      throw new UsageError(`merge: cannot read "${source}" as JSON: ${(err as Error).message}`);
    }
    try {
      parts.push({ source, results: validateResults(value) });
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(`merge: ${source} is not a valid results file: ${err.message}`);
      throw err;
    }
  }
  const merged = mergeShards(parts);
  const files = await writeResults(values.out, merged);
  const png = new PngOutput(values['no-png'] !== true);
  try {
    files.push(...(await png.write(merged, values.out)));
  } finally {
    await png.close();
  }
  process.stdout.write(`${summaryTable(merged)}\n`);
  process.stderr.write(`merged ${parts.length} shards into ${files.join(', ')}\n`);
  return 0;
}
