// Sharpness, step 1 of a power iteration (linear model): u_i = x_i · v_k (the Jacobian-vector
// product) and the Hessian weights h_ki = ℓ''(z_ki) u_i / n, for 4 runs per thread like the forward pass.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> V: array<f32>;
@group(0) @binding(2) var<storage, read> X: array<f32>;
@group(0) @binding(3) var<storage, read> zbuf: array<f32>;
@group(0) @binding(4) var<storage, read_write> coefH: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let i = wg.x * 64u + t;
  let k0 = wg.z * 4u;
  if (i >= P.n) { return; }
  let r1 = min(k0 + 1u, P.K - 1u) * P.d;
  let r2 = min(k0 + 2u, P.K - 1u) * P.d;
  let r3 = min(k0 + 3u, P.K - 1u) * P.d;
  let r0 = k0 * P.d;
  let row = i * P.d;
  var u = vec4<f32>(0.0);
  for (var j = 0u; j < P.d; j = j + 1u) {
    u = u + X[row + j] * vec4<f32>(V[r0 + j], V[r1 + j], V[r2 + j], V[r3 + j]);
  }
  for (var r = 0u; r < 4u; r = r + 1u) {
    let k = k0 + r;
    if (k < P.K) { coefH[k * P.n + i] = loss_d2(P.lossKind, P.lossA, zbuf[k * P.n + i]) * P.invN * u[r]; }
  }
}
