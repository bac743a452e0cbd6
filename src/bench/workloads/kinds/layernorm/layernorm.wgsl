// Layer norm over rows: y = (x − mean)/√(var + ε)·γ + β, for "Run this workload" (gpu.ts
// beside this file). Stored as S (f32, or f16 for a float16 run), computed in f32. One
// 256-thread workgroup per row: threads stride over the row, then tree-reduce its sum in
// workgroup memory (the mean), then the sum of squared deviations (the variance), then
// write; three passes over the row, which stays in cache between them. The struct Params
// (rows, cols, eps) is generated from its layout in gpu.ts and put in front.

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<S>;
@group(0) @binding(2) var<storage, read> gamma: array<S>;
@group(0) @binding(3) var<storage, read> beta: array<S>;
@group(0) @binding(4) var<storage, read_write> y: array<S>;

const WG: u32 = 256u;
var<workgroup> scratch: array<f32, 256>;

// Sums of a thread's share: chunks of 64 terms, then the chunks (a long f32 sum stagnates:
// terms below half its last place vanish, on rows of millions).
struct Chunked {
  total: f32,
  chunk: f32,
  n: u32,
}

fn add_term(acc: ptr<function, Chunked>, v: f32) {
  (*acc).chunk = (*acc).chunk + v;
  (*acc).n = (*acc).n + 1u;
  if ((*acc).n == 64u) {
    (*acc).total = (*acc).total + (*acc).chunk;
    (*acc).chunk = 0.0;
    (*acc).n = 0u;
  }
}

// The workgroup's sum of `v` (every thread's own partial), in every thread.
fn workgroup_sum(lid: u32, v: f32) -> f32 {
  scratch[lid] = v;
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half = half / 2u) {
    if (lid < half) {
      scratch[lid] = scratch[lid] + scratch[lid + half];
    }
    workgroupBarrier();
  }
  let total = scratch[0];
  workgroupBarrier();
  return total;
}

@compute @workgroup_size(256)
fn layernorm_rows(@builtin(local_invocation_index) lid: u32,
                  @builtin(workgroup_id) wid: vec3<u32>,
                  @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows beyond 65 535 go to the grid's second dimension; the whole workgroup exits together.
  let row = wid.y * nwg.x + wid.x;
  if (row >= params.rows) {
    return;
  }
  let base = row * params.cols;
  let n = f32(params.cols);
  var s = Chunked(0.0, 0.0, 0u);
  for (var j = lid; j < params.cols; j = j + WG) {
    add_term(&s, f32(x[base + j]));
  }
  let mean = workgroup_sum(lid, s.total + s.chunk) / n;
  var q = Chunked(0.0, 0.0, 0u);
  for (var j = lid; j < params.cols; j = j + WG) {
    let d = f32(x[base + j]) - mean;
    add_term(&q, d * d);
  }
  let rstd = 1.0 / sqrt(workgroup_sum(lid, q.total + q.chunk) / n + params.eps);
  for (var j = lid; j < params.cols; j = j + WG) {
    y[base + j] = S((f32(x[base + j]) - mean) * rstd * f32(gamma[j]) + f32(beta[j]));
  }
}
