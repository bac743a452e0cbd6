// Row softmax: y[r][j] = exp(x[r][j] - max_r) / Σ_j exp(x[r][j] - max_r), for "Run this
// workload" (gpu.ts beside this file); stored as S (f32 or f16), computed in f32. One 256-thread
// workgroup per row: threads stride over the row's columns, then tree-reduce the row's
// maximum and sum in workgroup memory; three passes over the row (max, sum, write).
// struct Params { rows, cols } is generated from its layout in gpu.ts and put in front.
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<S>;
@group(0) @binding(2) var<storage, read_write> y: array<S>;

const WG: u32 = 256u;
var<workgroup> scratch: array<f32, 256>;

@compute @workgroup_size(256)
fn softmax_rows(@builtin(local_invocation_index) lid: u32,
                @builtin(workgroup_id) wid: vec3<u32>,
                @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows beyond 65 535 go to the grid's second dimension; the whole workgroup exits together.
  let row = wid.y * nwg.x + wid.x;
  if (row >= params.rows) {
    return;
  }
  let base = row * params.cols;
  var m = -3.402823e38;
  for (var j = lid; j < params.cols; j = j + WG) {
    m = max(m, f32(x[base + j]));
  }
  scratch[lid] = m;
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half = half / 2u) {
    if (lid < half) {
      scratch[lid] = max(scratch[lid], scratch[lid + half]);
    }
    workgroupBarrier();
  }
  let row_max = scratch[0];
  workgroupBarrier();
  // Chunks of 64 terms, then the chunks: a thread's long f32 sum would stagnate (terms below
  // half its last place vanish) on rows of millions.
  var s = 0.0;
  var chunk = 0.0;
  var in_chunk = 0u;
  for (var j = lid; j < params.cols; j = j + WG) {
    chunk = chunk + exp(f32(x[base + j]) - row_max);
    in_chunk = in_chunk + 1u;
    if (in_chunk == 64u) {
      s = s + chunk;
      chunk = 0.0;
      in_chunk = 0u;
    }
  }
  s = s + chunk;
  scratch[lid] = s;
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half = half / 2u) {
    if (lid < half) {
      scratch[lid] = scratch[lid] + scratch[lid + half];
    }
    workgroupBarrier();
  }
  let inv = 1.0 / scratch[0];
  for (var j = lid; j < params.cols; j = j + WG) {
    y[base + j] = S(exp(f32(x[base + j]) - row_max) * inv);
  }
}
