// The benchmark on Dawn for Node: the same GpuEngine and WGSL as in Chrome, with no browser, for GPU
// servers (and, with SwiftShader's Vulkan driver, for testing the route here). Built into one file by
// bench/node/build.ts (the shaders' ?raw imports become strings); run it with
//   node <bundle> [--quick] [--data-dir DIR] [--gpu-name NAME] [--out DIR] [--only REGEX] [--kernels]
// The engine's modules read WebGPU globals (GPUBufferUsage, …) when they load, so Dawn installs
// them first and the runner is imported after. Dawn's GPU object takes its flags once, here: with
// --kernels, timestamps unquantized.

import { DAWN_TIMESTAMP_FLAGS, dawnGpu } from '../src/node/dawn-gpu';

await dawnGpu(process.argv.includes('--kernels') ? DAWN_TIMESTAMP_FLAGS : []);
await import('./node-run');
