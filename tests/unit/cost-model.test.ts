// The flop and byte model of src/core/cost-model.ts (the bench's and the dashboard's) against a
// count done by hand for small shapes.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { configStepCost, rates, rooflineSeconds, shapeOf, stepCost } from '../../src/core/cost-model';

describe('cost model', () => {
  it('linear, n = 3, d = 2, K = 2, counted by hand', () => {
    // Per η: f = X w is 3 dot products of length 2 = 3·(2 mul + 2 add) = 12 flops (the model counts
    // 2 per multiply-add, so the first add into zero counts too); g = Xᵀ c likewise 12; w −= η g is
    // 2 mul + 2 sub = 4. Total per η 28, for K = 2: 56.
    // Bytes: X (6 floats) twice = 12 floats; W (2 per η) read, read, written = 3·4 = 12 floats;
    // f and c (3 per η) written and read = 4·6 = 24 floats. 48 floats = 192 bytes.
    expect(stepCost({ kind: 'linear', n: 3, d: 2, K: 2 })).toEqual({ flops: 56, bytes: 192 });
  });

  it('NTK, n = 2, d = 3, m = 4, K = 1, counted by hand', () => {
    // P = X Wᵀ: 2·4 entries, each 3 multiply-adds = 48 flops; f: 2 samples × 4 neurons × (mul + add) = 16;
    // G: 4·3 entries, each a sum over 2 samples = 48; update: 12 weights × 2 = 24. Total 136.
    // Bytes: X 6 floats twice = 12; W 12 floats × 3 = 36; f, c: 2 floats × 4 = 8; 56 floats = 224 bytes;
    // sign bits 2·4 = 8 bits = 1 byte, written and read = 2 bytes. Total 226.
    expect(stepCost({ kind: 'ntk', n: 2, d: 3, m: 4, K: 1 })).toEqual({ flops: 136, bytes: 226 });
  });

  it('MLP, n = 2, d = 3, widths [4], one output, biases, K = 1, counted by hand', () => {
    // P = 4·3 + 4 + 1·4 + 1 = 21 parameters. Multiply-adds: forward Z_1 = X W_1ᵀ 2·4·3 = 24 and
    // Z_2 2·1·4 = 8; ∇W_1 = δ_1ᵀX 24, ∇W_2 8; δ_1 = δ_2 W_2 8: 72, i.e. 144 flops; update 2·21 = 42.
    // Total 186. Floats moved: X twice 12; W read, read + written 63, W_2 again 4; the hidden layer's
    // activations and adjoints written and read 4·2·4 = 32; f and c 4·2·1 = 8. 119 floats = 476 bytes.
    expect(stepCost({ kind: 'mlp', n: 2, dims: [3, 4, 1], bias: true, K: 1 })).toEqual({ flops: 186, bytes: 476 });
    // Without biases: P = 16, update 32 flops, W 48 + 4 floats.
    expect(stepCost({ kind: 'mlp', n: 2, dims: [3, 4, 1], bias: false, K: 1 })).toEqual({ flops: 176, bytes: 4 * 104 });
  });

  it("a config's step (the dashboard's GFLOP/s) costs what its shape does, for every model kind, SGD included", () => {
    const data = { name: 'x', n: 1000, d: 784 };
    const cfgs = [
      parseConfig({ data: { kind: 'toy' }, etas: [1], steps: 1 }),
      parseConfig({ data: { kind: 'toy' }, etas: [1], steps: 1, model: { kind: 'ntk', width: 64 } }),
      parseConfig({ data: { kind: 'toy' }, etas: [1], steps: 1, optimizer: { kind: 'sgd' } }),
      parseConfig({ data: { kind: 'mnistClasses', digits: [0, 1, 2], n: 30 }, etas: [1], steps: 1, loss: { kind: 'softmaxCE' }, model: { kind: 'mlp', widths: [8], activation: 'tanh', bias: true } }),
    ];
    for (const config of cfgs) {
      const classes = config.data.kind === 'mnistClasses' ? 3 : undefined;
      expect(configStepCost(config, data), config.model.kind).toEqual(stepCost(shapeOf(config, { ...data, classes }, 1)));
    }
    // The MLP by hand at this size: 2·1000·(784·8 + 8·3)·2 + 2·1000·8·3 + 2·(784·8 + 8 + 8·3 + 3).
    expect(configStepCost(cfgs[3], data).flops).toBe(2 * 1000 * (784 * 8 + 8 * 3) * 2 + 2 * 1000 * 8 * 3 + 2 * (784 * 8 + 8 + 8 * 3 + 3));
    // SGD touches one sample: the linear step is 2d + 2d + 2d.
    expect(configStepCost(cfgs[2], data).flops).toBe(6 * 784);
  });

  it('scales linearly in K and turns step rates into GFLOP/s, GB/s and a roofline', () => {
    const one = stepCost({ kind: 'ntk', n: 1000, d: 784, m: 1000, K: 1 });
    const four = stepCost({ kind: 'ntk', n: 1000, d: 784, m: 1000, K: 4 });
    expect(four.flops).toBeCloseTo(4 * one.flops, 6);
    const r = rates({ flops: 2e9, bytes: 1e9 }, 10);
    expect(r).toEqual({ gflops: 20, gbs: 10 });
    // 2 GFLOP at 1000 GFLOP/s = 2 ms; 1 GB at 100 GB/s = 10 ms: memory-bound, 10 ms.
    expect(rooflineSeconds({ flops: 2e9, bytes: 1e9 }, 1000, 100)).toBeCloseTo(0.01, 12);
  });
});
