// Advances the step counter on the GPU (so many steps go into one submit with no host round trip)
// and draws the next step's SGD sample from the counter-based generator.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> state: array<u32>;

@compute @workgroup_size(1)
fn main() {
  state[0] = state[0] + 1u;
  let step = state[1] + 1u;
  state[1] = step;
  state[2] = sgd_sample(P.orderSeed, step, P.n);
}
