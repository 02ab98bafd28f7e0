// Reliability on the GPU engine: a device lost mid-sweep (forced with device.destroy()) is replaced,
// the sweep goes back to its last checkpoint and ends with the same results as an uninterrupted
// run; a sweep stopped and resumed from a checkpoint ends the same way too; a checkpoint read cut
// off by the loss is reported as the loss.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/core/results';
import { DeviceLostError } from '../../src/core/engine-errors';
import type { BrowserSession } from '../../src/node/browser';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import type { SweepCheckpoint } from '../../src/sweep/checkpoint';
import { SweepControl } from '../../src/sweep/control';
import { runSweep } from '../../src/sweep/run-sweep';
import { writeReliabilitySection, type ReliabilityRow } from '../reliability-log';
import { config, gaussianData, launch } from './helpers';

const rows: ReliabilityRow[] = [];

let session: BrowserSession;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
  if (rows.length === 3) {
    writeReliabilitySection('gpu-recovery', 'GPU engine: device loss and resume', rows, `tests/gpu/recovery.test.ts (\`npm test\`) on the ${[session?.probe.adapter.vendor, session?.probe.adapter.architecture].filter(Boolean).join(' / ')} adapter.`);
  }
});

const data = gaussianData(48, 12, 3);
const cfg = config({ model: { kind: 'ntk', width: 40, initSeed: 2 }, etas: [0.5, 2, 8], steps: 240, metrics: ['loss', 'gradNorm', 'distFromInit', 'accuracy'] });
const chunkSteps = 20;

let reference: Promise<Results> | undefined;
/** The uninterrupted run both tests compare with, run once. */
function uninterrupted(): Promise<Results> {
  reference ??= (async () => {
    const engine = new RemoteGpuEngine(session);
    try {
      return await runSweep(engine, { config: cfg, data }, { chunkSteps });
    } finally {
      await engine.dispose();
    }
  })();
  return reference;
}

describe('GPU reliability', () => {
  it('recovers from a lost device and ends with the same results as an uninterrupted run', async () => {
    const reference = await uninterrupted();
    const engine = new RemoteGpuEngine(session);
    const recovered: number[] = [];
    let chunks = 0;
    const res = await runSweep(engine, { config: cfg, data }, {
      chunkSteps,
      checkpointEveryMs: 0, // a checkpoint before every chunk (in memory here)
      onCheckpoint: async () => undefined,
      onRecover: (_reason, step) => recovered.push(step),
      onProgress: () => {
        // Lose the device once, after 5 chunks (100 steps).
        if (++chunks === 5) void session.page.evaluate(() => window.bigstepHost!.loseDevice());
      },
    });
    await engine.dispose();
    // The device went at step 100, so the checkpoint due then failed too: back to the one at step 80.
    expect(recovered).toEqual([80]);
    expect(res.status).toBe('done');
    expect(res.runs).toEqual(reference.runs);
    rows.push({
      tried: 'NTK sweep (3 η, 240 steps, a checkpoint every chunk): device.destroy() after step 100',
      cases: 1,
      outcome: `new device, back to the checkpoint at step ${recovered[0]}, finished; results identical to an uninterrupted run`,
    });
  }, 300_000);

  it('a sweep cancelled and resumed from its checkpoint equals an uninterrupted one', async () => {
    const reference = await uninterrupted();
    let saved: SweepCheckpoint | undefined;
    const control = new SweepControl();
    let chunks = 0;
    const first = new RemoteGpuEngine(session);
    const partial = await runSweep(first, { config: cfg, data }, {
      chunkSteps,
      control,
      onCheckpoint: async (cp) => void (saved = structuredClone(cp)),
      onProgress: () => ++chunks === 4 && control.cancel(),
    });
    await first.dispose();
    expect(partial.status).toBe('cancelled');
    expect(saved!.current.done).toBe(80);
    const second = new RemoteGpuEngine(session);
    const res = await runSweep(second, { config: cfg, data }, { chunkSteps, resume: saved });
    await second.dispose();
    expect(res.status).toBe('done');
    expect(res.runs).toEqual(reference.runs);
    rows.push({ tried: 'the same sweep cancelled at step 80, resumed from its checkpoint on a new engine', cases: 1, outcome: 'finished; results identical to an uninterrupted run' });
  }, 300_000);

  it('a checkpoint read cut off by a lost device fails as a lost device (so the sweep recovers), not as a failed map', async () => {
    const engine = new RemoteGpuEngine(session);
    await engine.init({ config: cfg, data });
    await engine.advance(chunkSteps, []);
    // The device goes right after the read has asked for its map (the next mapAsync on the page), so
    // the map is cut off every time, however fast the machine.
    await session.page.evaluate(() => {
      const mapAsync = GPUBuffer.prototype.mapAsync;
      GPUBuffer.prototype.mapAsync = function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
        GPUBuffer.prototype.mapAsync = mapAsync;
        const mapped = mapAsync.apply(this, args);
        void window.bigstepHost!.loseDevice();
        return mapped;
      };
    });
    const read = await engine.readState().then(
      () => null,
      (err: unknown) => err,
    );
    await engine.dispose().catch(() => undefined);
    expect(read).toBeInstanceOf(DeviceLostError);
    rows.push({ tried: 'a checkpoint read (readState) in flight when device.destroy() lands', cases: 1, outcome: 'fails as a lost device (DeviceLostError), which the sweep recovers from, not as a failed map' });
  }, 120_000);
});
