// A lost device (driver reset, browser watchdog) must give a clear, typed error, not a hang, and the
// page must be able to start over with a fresh device. A WGSL error must name its kernel, shader file
// and line.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceLostError } from '../../src/core/engine-errors';
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
    // The MLP engine on the same device (its own buffers and readbacks).
    const mlp = new RemoteGpuEngine(session);
    await mlp.init({ config: config({ etas: [0.1], model: { kind: 'mlp', widths: [4], activation: 'tanh', bias: true } }), data });
    await mlp.advance(3, []);
    await session.page.evaluate(() => window.bigstepHost!.loseDevice());
    for (const [name, e] of [['linear', a], ['mlp', mlp]] as const) {
      const err = await e.advance(3, []).catch((x: unknown) => x);
      expect(err, `${name}: a typed error, across the page boundary`).toBeInstanceOf(DeviceLostError);
      expect((err as Error).message, name).toMatch(/^GPU device lost \(destroyed\)/);
      await expect(e.readState(), name).rejects.toBeInstanceOf(DeviceLostError);
    }
    const b = new RemoteGpuEngine(session);
    await b.init({ config: cfg, data });
    const r = await b.advance(3, [{ offset: 3, metrics: ['loss'] }]);
    expect(r.records[0].values.loss![0]).toBeGreaterThan(0);
    await b.dispose();
  });
});

describe('shader compile errors', () => {
  it('a WGSL error fails the pipeline with a ShaderCompileError naming the kernel, the file and the line', async () => {
    const broken = 'case LOSS_EXPONENTIAL: { return -z +; }';
    const file = readFileSync(join(__dirname, '../../shaders/losses.wgsl'), 'utf8').split('\n');
    const line = file.findIndex((l) => l.includes('case LOSS_EXPONENTIAL: { return -z; }')) + 1;
    expect(line).toBeGreaterThan(0);
    const msg = await session.page.evaluate(async (bad: string) => {
      // The page's Vite server serves the modules; new Function keeps vitest from rewriting import().
      const imp = new Function('p', 'return import(p)') as (p: string) => Promise<unknown>;
      const { compileKernels } = (await imp('/src/gpu/kernels.ts')) as { compileKernels: (d: GPUDevice, s: unknown, n: string[]) => Promise<unknown> };
      const { shaderSources } = (await imp('/src/gpu/shader-sources.ts')) as { shaderSources: Record<string, string> };
      const device = await (await navigator.gpu.requestAdapter())!.requestDevice();
      const sources = { ...shaderSources, losses: shaderSources.losses.replace('case LOSS_EXPONENTIAL: { return -z; }', bad) };
      try {
        await compileKernels(device, sources, ['stats']);
        return 'compiled';
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      } finally {
        device.destroy();
      }
    }, broken);
    expect(msg).toMatch(new RegExp(`^ShaderCompileError: WGSL of kernel stats does not compile: shaders/losses\\.wgsl:${line}:\\d+: `));
  });
});
