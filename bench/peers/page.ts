// The peers page: TensorFlow.js and jax-js (WebGPU, and on the CPU WebAssembly) in the same headless
// Chrome as bigstep's host page, driven from Node through window.bigstepPeers (bench/peers/run-peers.ts).
// Bundled by run-peers.ts with esbuild, since both libraries ship CommonJS pieces that the Vite dev
// server would otherwise have to pre-bundle.

import { createPeersApi } from './peer-api';

// TF.js's wasm backend fetches its .wasm from its npm package, served by the same Vite server.
window.bigstepPeers = createPeersApi(`${location.origin}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
