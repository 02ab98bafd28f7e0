// A classification data set in memory: n samples of dimension d, binary labels ±1, or (when
// `classes` is set) integer class labels 0..classes−1 in `labels`, with y all zero.

export interface Dataset {
  /** Human-readable description, e.g. "MNIST train 0 vs 8, n = 1000, pixel/255". */
  name: string;
  n: number;
  d: number;
  /** Row-major n×d features: sample i is x[i*d .. i*d+d). */
  x: Float64Array;
  /** Labels, each +1 or −1 (binary data); all 0 for multi-class data, whose labels are in `labels`. */
  y: Float64Array;
  /** Number of classes C of a multi-class data set; absent for binary (±1) data. */
  classes?: number;
  /** Class index of each sample, 0..classes−1 (multi-class data only). */
  labels?: Uint8Array;
  /** Where each sample came from (index in the source file), when there is one. */
  sourceIndex?: Uint32Array;
}

/** Row i of x as a subarray (no copy). */
export function row(data: Dataset, i: number): Float64Array {
  return data.x.subarray(i * data.d, (i + 1) * data.d);
}

/** Number of +1 and −1 labels. */
export function labelCounts(data: Dataset): { positive: number; negative: number } {
  let positive = 0;
  for (let i = 0; i < data.n; i++) if (data.y[i] > 0) positive++;
  return { positive, negative: data.n - positive };
}
