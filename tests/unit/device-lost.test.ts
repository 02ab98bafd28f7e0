// runBatch recovers from a lost device by the error's type (DeviceLostError), not its wording: an
// engine that throws one is rebuilt (Engine.recover) and the batch finishes with the same losses;
// a plain Error whose message says "device lost" is a failure like any other.

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { toyData } from '../../src/core/data/toy';
import { DeviceLostError } from '../../src/core/engine-errors';
import type { AdvanceResult, Problem, RecordRequest } from '../../src/core/engine';
import { CpuEngine } from '../../src/cpu/reference-engine';
import { SweepControl } from '../../src/sweep/control';
import { runBatch } from '../../src/sweep/run-batch';

/** The float64 engine with a device that is lost once, at its second advance. */
class LosingEngine extends CpuEngine {
  calls = 0;
  recovered = 0;
  constructor(private readonly failure: Error) {
    super();
  }
  override async advance(steps: number, records: RecordRequest[]): Promise<AdvanceResult> {
    if (++this.calls === 2) throw this.failure;
    return super.advance(steps, records);
  }
  /** As RemoteGpuEngine.recover: the same problem on a fresh device, at step 0. */
  async recover(): Promise<void> {
    this.recovered++;
    await this.init(problem);
  }
}

const config = parseConfig({ data: { kind: 'toy' }, etas: [1, 4], steps: 40 });
const problem: Problem = { config, data: toyData() };
const opts = { increaseRelTol: 1e-9, chunkSteps: 10 };

describe('a lost device in runBatch', () => {
  it('a DeviceLostError is recovered from; the batch ends as an undisturbed one', async () => {
    const reasons: string[] = [];
    const lost = new LosingEngine(new DeviceLostError('GPU device lost (destroyed): test'));
    const got = await runBatch(lost, problem, new SweepControl(), { ...opts, onRecover: (r) => reasons.push(r) });
    const plain = await runBatch(new CpuEngine(), problem, new SweepControl(), opts);
    expect(lost.recovered).toBe(1);
    expect(reasons).toEqual(['GPU device lost (destroyed): test']);
    expect(got.stepsDone).toBe(40);
    expect(got.runs.map((r) => r.series)).toEqual(plain.runs.map((r) => r.series));
  });

  it('a plain Error that only says "device lost" is not taken for one', async () => {
    const e = new LosingEngine(new Error('GPU device lost (destroyed): but not typed'));
    await expect(runBatch(e, problem, new SweepControl(), opts)).rejects.toThrow(/but not typed/);
    expect(e.recovered).toBe(0);
  });
});
