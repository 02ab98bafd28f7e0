import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../src/core/config-error';
import { parseCsv, type CsvOptions } from '../../src/core/data/csv';
import { row } from '../../src/core/data/dataset';

const opts: CsvOptions = { labelColumn: 'label', scaling: 'none', source: 'data.csv' };

function errorOf(text: string, over: Partial<CsvOptions> = {}): Error {
  try {
    parseCsv(text, { ...opts, ...over });
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected parseCsv to throw');
}

describe('parseCsv: good files', () => {
  it('reads features and maps the first label met to +1', () => {
    const data = parseCsv('a,label,b\n1,cat,2\n-3.5,dog,4e-1\n0,cat,.5\n', opts);
    expect(data.n).toBe(3);
    expect(data.d).toBe(2);
    expect(Array.from(data.x)).toEqual([1, 2, -3.5, 0.4, 0, 0.5]);
    expect(Array.from(data.y)).toEqual([1, -1, 1]);
    expect(Array.from(data.sourceIndex!)).toEqual([0, 1, 2]);
    expect(data.name).toBe('data.csv: n = 3, d = 2, "cat" → +1, "dog" → −1, unscaled');
  });

  it('honours positiveLabel, \\r\\n, a BOM, blank lines, whitespace and quotes', () => {
    const text = '\uFEFF x , "label" ,"y, quoted"\r\n 1 , 0 , 2 \r\n\r\n"3",1,"4"\r\n';
    const data = parseCsv(text, { ...opts, positiveLabel: '1' });
    expect(data.d).toBe(2);
    expect(Array.from(data.x)).toEqual([1, 2, 3, 4]);
    expect(Array.from(data.y)).toEqual([-1, 1]);
  });

  it('applies the scaling', () => {
    const data = parseCsv('label,a,b\n1,3,4\n0,0,0\n', { ...opts, scaling: 'unitNorm' });
    expect(Array.from(row(data, 0))).toEqual([0.6, 0.8]);
    expect(Array.from(row(data, 1))).toEqual([0, 0]);
  });
});

describe('parseCsv: bad files', () => {
  it('empty file', () => {
    const err = errorOf('  \n\n');
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toBe('data.csv: the file is empty (expected a header row and data rows)');
  });

  it('header only', () => {
    expect(errorOf('a,label\n').message).toBe('data.csv: the file has a header row but no data rows');
  });

  it('missing label column lists the columns', () => {
    const err = errorOf('x,y,class\n1,2,a\n');
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe('data.labelColumn: "label" is not allowed; expected one of the columns of data.csv: "x", "y", "class"');
  });

  it('missing label column with semicolons gets a hint', () => {
    expect(errorOf('x;y;label\n1;2;a\n').message).toMatch(/seems to use ";" or tabs/);
  });

  it('ragged rows', () => {
    expect(errorOf('a,label\n1,x\n2,y,3\n').message).toBe('data.csv: line 3: 3 cells, but the header has 2 columns');
    expect(errorOf('a,b,label\n1,2,x\n2,y\n').message).toBe('data.csv: line 3: 2 cells, but the header has 3 columns');
  });

  it('non-numeric cell', () => {
    expect(errorOf('a,label\n1,x\nabc,y\n').message).toBe('data.csv: line 3, column "a": "abc" is not a number');
    expect(errorOf('a,label\n0x10,x\n').message).toMatch(/line 2, column "a": "0x10" is not a number/);
  });

  it('NaN and Infinity cells', () => {
    expect(errorOf('a,label\nNaN,x\n1,y\n').message).toBe('data.csv: line 2, column "a": NaN is not a finite number');
    expect(errorOf('a,label\n1,x\n-Infinity,y\n').message).toBe('data.csv: line 3, column "a": -Infinity is not a finite number');
    expect(errorOf('a,label\n1e999,x\n').message).toBe('data.csv: line 2, column "a": 1e999 overflows a 64-bit float');
  });

  it('empty cell', () => {
    expect(errorOf('a,b,label\n1,,x\n').message).toBe('data.csv: line 2, column "b": empty cell (missing values are not allowed)');
  });

  it('a single class', () => {
    expect(errorOf('a,label\n1,x\n2,x\n').message).toBe(
      'data.csv: column "label" has only one label value "x"; binary classification needs two',
    );
  });

  it('more than two classes', () => {
    expect(errorOf('a,label\n1,x\n2,y\n3,z\n').message).toBe(
      'data.csv: line 4, column "label": a third label value "z" (already seen "x" and "y"); binary classification needs exactly two',
    );
  });

  it('duplicate column names', () => {
    expect(errorOf('a,label,a\n1,x,2\n').message).toBe(
      'data.csv: line 1 (header): column name "a" appears twice (columns 1 and 3)',
    );
  });

  it('a positiveLabel that does not occur', () => {
    const err = errorOf('a,label\n1,x\n2,y\n', { positiveLabel: 'z' });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe('data.positiveLabel: "z" is not allowed; expected one of the label values in data.csv: "x" or "y"');
  });

  it('no feature columns', () => {
    expect(errorOf('label\nx\n').message).toMatch(/at least one feature column/);
  });

  it('an unclosed quote', () => {
    expect(errorOf('a,label\n"1,x\n').message).toBe('data.csv: line 2: a quoted cell is not closed on this line');
  });
});
