// `npm run build:wasm`: assembles kernels-wat.ts into kernels-wasm.ts (base64 WebAssembly).

import { writeFileSync } from 'node:fs';
import { assembleKernels, kernelsModuleText } from './assemble';

const file = new URL('./kernels-wasm.ts', import.meta.url);
writeFileSync(file, kernelsModuleText(await assembleKernels()));
console.log(`wrote ${file.pathname}`);
