// Every WGSL file parses with wgsl_reflect; the kernels' bindings and uniform layout come from
// reflection; the host writes Params at the reflected offsets; tile sizes the planner uses are the
// shaders' own constants. Runs in Node (no GPU needed).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WgslReflect } from 'wgsl_reflect/wgsl_reflect.module.js';
import { parseConfig } from '../../src/core/config';
import { planMemory, PLAN_TILES } from '../../src/gpu/memory-plan';
import { baseParams } from '../../src/gpu/params';
import { packUniform, reflectKernel, wgslConst } from '../../src/gpu/reflect';
import { KERNEL_NAMES, SHADER_FILES, assembleKernel, type ShaderSources } from '../../src/gpu/shader-catalog';

const DIR = join(__dirname, '../../shaders');
const sources = Object.fromEntries(SHADER_FILES.map((f) => [f, readFileSync(join(DIR, `${f}.wgsl`), 'utf8')])) as ShaderSources;

describe('shaders', () => {
  it('every .wgsl file under shaders/ is in the catalog and parses on its own', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.wgsl')).map((f) => f.replace(/\.wgsl$/, ''));
    expect(files.sort()).toEqual([...SHADER_FILES].sort());
    for (const f of ['common', 'losses', 'rng'] as const) expect(() => new WgslReflect(sources[f]), f).not.toThrow();
  });

  it('every kernel module parses, has one compute entry point and only group-0 buffer bindings', () => {
    for (const k of KERNEL_NAMES) {
      const r = reflectKernel(assembleKernel(k, sources));
      expect(r.entryPoint, k).toBe('main');
      expect(r.bindings.length, k).toBeGreaterThan(1);
      expect(r.bindings.filter((b) => b.kind !== 'uniform').length, `${k}: storage buffers`).toBeLessThanOrEqual(8);
      expect(r.bindings.find((b) => b.kind === 'uniform')?.name, k).toBe('P');
    }
  });

  it('all kernels share one Params layout, with the alignment WGSL prescribes', () => {
    // The MLP kernels (mlp_*.wgsl) each have their own small uniform struct, still named P.
    const layouts = KERNEL_NAMES.filter((k) => !k.startsWith('mlp_')).map((k) => reflectKernel(assembleKernel(k, sources)).uniform);
    for (const l of layouts) expect(l).toEqual(layouts[0]);
    const u = layouts[0]!;
    expect(u.members.n.offset).toBe(0);
    expect(u.members.d.offset).toBe(4);
    expect(u.members.lossA).toEqual({ offset: 60, type: 'f32' });
    expect(u.size % 4).toBe(0);
  });

  it('the host fills every Params member and packUniform writes each at its reflected offset', () => {
    const u = reflectKernel(assembleKernel('stats', sources)).uniform!;
    const cfg = parseConfig({ data: { kind: 'toy' }, etas: [1, 2], steps: 1, model: { kind: 'ntk', width: 100 }, loss: { kind: 'flatPoly', a: 2.5 } });
    const plan = planMemory(cfg, 4, 2, { maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28, budgetBytes: 2 ** 30 });
    const values = baseParams(cfg, plan, PLAN_TILES.ntkMaskWord);
    expect(Object.keys(values).sort()).toEqual(Object.keys(u.members).sort());
    const view = new DataView(packUniform(u, values));
    for (const [name, { offset, type }] of Object.entries(u.members)) {
      const got = type === 'f32' ? view.getFloat32(offset, true) : view.getUint32(offset, true);
      expect(got, name).toBeCloseTo(Math.fround(values[name]), 6);
    }
    expect(view.getFloat32(u.members.lossA.offset, true)).toBe(2.5);
    expect(view.getUint32(u.members.lossKind.offset, true)).toBe(3);
    expect(() => packUniform(u, { ...values, bogus: 1 })).toThrow(/no member bogus/);
  });

  it("the planner's tile sizes are the shaders' constants", () => {
    expect(wgslConst(sources.ntk_forward, 'T')).toBe(PLAN_TILES.ntkTile);
    expect(wgslConst(sources.ntk_forward, 'CHUNK')).toBe(PLAN_TILES.ntkChunk);
    expect(wgslConst(sources.ntk_backward, 'T')).toBe(PLAN_TILES.ntkTile);
    for (const kern of ['ntk_forward', 'ntk_backward'] as const) expect(wgslConst(sources[kern], 'MW'), kern).toBe(PLAN_TILES.ntkMaskWord);
    // The opt-in 128×128 kernels: their tile, the shared chunk and word, the norm slots' 64 grid.
    expect(wgslConst(sources.ntk_forward_t128, 'T')).toBe(PLAN_TILES.ntkTile128);
    expect(wgslConst(sources.ntk_backward_t128, 'T')).toBe(PLAN_TILES.ntkTile128);
    expect(wgslConst(sources.ntk_forward_t128, 'CHUNK')).toBe(PLAN_TILES.ntkChunk);
    for (const kern of ['ntk_forward_t128', 'ntk_backward_t128'] as const) expect(wgslConst(sources[kern], 'MW'), kern).toBe(PLAN_TILES.ntkMaskWord);
    expect(wgslConst(sources.ntk_backward_t128, 'NT')).toBe(PLAN_TILES.ntkTile);
    expect(PLAN_TILES.ntkTile128 % PLAN_TILES.ntkMaskWord).toBe(0);
    expect(PLAN_TILES.ntkChunk % PLAN_TILES.ntkTile128).toBe(0);
    expect(PLAN_TILES.ntkTile128, 'ntk_backward_t128 writes 2×2 slots of the 64 grid').toBe(2 * PLAN_TILES.ntkTile);
    expect(wgslConst(sources.linear_backward, 'TG')).toBe(PLAN_TILES.linearGradTile);
    for (const kern of ['linear_update', 'linear_hvp'] as const) expect(wgslConst(sources[kern], 'TJ'), kern).toBe(PLAN_TILES.linearFeatureTile);
    expect(wgslConst(sources.linear_forward, 'TI')).toBe(PLAN_TILES.linearSampleTile);
  });
});
