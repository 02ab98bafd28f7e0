// Sharpness (NTK network): Hessian weights h_ki = ℓ''(z_ki)/n · u_ki from the JVP partials, for the
// Gauss–Newton form H = Jᵀ diag(ℓ''(z)/n) J (exact here: f is piecewise linear in W).

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> partials: array<f32>;
@group(0) @binding(2) var<storage, read> zbuf: array<f32>;
@group(0) @binding(3) var<storage, read_write> coefH: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  let k = gid.y;
  if (i >= P.n) { return; }
  var u = 0.0;
  for (var c = 0u; c < P.numChunks; c = c + 1u) { u = u + partials[(k * P.numChunks + c) * P.n + i]; }
  coefH[k * P.n + i] = loss_d2(P.lossKind, P.lossA, zbuf[k * P.n + i]) * P.invN * u * P.invSqrtM;
}
