// The per-feature sums that finish a linear backward, for one feature j and the 4 runs k0 .. k0+3
// (runs past K read run K−1 and are never written back). Shared by linear_update (the gradient:
// coef = y ℓ'(z)/n) and linear_hvp (the Hessian-vector product: coef = ℓ''(z) x·v/n); each kernel
// declares the X, coef and gradPartials bindings these read.

// Σ_{i in [iBegin, iEnd)} coef_ki x_ij, straight from the samples: threads read consecutive features
// of a sample (coalesced); the runs' coefficients of that sample are the same for every thread.
// For one chunk (tiny n) or SGD's one sample, where linear_backward is not dispatched.
fn linear_sum_samples(j: u32, k0: u32, iBegin: u32, iEnd: u32) -> vec4<f32> {
  let c0 = k0 * P.n;
  let c1 = min(k0 + 1u, P.K - 1u) * P.n;
  let c2 = min(k0 + 2u, P.K - 1u) * P.n;
  let c3 = min(k0 + 3u, P.K - 1u) * P.n;
  var acc = vec4<f32>(0.0);
  for (var i = iBegin; i < iEnd; i = i + 1u) {
    acc = acc + X[i * P.d + j] * vec4<f32>(coef[c0 + i], coef[c1 + i], coef[c2 + i], coef[c3 + i]);
  }
  return acc;
}

// Σ_c gradPartials[k][c][j]: linear_backward's chunk sums, a chain of gradChunks (about √n) loads.
fn linear_sum_chunks(j: u32, k0: u32) -> vec4<f32> {
  let stride = P.gradChunks * P.d;
  let s0 = k0 * stride;
  let s1 = min(k0 + 1u, P.K - 1u) * stride;
  let s2 = min(k0 + 2u, P.K - 1u) * stride;
  let s3 = min(k0 + 3u, P.K - 1u) * stride;
  var acc = vec4<f32>(0.0);
  for (var c = 0u; c < P.gradChunks; c = c + 1u) {
    let o = c * P.d + j;
    acc = acc + vec4<f32>(gradPartials[s0 + o], gradPartials[s1 + o], gradPartials[s2 + o], gradPartials[s3 + o]);
  }
  return acc;
}
