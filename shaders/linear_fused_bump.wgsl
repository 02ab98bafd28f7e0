// After a linear_fused dispatch: advances the step header by the segment's steps (the fused kernel
// only reads it, since its K workgroups run in no fixed order). GD draws no samples.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> state: array<u32>;
@group(0) @binding(2) var<storage, read> fusedSteps: array<u32>;

@compute @workgroup_size(1)
fn main() {
  state[0] = state[0] + fusedSteps[0];
  state[1] = state[1] + fusedSteps[0];
}
