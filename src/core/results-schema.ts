// Checks that a value is a well-formed bigstep.results/1 document: what `merge`, the dashboard's
// import and the tests use before trusting a file. Errors name the path of the first bad field.

import { parseConfig } from './config';
import { ConfigError } from './config-error';
import { RESULTS_FORMAT, type Results } from './results';
import { isPlainObject } from './validate';

function fail(path: string, what: string): never {
  throw new ConfigError(path, undefined, what);
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(v)) fail(path, 'an object');
  return v;
}

function num(v: unknown, path: string, nullable = false): void {
  if (v === null && nullable) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, nullable ? 'a finite number or null' : 'a finite number');
}

function str(v: unknown, path: string): void {
  if (typeof v !== 'string') fail(path, 'a string');
}

const SUMMARY_FIELDS = ['phaseTransitionStep', 'lossIncreases', 'lastIncreaseStep', 'maxLoss', 'maxLossStep', 'lateSlope', 'etaTLoss', 'finalStep', 'finalLoss'];

export function validateResults(value: unknown): Results {
  const r = obj(value, 'results');
  if (r.format !== RESULTS_FORMAT) fail('format', `"${RESULTS_FORMAT}"`);
  let config: Results['config'];
  try {
    config = parseConfig(r.config);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`config.${err.field}`, err.value, err.allowed);
    throw err;
  }
  // The config as parsed (defaults filled in), so that what follows never meets a missing field. A
  // file bigstep wrote holds a parsed config already, so its checksum still holds; an edited one that
  // left a field out no longer matches it.
  r.config = config;
  const engine = obj(r.engine, 'engine');
  if (engine.kind !== 'cpu' && engine.kind !== 'gpu') fail('engine.kind', '"cpu" or "gpu"');
  str(engine.name, 'engine.name');
  const env = obj(r.environment, 'environment');
  str(env.runtime, 'environment.runtime');
  const data = obj(r.data, 'data');
  num(data.n, 'data.n');
  num(data.d, 'data.d');
  const timings = obj(r.timings, 'timings');
  str(timings.startedAt, 'timings.startedAt');
  num(timings.wallSeconds, 'timings.wallSeconds');
  if (r.status !== 'done' && r.status !== 'cancelled') fail('status', '"done" or "cancelled"');
  num(r.stepsDone, 'stepsDone');
  if (!Array.isArray(r.runs) || r.runs.length !== config.etas.length) fail('runs', `an array with one run per η (${config.etas.length})`);
  r.runs.forEach((run: unknown, k: number) => validateRun(run, `runs[${k}]`, config.etas[k], config.metrics));
  return value as Results;
}

/** One run of a results file (or of a checkpoint's finished runs): its η, status, series and summary. */
export function validateRun(run: unknown, at: string, eta: number, metrics: readonly string[]): void {
  const o = obj(run, at);
  if (o.eta !== eta) fail(`${at}.eta`, `${eta} (the config's η at this position)`);
  if (!['done', 'diverged', 'cancelled'].includes(o.status as string)) fail(`${at}.status`, '"done", "diverged" or "cancelled"');
  num(o.divergedAt, `${at}.divergedAt`, true);
  validateSeries(o.series, `${at}.series`, metrics);
  const summary = obj(o.summary, `${at}.summary`);
  for (const f of SUMMARY_FIELDS) num(summary[f], `${at}.summary.${f}`, f !== 'lossIncreases' && f !== 'finalStep');
  // Files written before the period detector have no latePeriod.
  if ('latePeriod' in summary) num(summary.latePeriod, `${at}.summary.latePeriod`, true);
}

/** A run's recorded series: ascending steps, and one finite number or null per step for each metric. */
export function validateSeries(value: unknown, at: string, metrics: readonly string[]): void {
  const series = obj(value, at);
  const steps = series.step;
  if (!Array.isArray(steps)) fail(`${at}.step`, 'an array of steps');
  steps.forEach((s: unknown, i: number) => {
    num(s, `${at}.step[${i}]`);
    if (i > 0 && (s as number) <= (steps[i - 1] as number)) fail(`${at}.step[${i}]`, 'steps in ascending order');
  });
  for (const m of metrics) {
    const arr = series[m];
    if (!Array.isArray(arr) || arr.length !== steps.length) fail(`${at}.${m}`, `an array as long as series.step (${steps.length})`);
    arr.forEach((v: unknown, i: number) => num(v, `${at}.${m}[${i}]`, true));
  }
}
