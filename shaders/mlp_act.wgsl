// Elementwise activation of the fully connected network over all runs at once (src/cpu/mlp-net.ts
// is the float64 twin): mode 0: Out = σ(Z) (forward); mode 1: Out *= σ′(Z) (backward, Out holds
// u_l = δ_l W_l and becomes δ_{l−1}). act: 0 ReLU, 1 tanh, 2 GELU (tanh form).

struct ActP {
  count: u32,  // elements over all runs
  mode: u32,
  act: u32,
  spare: u32,
}

@group(0) @binding(0) var<uniform> P: ActP;
@group(0) @binding(1) var<storage, read> Z: array<f32>;
@group(0) @binding(2) var<storage, read_write> Out: array<f32>;

const GELU_K: f32 = 0.7978845608028654;
const GELU_C: f32 = 0.044715;

// tanh through exp of a non-positive argument, so it never overflows.
fn tanh_s(x: f32) -> f32 {
  let e = exp(-2.0 * abs(x));
  return sign(x) * (1.0 - e) / (1.0 + e);
}

fn act_f(kind: u32, x: f32) -> f32 {
  switch kind {
    case 0u: { return max(x, 0.0); }
    case 1u: { return tanh_s(x); }
    default: { return 0.5 * x * (1.0 + tanh_s(GELU_K * (x + GELU_C * x * x * x))); }
  }
}

fn act_d1(kind: u32, x: f32) -> f32 {
  switch kind {
    case 0u: { return select(0.0, 1.0, x > 0.0); }
    case 1u: {
      let t = tanh_s(x);
      return 1.0 - t * t;
    }
    default: {
      let t = tanh_s(GELU_K * (x + GELU_C * x * x * x));
      let du = GELU_K * (1.0 + 3.0 * GELU_C * x * x);
      return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du;
    }
  }
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let j = gid.x + gid.y * nwg.x * 256u;
  if (j >= P.count) { return; }
  if (P.mode == 0u) {
    Out[j] = act_f(P.act, Z[j]);
  } else {
    Out[j] = Out[j] * act_d1(P.act, Z[j]);
  }
}
