// The fast CPU engine's two kernels in WebAssembly text (WAT), float64 SIMD (f64x2) or, for the
// float32 mode, f32x4 (the same code with twice the lanes). The text is
// generated here, with its register tiles written out, and assembled by wabt (an npm package) into
// kernels-wasm.ts by `npm run build:wasm`; tests/unit/fast-kernels.test.ts checks that the
// committed binary is what this text assembles to.
//
// Both kernels are GEMMs over the rows r of the weight matrix W (R_p × d_p, row-major; a row is one
// run's w for the linear model, one neuron of one run for the NTK network):
//   forward   P[r][i] = Σ_j W[r][j] · X[i][j]             for samples i in [i0, i1)
//   backward  W[r][j] −= η_r · Σ_i D[r][i] · X[i][j]       for features j in [j0, j1)
// Each output is summed over j (forward) or i (backward) from 0 upwards in one accumulator lane, the
// reference engine's order, so the results are those of src/cpu/models.ts bit for bit, however the
// samples or features are split among threads. Tiles are 4 rows × C columns, C = 2 vectors (4 in
// float64, 8 in float32), in 8 accumulators; every dimension is padded (R_p to 4, n_p and d_p to C,
// zeros in the padding). Below, the layouts are written for C = 4. The operands a tile
// streams through are packed so that the stream is contiguous: D in row tiles, D[r][i] at
// ((r >> 2)·n_p + i)·4 + (r & 3); X twice, in sample tiles for the forward kernel ("xt": X[i][j] at
// ((i >> 2)·d_p + j)·4 + (i & 3)) and in feature tiles for the backward one ("x": X[i][j] at
// ((j >> 2)·n_p + i)·4 + (j & 3)). Samples (forward) and features (backward) are taken in blocks of
// `block` columns so that the panel of X they read stays in cache while every row tile passes over it.

const ROWS = 4;

export type KernelPrecision = 'float64' | 'float32';

/** Element bytes, vector type and splat load of a precision; columns per tile = 2 vectors. */
export function elementType(precision: KernelPrecision) {
  return precision === 'float64'
    ? { bytes: 8, shift: 3, v: 'f64x2', splat: 'v128.load64_splat', cols: 4 }
    : { bytes: 4, shift: 2, v: 'f32x4', splat: 'v128.load32_splat', cols: 8 };
}

type Element = ReturnType<typeof elementType>;

/** The module's text; `shared` imports a shared memory (threads), otherwise a private one. */
export function kernelsWat(precision: KernelPrecision, shared: boolean): string {
  const t = elementType(precision);
  return `(module
  (import "env" "memory" (memory 1 65536${shared ? ' shared' : ''}))
${forward(t)}
${backward(t)}
)
`;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, q) => q);
const accs = range(ROWS).flatMap((q) => [`$a${q}0`, `$a${q}1`]);
const declareAccs = accs.map((a) => `(local ${a} v128)`).join(' ');
const zeroAccs = (): string => accs.map((a) => `(local.set ${a} (v128.const i64x2 0 0))`).join('\n          ');
/** acc_q0 += s·x0, acc_q1 += s·x1 with s the splatted coefficient of row q at pointer `ptr` + offset. */
const madd = (T: Element, q: number, ptr: string, offset: number): string =>
  `(local.set $s (${T.splat} offset=${offset} (local.get ${ptr})))
            (local.set $a${q}0 (${T.v}.add (local.get $a${q}0) (${T.v}.mul (local.get $s) (local.get $x0))))
            (local.set $a${q}1 (${T.v}.add (local.get $a${q}1) (${T.v}.mul (local.get $s) (local.get $x1))))`;

function forward(T: Element): string {
  const rowPtrs = range(ROWS).map((q) => `$w${q}`);
  return `  ;; forward(w, xt, p, rp, np, dp, i0, i1, block): P[r][i] for all rows, samples i0..i1 (multiples of ${T.cols})
  (func (export "forward") (param $w i32) (param $xt i32) (param $p i32) (param $rp i32) (param $np i32) (param $dp i32)
    (param $i0 i32) (param $i1 i32) (param $block i32)
    (local $b i32) (local $bEnd i32) (local $r i32) (local $i i32) (local $j i32) (local $xp i32) (local $pp i32)
    (local $xstride i32) (local $wstride i32) ${rowPtrs.map((p) => `(local ${p} i32)`).join(' ')}
    (local $x0 v128) (local $x1 v128) (local $s v128) ${declareAccs}
    (local.set $xstride (i32.shl (local.get $np) (i32.const ${T.shift})))
    (local.set $wstride (i32.shl (local.get $dp) (i32.const ${T.shift})))
    (local.set $b (local.get $i0))
    (block $blocksDone (loop $blocks
      (br_if $blocksDone (i32.ge_u (local.get $b) (local.get $i1)))
      (local.set $bEnd (select (local.get $i1) (i32.add (local.get $b) (local.get $block))
        (i32.lt_u (local.get $i1) (i32.add (local.get $b) (local.get $block)))))
      (local.set $r (i32.const 0))
      (block $rowsDone (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rp)))
        (local.set $i (local.get $b))
        (block $colsDone (loop $cols
          (br_if $colsDone (i32.ge_u (local.get $i) (local.get $bEnd)))
          (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $r) (local.get $wstride))))
          ${range(ROWS - 1)
            .map((q) => `(local.set $w${q + 1} (i32.add (local.get $w${q}) (local.get $wstride)))`)
            .join('\n          ')}
          (local.set $xp (i32.add (local.get $xt) (i32.mul (local.get $i) (local.get $wstride))))
          ${zeroAccs()}
          (local.set $j (local.get $dp))
          (block $dotDone (loop $dot
            (br_if $dotDone (i32.eqz (local.get $j)))
            (local.set $x0 (v128.load (local.get $xp)))
            (local.set $x1 (v128.load offset=16 (local.get $xp)))
            ${range(ROWS)
              .map((q) => madd(T, q, `$w${q}`, 0))
              .join('\n            ')}
            ${rowPtrs.map((p) => `(local.set ${p} (i32.add (local.get ${p}) (i32.const ${T.bytes})))`).join('\n            ')}
            (local.set $xp (i32.add (local.get $xp) (i32.const 32)))
            (local.set $j (i32.sub (local.get $j) (i32.const 1)))
            (br $dot)))
          (local.set $pp (i32.add (local.get $p) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $np)) (local.get $i)) (i32.const ${T.shift}))))
          ${range(ROWS)
            .map(
              (q) => `(v128.store (local.get $pp) (local.get $a${q}0))
          (v128.store offset=16 (local.get $pp) (local.get $a${q}1))
          (local.set $pp (i32.add (local.get $pp) (local.get $xstride)))`,
            )
            .join('\n          ')}
          (local.set $i (i32.add (local.get $i) (i32.const ${T.cols})))
          (br $cols)))
        (local.set $r (i32.add (local.get $r) (i32.const ${ROWS})))
        (br $rows)))
      (local.set $b (local.get $bEnd))
      (br $blocks)))
  )`;
}

