// The committed WebAssembly of the fast CPU engine (src/cpu/fast/kernels-wasm.ts) is what its source,
// kernels-wat.ts, assembles to with wabt: regenerate it with `npm run build:wasm` after editing the source.
import { describe, expect, it } from 'vitest';
import { assembleKernels } from '../../src/cpu/fast/assemble';
import { KERNELS_WASM } from '../../src/cpu/fast/kernels-wasm';

describe('fast CPU kernels', () => {
  it('the committed binary matches kernels-wat.ts (npm run build:wasm)', async () => {
    expect(await assembleKernels()).toEqual(KERNELS_WASM);
  });
});
