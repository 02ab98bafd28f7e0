// A GPU test that finds no WebGPU adapter must fail, saying why. Chrome without the WebGPU flags
// has no adapter on these machines; launching must reject with the reason and the flags that fix it.

import { describe, expect, it } from 'vitest';
import { acquireGpu, NoAdapterError } from '../../src/gpu/device';
import { launchBrowser } from '../../src/node/browser';

describe('no adapter', () => {
  it('launching without WebGPU fails with a message that says why', async () => {
    const lines: string[] = [];
    await expect(launchBrowser({ webgpu: false, log: (s) => lines.push(s) })).rejects.toThrow(
      /no WebGPU adapter in headless Chrome: .*(requestAdapter\(\) returned null|navigator\.gpu is undefined).*--enable-unsafe-webgpu/,
    );
  });
});

describe('acquireGpu without an adapter (no browser needed)', () => {
  it('explains a missing navigator.gpu', async () => {
    await expect(acquireGpu(undefined)).rejects.toThrow(NoAdapterError);
    await expect(acquireGpu(undefined)).rejects.toThrow(/navigator\.gpu is undefined.*secure contexts.*http:\/\/localhost/);
  });

  it('explains an adapter request that returns null', async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    await expect(acquireGpu(gpu)).rejects.toThrow(/requestAdapter\(\) returned null.*--use-webgpu-adapter=swiftshader/);
  });
});
