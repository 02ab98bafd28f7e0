// Parameter-space kernels of the fully connected network, all runs at once (K×P, run-major):
// mode 0: W −= η_k ∇L (runs still running); mode 1: Wp = W + scale_k · V (the points w ± εv of the
// finite-difference Hessian-vector products); mode 2: bias gradients ∇b = Σ_i δ_i (Src = δ_l, one
// thread per run and output unit).

struct UP {
  count: u32,      // per run: P (modes 0, 1) or dout (mode 2)
  K: u32,
  mode: u32,
  P: u32,          // parameters per run
  n: u32,          // mode 2: samples
  srcOff: u32,     // mode 2: δ_l at Src[srcOff + k*srcBatch + i*count + o]
  srcBatch: u32,
  dstOff: u32,     // mode 2: ∇b_l at Dst[k*P + dstOff + o]
}

@group(0) @binding(0) var<uniform> P: UP;
@group(0) @binding(1) var<storage, read> Src: array<f32>;
@group(0) @binding(2) var<storage, read> V: array<f32>;
@group(0) @binding(3) var<storage, read_write> Dst: array<f32>;
@group(0) @binding(4) var<storage, read> runs: array<Run>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let j = gid.x + gid.y * nwg.x * 256u;
  if (j >= P.count * P.K) { return; }
  let k = j / P.count;
  let q = j % P.count;
  if (P.mode == 0u) {
    // Dst = W, Src = ∇L.
    if (runs[k].status == 0u) { Dst[j] = Dst[j] - runs[k].eta * Src[j]; }
  } else if (P.mode == 1u) {
    // Dst = Wp, Src = W.
    Dst[j] = Src[j] + runs[k].scale * V[j];
  } else {
    var s = 0.0;
    let base = P.srcOff + k * P.srcBatch + q;
    for (var i = 0u; i < P.n; i = i + 1u) { s = s + Src[base + i * P.count]; }
    Dst[k * P.P + P.dstOff + q] = s;
  }
}
