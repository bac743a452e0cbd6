// Attention, the unfused path, for "Run this workload" (gpu.ts beside this file): three
// kernels that store the score matrix and read it back, as `softmax(q @ k.T / √d) @ v` runs
// eagerly. Q, K, V, O are [sequence-head][token][d] with rows padded to d4 = ⌈d/4⌉ vec4;
// scores and probabilities are [query row][key] (rows · sk values). Stored as S (f32, or f16
// for a float16 run), computed in f32. Causal: query i sees keys j ≤ i (PyTorch's
// `is_causal`); masked entries are neither computed nor written, and the later kernels read
// only the keys a row sees. The struct Params is generated from its layout in gpu.ts.

@group(0) @binding(0) var<uniform> params: Params;

// scores: s[row][j] = q[row] · k[j] / √d, one thread per entry, j fastest (the threads of a
// workgroup share a query row and read neighbouring key rows).
@group(0) @binding(1) var<storage, read> q: array<vec4<S>>;
@group(0) @binding(2) var<storage, read> k: array<vec4<S>>;
@group(0) @binding(3) var<storage, read_write> s_out: array<S>;

@compute @workgroup_size(64)
fn scores(@builtin(local_invocation_index) lid: u32,
          @builtin(workgroup_id) wid: vec3<u32>,
          @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = (wid.y * nwg.x + wid.x) * 64u + lid;
  if (idx >= params.rows * params.sk) {
    return;
  }
  let j = idx % params.sk;
  let row = idx / params.sk;
  let i = row % params.sq;
  if (params.causal != 0u && j > i) {
    return;
  }
  let head = row / params.sq;
  let qb = row * params.d4;
  let kb = (head * params.sk + j) * params.d4;
  var acc = 0.0;
  for (var e = 0u; e < params.d4; e = e + 1u) {
    acc = acc + dot(vec4<f32>(q[qb + e]), vec4<f32>(k[kb + e]));
  }
  s_out[idx] = S(acc * params.scale);
}

// softmax_rows: one 64-thread workgroup per query row over the keys it sees: the row's
// maximum, then Σ exp (in chunks of 64 terms: a long f32 sum would stagnate), then p. 64
// threads, not the softmax kind's 256: a score row is often short (a few hundred keys),
// and every barrier of a wide workgroup costs, on software adapters most of all.
@group(0) @binding(1) var<storage, read> s_in: array<S>;
@group(0) @binding(2) var<storage, read_write> p_out: array<S>;

const WG: u32 = 64u;
var<workgroup> scratch: array<f32, 64>;

fn row_keys(row: u32) -> u32 {
  if (params.causal != 0u) {
    return min(row % params.sq + 1u, params.sk);
  }
  return params.sk;
}

@compute @workgroup_size(64)
fn softmax_rows(@builtin(local_invocation_index) lid: u32,
                @builtin(workgroup_id) wid: vec3<u32>,
                @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wid.y * nwg.x + wid.x;
  if (row >= params.rows) {
    return;
  }
  let base = row * params.sk;
  let keys = row_keys(row);
  var m = -3.402823e38;
  for (var j = lid; j < keys; j = j + WG) {
    m = max(m, f32(s_in[base + j]));
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
  var total = 0.0;
  var chunk = 0.0;
  var in_chunk = 0u;
  for (var j = lid; j < keys; j = j + WG) {
    chunk = chunk + exp(f32(s_in[base + j]) - row_max);
    in_chunk = in_chunk + 1u;
    if (in_chunk == 64u) {
      total = total + chunk;
      chunk = 0.0;
      in_chunk = 0u;
    }
  }
  scratch[lid] = total + chunk;
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half = half / 2u) {
    if (lid < half) {
      scratch[lid] = scratch[lid] + scratch[lid + half];
    }
    workgroupBarrier();
  }
  let inv = 1.0 / scratch[0];
  for (var j = lid; j < keys; j = j + WG) {
    p_out[base + j] = S(exp(f32(s_in[base + j]) - row_max) * inv);
  }
}

// weighted: o[row][e4] = Σ_j p[row][j] · v[j][e4], one thread per vec4 of o, e4 fastest
// (the threads of a row share each p and read neighbouring vec4 of a V row); the sum in
// chunks of 64 keys.
@group(0) @binding(1) var<storage, read> p_in: array<S>;
@group(0) @binding(2) var<storage, read> v: array<vec4<S>>;
@group(0) @binding(3) var<storage, read_write> o: array<vec4<S>>;

@compute @workgroup_size(64)
fn weighted(@builtin(local_invocation_index) lid: u32,
            @builtin(workgroup_id) wid: vec3<u32>,
            @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = (wid.y * nwg.x + wid.x) * 64u + lid;
  if (idx >= params.rows * params.d4) {
    return;
  }
  let e = idx % params.d4;
  let row = idx / params.d4;
  let head = row / params.sq;
  let keys = row_keys(row);
  let pb = row * params.sk;
  let vb = head * params.sk * params.d4 + e;
  var total = vec4<f32>(0.0);
  var chunk = vec4<f32>(0.0);
  var in_chunk = 0u;
  for (var j = 0u; j < keys; j = j + 1u) {
    chunk = fma(vec4<f32>(f32(p_in[pb + j])), vec4<f32>(v[vb + j * params.d4]), chunk);
    in_chunk = in_chunk + 1u;
    if (in_chunk == 64u) {
      total = total + chunk;
      chunk = vec4<f32>(0.0);
      in_chunk = 0u;
    }
  }
  o[idx] = vec4<S>(total + chunk);
}