function backward(T: Element): string {
  return `  ;; backward(d, x, w, eta, rp, np, dp, j0, j1, block): W[r][j] -= eta[r]·(D·X)[r][j], features j0..j1 (multiples of ${T.cols})
  (func (export "backward") (param $d i32) (param $x i32) (param $w i32) (param $eta i32) (param $rp i32) (param $np i32) (param $dp i32)
    (param $j0 i32) (param $j1 i32) (param $block i32)
    (local $b i32) (local $bEnd i32) (local $r i32) (local $j i32) (local $i i32) (local $dq i32) (local $xp i32) (local $wp i32)
    (local $wstride i32) (local $e v128)
    (local $x0 v128) (local $x1 v128) (local $s v128) ${declareAccs}
    (local.set $wstride (i32.shl (local.get $dp) (i32.const ${T.shift})))
    (local.set $b (local.get $j0))
    (block $blocksDone (loop $blocks
      (br_if $blocksDone (i32.ge_u (local.get $b) (local.get $j1)))
      (local.set $bEnd (select (local.get $j1) (i32.add (local.get $b) (local.get $block))
        (i32.lt_u (local.get $j1) (i32.add (local.get $b) (local.get $block)))))
      (local.set $r (i32.const 0))
      (block $rowsDone (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rp)))
        (local.set $j (local.get $b))
        (block $colsDone (loop $cols
          (br_if $colsDone (i32.ge_u (local.get $j) (local.get $bEnd)))
          (local.set $dq (i32.add (local.get $d) (i32.shl (i32.mul (local.get $r) (local.get $np)) (i32.const ${T.shift}))))
          (local.set $xp (i32.add (local.get $x) (i32.shl (i32.mul (local.get $j) (local.get $np)) (i32.const ${T.shift}))))
          ${zeroAccs()}
          (local.set $i (local.get $np))
          (block $sumDone (loop $sum
            (br_if $sumDone (i32.eqz (local.get $i)))
            (local.set $x0 (v128.load (local.get $xp)))
            (local.set $x1 (v128.load offset=16 (local.get $xp)))
            ${range(ROWS)
              .map((q) => madd(T, q, '$dq', q * T.bytes))
              .join('\n            ')}
            (local.set $dq (i32.add (local.get $dq) (i32.const ${ROWS * T.bytes})))
            (local.set $xp (i32.add (local.get $xp) (i32.const 32)))
            (local.set $i (i32.sub (local.get $i) (i32.const 1)))
            (br $sum)))
          (local.set $wp (i32.add (local.get $w) (i32.add (i32.mul (local.get $r) (local.get $wstride)) (i32.shl (local.get $j) (i32.const ${T.shift})))))
          ${range(ROWS)
            .map(
              (q) => `(local.set $e (${T.splat} offset=${q * T.bytes} (i32.add (local.get $eta) (i32.shl (local.get $r) (i32.const ${T.shift})))))
          (v128.store (local.get $wp) (${T.v}.sub (v128.load (local.get $wp)) (${T.v}.mul (local.get $e) (local.get $a${q}0))))
          (v128.store offset=16 (local.get $wp) (${T.v}.sub (v128.load offset=16 (local.get $wp)) (${T.v}.mul (local.get $e) (local.get $a${q}1))))
          (local.set $wp (i32.add (local.get $wp) (local.get $wstride)))`,
            )
            .join('\n          ')}
          (local.set $j (i32.add (local.get $j) (i32.const ${T.cols})))
          (br $cols)))
        (local.set $r (i32.add (local.get $r) (i32.const ${ROWS})))
        (br $rows)))
      (local.set $b (local.get $bEnd))
      (br $blocks)))
  )`;
}
