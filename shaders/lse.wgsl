// Log-sum-exp in fp32, as a running pair (max, Σ exp(v − max)): how the loss reductions keep
// losses of 1e-30 and below accurate (ln L = max + ln Σ − ln n). Shared by stats and mlp_stats.

fn lse_push(ms: vec2<f32>, v: f32) -> vec2<f32> {
  if (ms.y == 0.0) { return vec2<f32>(v, 1.0); }
  if (v > ms.x) { return vec2<f32>(v, ms.y * exp(ms.x - v) + 1.0); }
  return vec2<f32>(ms.x, ms.y + exp(v - ms.x));
}

fn lse_merge(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  if (a.y == 0.0) { return b; }
  if (b.y == 0.0) { return a; }
  if (a.x >= b.x) { return vec2<f32>(a.x, a.y + b.y * exp(b.x - a.x)); }
  return vec2<f32>(b.x, b.y + a.y * exp(a.x - b.x));
}
