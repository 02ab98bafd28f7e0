// The GPU engine shows the same science as the float64 engine on one preset per model beyond the
// linear one that `npm test` checks (tests/gpu/preset-science.test.ts): ntk-width for the NTK network
// and eos-sharpness for the deep network, at --quick size, held to the claims of
// tests/preset-science.ts. Several minutes each on the software adapter, so `npm run test:long`.

import { presetScience } from '../preset-science';

presetScience('gpu', ['ntk-width', 'eos-sharpness']);
