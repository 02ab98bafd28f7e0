// A lost device (driver reset, browser watchdog) must give a clear error, not a hang, and the page
// must be able to start over with a fresh device.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from '../../src/node/browser';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import { config, gaussianData, launch } from './helpers';

let session: BrowserSession;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

describe('device loss', () => {
  it('an engine whose device is lost fails with the reason; a new engine gets a new device', async () => {
    const data = gaussianData(32, 8, 1);
    const cfg = config({ etas: [1, 2] });
    const a = new RemoteGpuEngine(session);
    await a.init({ config: cfg, data });
    await a.advance(3, []);
    await session.page.evaluate(() => window.bigstepHost!.loseDevice());
    await expect(a.advance(3, [])).rejects.toThrow(/GPU device lost \(destroyed\)/);
    const b = new RemoteGpuEngine(session);
    await b.init({ config: cfg, data });
    const r = await b.advance(3, [{ offset: 3, metrics: ['loss'] }]);
    expect(r.records[0].values.loss![0]).toBeGreaterThan(0);
    await b.dispose();
  });
});
