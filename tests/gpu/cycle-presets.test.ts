// The GPU engine shows the non-separable presets' claims as the float64 engine does (tests/preset-science.ts):
// period doubling from 2/λ_max(∇²L(w*)) on the 1-D set, and a stable period-2 cycle below 2/λ, with
// ‖w_t − w*‖ measured on the GPU (dist_opt.wgsl) against the w* Newton finds in float64. About 15 s
// each on the software adapter. (The regularized preset is not here: fp32 GD stalls 1e-7 to 1e-5
// from w* there, so its float64 step counts to ‖w − w*‖ ≤ 1e-6 do not carry over; src/gpu/README.md.)

import { presetScience } from '../preset-science';

presetScience('gpu', ['non-separable', 'stable-cycle']);
