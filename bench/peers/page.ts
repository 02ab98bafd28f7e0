// The peers page: TensorFlow.js (WebGPU backend) and jax-js (WebGPU device) in the same headless
// Chrome as bigstep's host page, driven from Node through window.bigstepPeers (bench/peers/run-peers.ts).
// Bundled by run-peers.ts with esbuild, since both libraries ship CommonJS pieces that the Vite dev
// server would otherwise have to pre-bundle.

import { createPeersApi } from './peer-api';

window.bigstepPeers = createPeersApi();
