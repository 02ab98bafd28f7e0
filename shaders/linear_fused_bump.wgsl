// After a linear_fused dispatch: advances the step header by the segment's steps (the fused kernel
// only reads it, since its K workgroups run in no fixed order). GD draws no samples.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> state: State;
@group(0) @binding(2) var<storage, read> fusedSteps: array<u32>;

@compute @workgroup_size(1)
fn main() {
  state.slot = state.slot + fusedSteps[0];
  state.step = state.step + fusedSteps[0];
}
