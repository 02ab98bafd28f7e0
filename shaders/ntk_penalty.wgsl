// The ℓ2 term's sum for stats, shared by the NTK forwards (ntk_forward, ntk_forward_t128; each declares
// P, partials and a 256-entry vec4 workgroup `red`): the workgroup's threads each hold `pen`, their
// share of Σ (w − w0)² over the chunk's weights, and thread 0 writes the tree sum into chunk
// P.chunkBase + chunk of run k, in the K × numChunks words after the forward partials (where
// linear_forward puts the linear model's). Called by every thread of a workgroup whose first sample
// tile loaded the chunk (a workgroup-uniform condition: the barriers inside are legal).
fn write_penalty(t: u32, k: u32, chunk: u32, pen: f32) {
  workgroupBarrier();
  red[t] = vec4<f32>(pen, 0.0, 0.0, 0.0);
  workgroupBarrier();
  for (var hw = 128u; hw > 0u; hw = hw / 2u) {
    if (t < hw) { red[t] = red[t] + red[t + hw]; }
    workgroupBarrier();
  }
  if (t == 0u) { partials[P.K * P.numChunks * P.n + k * P.numChunks + P.chunkBase + chunk] = red[0].x; }
}
