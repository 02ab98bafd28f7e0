// Sharpness, step 4: v ← Hv/‖Hv‖ over one block's K × rows × d entries (rows = blockSize; 1 for
// the linear model). v stays on the GPU as the warm start of the next measurement.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> HV: array<f32>;
@group(0) @binding(2) var<storage, read_write> V: array<f32>;
@group(0) @binding(3) var<storage, read> sharpScale: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let per = P.blockSize * P.d;
  let idx = gid.y * nwg.x * 256u + gid.x;
  if (idx >= P.K * per) { return; }
  let scale = sharpScale[idx / per];
  if (scale > 0.0) { V[idx] = HV[idx] * scale; }
}
