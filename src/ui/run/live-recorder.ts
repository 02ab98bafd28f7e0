// An Engine wrapper that watches every advance() on its way to the sweep driver and keeps a partial
// copy of the results (series and the streaming summary), so charts and the table can show a run
// while it goes. The driver itself is untouched: it sees an ordinary Engine.

import { LossStream, summarize } from '../../core/analysis';
import type { ExperimentConfig } from '../../core/config-types';
import type { AdvanceResult, Engine, EngineState, Problem, RecordRequest, RunStatus } from '../../core/engine';
import { finiteOrNull, type RunResult } from '../../core/results';
import type { JobStage } from './sweep-job';

export class LiveRecorder implements Engine {
  private offset = 0;
  private batchK = 0;
  private started = false;
  private readonly streams: LossStream[];
  private readonly series: RunResult['series'][];
  private readonly status: (RunStatus | 'waiting')[];
  private readonly divergedAt: (number | null)[];
  stepsDone = 0;

  constructor(
    private readonly inner: Engine,
    private readonly config: ExperimentConfig,
    private readonly onStage?: (stage: JobStage) => void,
    relTol = inner.info.precision === 'float32' ? 1e-6 : 0,
  ) {
    this.streams = config.etas.map((eta) => new LossStream(eta, relTol));
    this.series = config.etas.map(() => {
      const s: RunResult['series'] = { step: [] };
      for (const m of config.metrics) s[m] = [];
      return s;
    });
    this.status = config.etas.map(() => 'waiting');
    this.divergedAt = config.etas.map(() => null);
  }

  get info() {
    return this.inner.info;
  }

  get step(): number {
    return this.inner.step;
  }

  async init(problem: Problem): Promise<void> {
    // The driver runs batches of η in order, each a consecutive slice of the full list.
    if (this.started) this.offset += this.batchK;
    this.started = true;
    this.batchK = problem.config.etas.length;
    this.stepsDone = 0;
    this.onStage?.(this.inner.info.kind === 'gpu' ? 'compiling shaders' : 'starting the engine');
    await this.inner.init(problem);
    this.onStage?.('warming up');
  }

  async advance(steps: number, records: RecordRequest[]): Promise<AdvanceResult> {
    const r = await this.inner.advance(steps, records);
    const K = this.batchK;
    for (let k = 0; k < K; k++) {
      const g = this.offset + k;
      const stream = this.streams[g];
      for (let o = 0; o < r.steps; o++) stream.push(r.startStep + o, r.stepLoss[o * K + k]);
      for (const rec of r.records) {
        const s = this.series[g];
        s.step.push(rec.step);
        for (const m of this.config.metrics) s[m]!.push(finiteOrNull(rec.values[m]?.[k] ?? NaN));
        if (rec.step === this.config.steps) stream.push(rec.step, rec.values.loss?.[k] ?? NaN);
      }
      this.status[g] = r.status[k];
      this.divergedAt[g] = r.divergedAt[k] >= 0 ? r.divergedAt[k] : null;
    }
    this.stepsDone = r.startStep + r.steps;
    return r;
  }

  /** The runs so far (series are copies, safe to post to another thread or keep). */
  runs(): RunResult[] {
    return this.config.etas.map((eta, k) => {
      const series = structuredClone(this.series[k]);
      const st = this.status[k];
      return {
        eta,
        status: st === 'diverged' ? 'diverged' : 'cancelled',
        divergedAt: this.divergedAt[k],
        series,
        summary: summarize(this.streams[k], series.step, series.loss!.map((v) => v ?? NaN)),
      };
    });
  }

  readState(): Promise<EngineState> {
    return this.inner.readState();
  }

  writeState(state: EngineState): Promise<void> {
    return this.inner.writeState(state);
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}
