// Every WGSL file parses with wgsl_reflect; the kernels' bindings and uniform layout come from
// reflection; the host writes Params at the reflected offsets; the storage structs (Run, State,
// Metrics) are declared once and the host's layout of them is reflected; the loss codes are one
// table; tile sizes the planner uses are the shaders' own constants. Runs in Node (no GPU needed).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WgslReflect } from 'wgsl_reflect/wgsl_reflect.module.js';
import { parseConfig } from '../../src/core/config';
import { planMemory, PLAN_TILES } from '../../src/gpu/memory-plan';
import { baseParams } from '../../src/gpu/params';
import { LOSS_KINDS } from '../../src/core/config';
import { LOSS_CODES, lossCodes } from '../../src/gpu/loss-codes';
import { MET, NMET, packHeader, packRuns, RUN, RUN_WORDS, STATE, STATE_RUN0, unpackRun } from '../../src/gpu/metrics-layout';
import { packUniform, reflectKernel, reflectStruct, wgslConst } from '../../src/gpu/reflect';
import { KERNEL_NAMES, KERNELS, SHADER_FILES, assembleKernel, sourceLine, type ShaderSources } from '../../src/gpu/shader-catalog';

const DIR = join(__dirname, '../../shaders');
const sources = Object.fromEntries(SHADER_FILES.map((f) => [f, readFileSync(join(DIR, `${f}.wgsl`), 'utf8')])) as ShaderSources;

describe('shaders', () => {
  it('every .wgsl file under shaders/ is in the catalog and parses on its own', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.wgsl')).map((f) => f.replace(/\.wgsl$/, ''));
    expect(files.sort()).toEqual([...SHADER_FILES].sort());
    for (const f of ['structs', 'common', 'losses', 'rng'] as const) expect(() => new WgslReflect(sources[f]), f).not.toThrow();
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

  it('the storage structs are declared once (shaders/structs.wgsl), and every kernel that binds them includes it', () => {
    for (const struct of ['Run', 'State', 'Metrics']) {
      const declaring = SHADER_FILES.filter((f) => new RegExp(`struct\\s+${struct}\\s*\\{`).test(sources[f]));
      expect(declaring, struct).toEqual(['structs']);
    }
    for (const k of KERNEL_NAMES) {
      if (/\b(State|Metrics|Run)>?;/.test(sources[k])) expect(KERNELS[k] as readonly string[], k).toContain('structs');
    }
  });

  it("the host's words of the metric slots, the runs and the state header are the reflected offsets", () => {
    const m = reflectStruct(sources.structs, 'Metrics');
    expect(NMET * 4).toBe(m.size);
    for (const [name, word] of Object.entries(MET)) expect(word * 4, name).toBe(m.members[name].offset);
    const r = reflectStruct(sources.structs, 'Run');
    expect(RUN_WORDS * 4).toBe(r.size);
    for (const [name, word] of Object.entries(RUN)) expect(word * 4, name).toBe(r.members[name].offset);
    expect(STATE_RUN0 * 4).toBe(reflectStruct(sources.structs, 'State').members.runs.offset);
    // What the engines write and read back: two runs, one diverged at step 7.
    const words = new Uint32Array(packRuns(['running', 'diverged'], [-1, 7], [0.5, 2], 0.25));
    const f = new Float32Array(words.buffer);
    expect([f[RUN.eta], f[RUN_WORDS + RUN.eta], f[RUN_WORDS + RUN.scale]]).toEqual([0.5, 2, 0.25]);
    expect([unpackRun(words, 0), unpackRun(words, 1)]).toEqual([{ status: 'running', divergedAt: -1 }, { status: 'diverged', divergedAt: 7 }]);
    const h = packHeader(12, 3);
    expect([h.length, h[STATE.slot], h[STATE.step], h[STATE.sample]]).toEqual([STATE_RUN0, 0, 12, 3]);
  });

  it('the loss codes are one table, read from shaders/losses.wgsl for every loss kind', () => {
    expect(Object.keys(LOSS_CODES).sort()).toEqual([...LOSS_KINDS].sort());
    expect(new Set(Object.values(LOSS_CODES)).size).toBe(LOSS_KINDS.length);
    expect(LOSS_CODES.flatExp).toBe(wgslConst(sources.losses, 'LOSS_FLAT_EXP'));
    expect(LOSS_CODES.softmaxCE).toBe(wgslConst(sources.losses, 'LOSS_SOFTMAX_CE'));
    expect(() => lossCodes(sources.losses.replace(/const LOSS_MSE[^\n]*/, ''))).toThrow(/no loss code for 'mse'/);
    // The margin losses are the codes below softmaxCE (mlp_stats.wgsl switches on that).
    for (const k of ['logistic', 'exponential', 'flatExp', 'flatPoly'] as const) expect(LOSS_CODES[k]).toBeLessThan(LOSS_CODES.softmaxCE);
  });

  it('a line of an assembled kernel maps back to its shader file and line', () => {
    const code = assembleKernel('stats', sources);
    const lines = code.split('\n');
    const at = lines.findIndex((l) => l.includes('fn loss_d2')) + 1;
    const inFile = sources.losses.split('\n').findIndex((l) => l.includes('fn loss_d2')) + 1;
    expect(sourceLine(code, at)).toBe(`shaders/losses.wgsl:${inFile}`);
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
