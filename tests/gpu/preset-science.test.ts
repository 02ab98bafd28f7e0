// The GPU engine shows the same science as the float64 engine: one preset per model at --quick,
// held to the same claims as tests/unit/preset-science.test.ts (tests/preset-science.ts): the
// two-point lower bound for the linear model, the width study for the NTK network. The MLP's is
// tests/gpu/mlp-eos.test.ts (the full eos-sharpness preset).

import { presetScience } from '../preset-science';

presetScience('gpu', ['lower-bound', 'ntk-width']);
