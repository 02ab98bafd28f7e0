// Every preset shows its claim at --quick size on the float64 engine, run through the CLI as a user
// runs it; the claims and their numbers are in tests/preset-science.ts.

import { expect, it } from 'vitest';
import { presetNames } from '../../src/core/presets';
import { presetScience, SCIENCE_PRESETS } from '../preset-science';

it('every preset has a science test', () => {
  expect([...SCIENCE_PRESETS].sort()).toEqual(presetNames().sort());
});

presetScience('cpu');
