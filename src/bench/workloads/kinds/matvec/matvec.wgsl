// Matrix-vector products y_b = A · x_b for a batch of vectors sharing A, for "Run this
// workload" (gpu.ts beside this file). Stored as S (f32, or f16 for a float16 run),
// accumulated in f32. Rows of A and each x_b are padded with zeros to whole vec4. The struct
// Params (m, n4, batch) is generated from its layout in gpu.ts.
//
// matvec (one vector): one 64-thread workgroup per row; its threads stride over the row's
// vec4 (neighbouring threads read neighbouring 16-byte words: coalesced), then a tree in
// workgroup memory adds their partial sums.
// matvec_batched (several vectors): one thread per output y_b[i], the batch index fastest,
// so the threads of a row read the same element of A at once; no barriers, which a
// workgroup per output of a large batch would pay hundreds of thousands of times.

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<S>>;
@group(0) @binding(2) var<storage, read> x: array<vec4<S>>;
@group(0) @binding(3) var<storage, read_write> y: array<S>;

const WG: u32 = 64u;
var<workgroup> scratch: array<f32, 64>;

@compute @workgroup_size(64)
fn matvec(@builtin(local_invocation_index) lid: u32,
          @builtin(workgroup_id) wid: vec3<u32>,
          @builtin(num_workgroups) nwg: vec3<u32>) {
  // Outputs beyond 65 535 go to the grid's second dimension; the whole workgroup exits together.
  let out = wid.y * nwg.x + wid.x;
  if (out >= params.m * params.batch) {
    return;
  }
  let b = out / params.m;
  let i = out % params.m;
  var acc = vec4<f32>(0.0);
  for (var j = lid; j < params.n4; j = j + WG) {
    acc = fma(vec4<f32>(a[i * params.n4 + j]), vec4<f32>(x[b * params.n4 + j]), acc);
  }
  scratch[lid] = (acc.x + acc.y) + (acc.z + acc.w);
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half = half / 2u) {
    if (lid < half) {
      scratch[lid] = scratch[lid] + scratch[lid + half];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    y[b * params.m + i] = S(scratch[0]);
  }
}

@compute @workgroup_size(64)
fn matvec_batched(@builtin(local_invocation_index) lid: u32,
                  @builtin(workgroup_id) wid: vec3<u32>,
                  @builtin(num_workgroups) nwg: vec3<u32>) {
  let out = (wid.y * nwg.x + wid.x) * WG + lid;
  if (out >= params.m * params.batch) {
    return;
  }
  let i = out / params.batch;
  let b = out % params.batch;
  var acc = vec4<f32>(0.0);
  for (var j = 0u; j < params.n4; j = j + 1u) {
    acc = fma(vec4<f32>(a[i * params.n4 + j]), vec4<f32>(x[b * params.n4 + j]), acc);
  }
  y[b * params.m + i] = S((acc.x + acc.y) + (acc.z + acc.w));
}
