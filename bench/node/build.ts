// Bundles a Node entry (default bench/node-main.ts) into one ES module with esbuild, turning the
// shaders' Vite-style `?raw` imports into strings read from shaders/*.wgsl at build time: the WGSL
// stays in its files, never copied into code. `webgpu` (a native addon) stays an external import.
//   node --import tsx bench/node/build.ts [entry] [outfile]

import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `import text from './x.wgsl?raw'` → the file's text, as Vite does. */
export const rawPlugin: Plugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.replace(/\?raw$/, '')), namespace: 'raw' }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'text' }));
  },
};

export async function bundleNode(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [resolve(ROOT, entry)],
    outfile: resolve(ROOT, outfile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['webgpu'],
    plugins: [rawPlugin],
    // Some bundled CommonJS code calls require(); give the ES module one.
    banner: { js: "import { createRequire as __bigstepCreateRequire } from 'node:module'; const require = __bigstepCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const entry = process.argv[2] ?? 'bench/node-main.ts';
  const out = process.argv[3] ?? 'results/bench/node/bench-node.mjs';
  await bundleNode(entry, out);
  console.log(`bundled ${entry} → ${out}`);
}
