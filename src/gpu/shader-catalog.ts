// Which shader files make up each kernel. WGSL has no #include, so a kernel's module is its shared
// snippets followed by its own file; both the browser (Vite ?raw) and Node tests (fs) assemble
// modules through `assembleKernel`, so what the tests reflect is exactly what the GPU compiles.

export const SHADER_FILES = [
  'structs',
  'common',
  'losses',
  'rng',
  'lse',
  'linear_forward',
  'linear_backward',
  'linear_update',
  'weight_step',
  'forward_weight',
  'ntk_penalty',
  'linear_sum',
  'linear_fused',
  'linear_fused_bump',
  'ntk_forward',
  'ntk_backward',
  'ntk_forward_t128',
  'ntk_backward_t128',
  'stats',
  'finalize',
  'bump',
  'linear_hvp',
  'dist_opt',
  'sharp_normalize',
  'sharp_scale',
  'sharp_hcoef',
  'loss_probe',
  'mlp_matmul',
  'mlp_act',
  'mlp_stats',
  'mlp_update',
  'mlp_norms',
] as const;

export type ShaderFile = (typeof SHADER_FILES)[number];

export const KERNELS = {
  linear_forward: ['structs', 'common', 'forward_weight'],
  linear_backward: ['structs', 'common'],
  linear_update: ['structs', 'common', 'linear_sum', 'weight_step'],
  linear_fused: ['structs', 'common', 'losses', 'lse'],
  linear_fused_bump: ['structs', 'common'],
  ntk_forward: ['structs', 'common', 'forward_weight', 'ntk_penalty'],
  ntk_backward: ['structs', 'common', 'weight_step'],
  ntk_forward_t128: ['structs', 'common', 'forward_weight', 'ntk_penalty'],
  ntk_backward_t128: ['structs', 'common', 'weight_step'],
  stats: ['structs', 'common', 'losses', 'lse'],
  finalize: ['structs', 'common'],
  bump: ['structs', 'common', 'rng'],
  linear_hvp: ['structs', 'common', 'linear_sum'],
  dist_opt: ['structs', 'common'],
  sharp_normalize: ['structs', 'common'],
  sharp_scale: ['structs', 'common'],
  sharp_hcoef: ['structs', 'common', 'losses'],
  loss_probe: ['structs', 'common', 'losses'],
  mlp_matmul: [],
  mlp_act: [],
  mlp_stats: ['structs', 'losses', 'lse'],
  mlp_update: ['structs'],
  mlp_norms: ['structs'],
} as const satisfies Record<string, readonly ShaderFile[]>;

export type KernelName = keyof typeof KERNELS;

export const KERNEL_NAMES = Object.keys(KERNELS) as KernelName[];

export type ShaderSources = Record<ShaderFile, string>;

export function assembleKernel(name: KernelName, sources: ShaderSources): string {
  const parts = [...KERNELS[name], name as ShaderFile].map((f) => `// ---- ${f}.wgsl ----\n${sources[f]}`);
  return parts.join('\n');
}

/**
 * Where line `line` (1-based) of an assembled kernel module comes from, as "shaders/FILE.wgsl:LINE":
 * assembleKernel heads each part with a `// ---- FILE.wgsl ----` line.
 */
export function sourceLine(code: string, line: number): string {
  const lines = code.split('\n');
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const head = /^\/\/ ---- (\S+\.wgsl) ----$/.exec(lines[i]);
    if (head) return `shaders/${head[1]}:${line - i - 1}`;
  }
  return `line ${line}`;
}
