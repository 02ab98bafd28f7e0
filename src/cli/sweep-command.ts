// `bigstep sweep`: load a preset or config file, run it on an engine, print the per-η summary and
// write DIR/results.json. Ctrl-C stops after the current chunk and still writes the results, marked
// cancelled.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, type ExperimentConfig } from '../core/config';
import { ConfigError } from '../core/config-error';
import { loadDataset } from '../core/data/load';
import type { Engine } from '../core/engine';
import { presetNames, presetRaw } from '../core/presets';
import type { Results } from '../core/results';
import { CpuEngine } from '../cpu/reference-engine';
import { nodeDataIO } from '../node/data-io';
import { runSweep } from '../sweep/run-sweep';
import { intFlag, parseFlags, UsageError } from './args';
import { progressPrinter } from './progress-bar';
import { summaryTable } from './summary-table';

export const SWEEP_HELP = `Usage: bigstep sweep (--preset NAME | --config FILE) [options]

Runs gradient descent for every stepsize of the experiment and writes DIR/results.json.

Options:
  --preset NAME     a named experiment: ${presetNames().join(', ')} (see: bigstep presets)
  --config FILE     an experiment config in JSON (format bigstep.config/1, see README)
  --engine cpu      which engine runs it (cpu: the float64 reference, in Node)
  --steps N         override the number of steps (e.g. 4096 or 2^16)
  --out DIR         where to write results.json (default: results/<name>)
  --quiet           no progress bar
  -h, --help        this help
`;

export async function sweepCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    preset: { type: 'string' },
    config: { type: 'string' },
    engine: { type: 'string' },
    steps: { type: 'string' },
    out: { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    process.stdout.write(SWEEP_HELP);
    return 0;
  }
  const config = await resolveConfig(flags);
  const engineName = (flags.engine as string | undefined) ?? 'cpu';
  if (engineName !== 'cpu') throw new UsageError(`--engine: "${engineName}" is not allowed; expected cpu`);
  const outDir = (flags.out as string | undefined) ?? path.join('results', config.name);

  const t0 = performance.now();
  const data = await loadDataset(config.data, nodeDataIO);
  process.stderr.write(`data: ${data.name} (n = ${data.n}, d = ${data.d}) loaded in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
  const engine: Engine = new CpuEngine();
  process.stderr.write(`engine: ${engine.info.name}; ${config.etas.length} stepsizes, ${config.steps} steps\n`);

  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\ninterrupted: finishing the current chunk, then writing the results (Ctrl-C again to quit at once)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  let results: Results;
  try {
    results = await runSweep(engine, { config, data }, {
      signal: controller.signal,
      onProgress: flags.quiet ? undefined : progressPrinter(),
      environment: { runtime: `Node ${process.versions.node}`, platform: `${process.platform}-${process.arch}`, cpu: os.cpus()[0]?.model },
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
    await engine.dispose();
  }
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, 'results.json');
  await writeFile(file, JSON.stringify(results));
  process.stdout.write(`${summaryTable(results)}\n`);
  process.stderr.write(`${results.status === 'cancelled' ? 'cancelled at step ' + results.stepsDone + '; partial ' : ''}results written to ${file} (${results.timings.wallSeconds.toFixed(1)} s, ${results.timings.stepsPerSecond.toFixed(0)} steps/s)\n`);
  return results.status === 'cancelled' ? 130 : 0;
}

async function resolveConfig(flags: Record<string, string | boolean | undefined>): Promise<ExperimentConfig> {
  const presetName = flags.preset as string | undefined;
  const file = flags.config as string | undefined;
  if ((presetName === undefined) === (file === undefined)) {
    throw new UsageError('give exactly one of --preset NAME or --config FILE (see bigstep sweep --help)');
  }
  let raw: Record<string, unknown>;
  if (presetName !== undefined) {
    if (!presetNames().includes(presetName)) {
      throw new UsageError(`--preset: "${presetName}" is not a preset; expected one of ${presetNames().join(', ')}`);
    }
    raw = presetRaw(presetName);
  } else {
    let text: string;
    try {
      text = await readFile(file!, 'utf8');
    } catch (err) {
      throw new UsageError(`--config: cannot read "${file}": ${(err as Error).message}`);
    }
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`--config: "${file}" is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (flags.steps !== undefined && typeof raw === 'object' && raw !== null) {
    raw.steps = intFlag('steps', flags.steps as string, 1, 2 ** 30);
  }
  try {
    return parseConfig(raw);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(`${presetName ? `preset ${presetName}` : file}: ${err.message}`);
    throw err;
  }
}
