// The GPU engine shows the same science as the float64 engine, held to the same claims as
// tests/unit/preset-science.test.ts (tests/preset-science.ts): the two-point lower bound at --quick
// for the linear model (about 3 minutes on the software adapter at load 19, where it matched the
// float64 summary to 4 digits). The MLP's check is tests/long/gpu-mlp-eos.test.ts (the full
// eos-sharpness preset). The NTK presets are left out: ntk-width --quick (MNIST, d = 784, m = 100
// and 1000) took 204 s for m = 100 alone on the software adapter (it matched the float64 runs: the
// same transitions 47 and 52, the same increases, final losses equal to 4 digits) and did not finish
// m = 1000 within 5 more minutes.

import { presetScience } from '../preset-science';

presetScience('gpu', ['lower-bound']);
