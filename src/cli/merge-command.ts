// `bigstep merge A.json B.json … --out DIR`: joins the shards of one sweep.

import { checkJsonDepth } from '../core/json-depth';
import { mergeShards } from '../core/merge';
import { prepareOutputDir } from '../node/atomic-write';
import { MiB, readTextBounded } from '../node/bounded-read';
import { validateResults } from '../core/results-schema';
import { ConfigError } from '../core/config-error';
import { parseArgs } from 'node:util';
import { UsageError } from './args';
import { summaryTable } from './summary-table';
import { resultsChecksumOk, writeResults } from './write-results';
import { PngOutput } from './png-output';
import { printable } from './printable';
import { SignalStop } from './signals';

/** As the dashboard's import: larger files are not results bigstep wrote. */
const MAX_RESULTS_BYTES = 512 * MiB;

export const MERGE_HELP = `Usage: bigstep merge SHARD.json [SHARD.json …] --out DIR

Joins the results of one sweep run as shards (bigstep sweep --shard i/N) into DIR/results.json,
DIR/results.csv and the PNG panels, with the runs in the order of the full stepsize list.

Options:
  --out DIR     where to write (required)
  --no-png      skip the PNG images
  --debug       show the stack of an internal error
`;

export async function mergeCommand(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: { out: { type: 'string' }, 'no-png': { type: 'boolean' }, debug: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(MERGE_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('merge: give the shard results files to join (see bigstep merge --help)');
  if (typeof values.out !== 'string') throw new UsageError('merge: --out DIR is required');
  const out = values.out;
  // A signal mid-merge: the merged files are written whole or not at all; the PNGs are skipped.
  const stop = new SignalStop('writing the merged results, then stopping');
  try {
    const parts = [];
    for (const source of positionals) {
      let value: unknown;
      try {
        value = JSON.parse(readTextBounded(source, MAX_RESULTS_BYTES));
        checkJsonDepth(value, source);
      } catch (err) {
        throw new UsageError(`merge: cannot read "${printable(source)}" as JSON: ${printable((err as Error).message.replace(`${source}: `, ''))}`);
      }
      try {
        const results = validateResults(value);
        if (!resultsChecksumOk(results)) throw new UsageError(`merge: ${printable(source)} was changed after bigstep wrote it (its checksum does not match its content)`);
        parts.push({ source: printable(source), results });
      } catch (err) {
        if (err instanceof ConfigError) throw new UsageError(`merge: ${printable(source)} is not a valid results file: ${err.message}`);
        throw err;
      }
    }
    let merged;
    try {
      merged = mergeShards(parts);
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(`merge: ${err.message}`);
      throw err;
    }
    prepareOutputDir(out);
    const files = writeResults(out, merged);
    const png = new PngOutput(values['no-png'] !== true && !stop.stopped);
    try {
      files.push(...(await png.write(merged, out)));
    } finally {
      await png.close();
    }
    process.stdout.write(`${summaryTable(merged)}\n`);
    process.stderr.write(`merged ${parts.length} shards into ${printable(files.join(', '))}\n`);
    return stop.exitCode ?? 0;
  } finally {
    stop.dispose();
  }
}
