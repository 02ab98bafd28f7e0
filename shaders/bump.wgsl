// Advances the step counter on the GPU (so many steps go into one submit with no host round trip)
// and draws the next step's SGD sample from the counter-based generator.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> state: State;

@compute @workgroup_size(1)
fn main() {
  state.slot = state.slot + 1u;
  let step = state.step + 1u;
  state.step = step;
  state.sample = sgd_sample(P.orderSeed, step, P.n);
}
