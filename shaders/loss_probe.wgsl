// Evaluates ln ℓ, ℓ' and ℓ'' of shaders/losses.wgsl at given margins, so a test can hold the WGSL
// losses to their float64 twins in src/core/losses.ts over the whole range of z, tails included.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> zbuf: array<f32>;
@group(0) @binding(2) var<storage, read_write> probeOut: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= P.n) { return; }
  let z = zbuf[i];
  probeOut[3u * i] = loss_log(P.lossKind, P.lossA, z);
  probeOut[3u * i + 1u] = loss_d1(P.lossKind, P.lossA, z);
  probeOut[3u * i + 2u] = loss_d2(P.lossKind, P.lossA, z);
}
