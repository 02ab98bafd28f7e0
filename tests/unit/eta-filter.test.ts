// The η filter: values, fractions, ranges and bounds, any of them matching; a term it cannot read is named.

import { describe, expect, it } from 'vitest';
import { filterEtas } from '../../src/ui/charts/eta-filter';

const etas = [1 / 64, 1 / 4, 1, 4, 16, 64];

describe('η filter', () => {
  it('keeps the η matched by any term: a value, a fraction, a range or a bound', () => {
    expect(filterEtas('', etas)).toEqual({ shown: etas });
    expect(filterEtas('4, 1/64', etas)).toEqual({ shown: [1 / 64, 4] });
    expect(filterEtas('1/4..4', etas)).toEqual({ shown: [1 / 4, 1, 4] });
    expect(filterEtas('>= 16', etas)).toEqual({ shown: [16, 64] });
    expect(filterEtas('< 1; 64', etas)).toEqual({ shown: [1 / 64, 1 / 4, 64] });
    expect(filterEtas('2^4', etas)).toEqual({ shown: [16] });
    expect(filterEtas('0.015625', etas)).toEqual({ shown: [1 / 64] });
    expect(filterEtas('3', etas)).toEqual({ shown: [] });
  });

  it('names the term it cannot read', () => {
    expect(filterEtas('4, big', etas)).toEqual({ error: '"big" is not a number, a range (1/4..8) or a bound (>= 2)' });
    expect(filterEtas('> x', etas)).toEqual({ error: '"x" is not a number' });
    expect(filterEtas('a..4', etas)).toEqual({ error: '"a..4" is not a range of numbers (like 1/4..8)' });
  });
});
