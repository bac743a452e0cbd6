// Tiled matrix product C = A · B (row-major), for "Run this workload" (gpu.ts beside this
// file). Storage is S (f32, or f16 for a float16 run); products accumulate in f32.
// The struct Dims (m, n, k, k4, n4) is generated from its layout in gpu.ts and put in front.
//
// Layout: rows of A are padded to K4 = ceil(k/4) vec4, rows of B and C to N4 = ceil(n/4)
// vec4, padding zero-filled on upload; so every global access is an aligned vec4 and the
// kernel handles any m, n, k (tile edges are bounds-checked per vec4).
//
// Tiling: a 16 × 16 workgroup computes a 64 × 64 block of C; each thread 4 rows × one
// vec4 of columns (16 outputs, 16 fma per 5 shared-memory reads). K advances 16 at a time
// through workgroup-shared tiles: A (64 rows × 16 k, stored k-major so a thread's 4 rows
// are neighbours) and B (16 k × 64 columns as vec4). Every thread loads one vec4 of each.
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> a: array<vec4<S>>;
@group(0) @binding(2) var<storage, read> b: array<vec4<S>>;
@group(0) @binding(3) var<storage, read_write> c: array<vec4<S>>;

const TILE_M: u32 = 64u;
const TILE_K: u32 = 16u;

var<workgroup> as_: array<array<f32, 64>, 16>;       // [k][row]
var<workgroup> bs: array<array<vec4<f32>, 16>, 16>;  // [k][column vec4]

@compute @workgroup_size(16, 16)
fn matmul(@builtin(local_invocation_id) lid: vec3<u32>,
          @builtin(workgroup_id) wid: vec3<u32>) {
  let tx = lid.x;
  let ty = lid.y;
  let t = ty * 16u + tx;
  let row0 = wid.y * TILE_M;
  let col4 = wid.x * 16u + tx;
  // This thread's loads: A row (t / 4) and k vec4 (t % 4); B k row (t / 16) and column vec4 (t % 16).
  let a_row = row0 + t / 4u;
  let a_kv = t % 4u;
  let b_k = t / 16u;
  let b_c4 = wid.x * 16u + t % 16u;
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  for (var k0 = 0u; k0 < dims.k; k0 = k0 + TILE_K) {
    var av = vec4<f32>(0.0);
    let gk4 = k0 / 4u + a_kv;
    if (a_row < dims.m && gk4 < dims.k4) {
      av = vec4<f32>(a[a_row * dims.k4 + gk4]);
    }
    let r = t / 4u;
    as_[a_kv * 4u + 0u][r] = av.x;
    as_[a_kv * 4u + 1u][r] = av.y;
    as_[a_kv * 4u + 2u][r] = av.z;
    as_[a_kv * 4u + 3u][r] = av.w;
    var bv = vec4<f32>(0.0);
    let gk = k0 + b_k;
    if (gk < dims.k && b_c4 < dims.n4) {
      bv = vec4<f32>(b[gk * dims.n4 + b_c4]);
    }
    bs[b_k][t % 16u] = bv;
    workgroupBarrier();
    for (var kk = 0u; kk < TILE_K; kk = kk + 1u) {
      let bk = bs[kk][tx];
      let r0 = ty * 4u;
      acc0 = fma(vec4<f32>(as_[kk][r0]), bk, acc0);
      acc1 = fma(vec4<f32>(as_[kk][r0 + 1u]), bk, acc1);
      acc2 = fma(vec4<f32>(as_[kk][r0 + 2u]), bk, acc2);
      acc3 = fma(vec4<f32>(as_[kk][r0 + 3u]), bk, acc3);
    }
    workgroupBarrier();
  }
  if (col4 < dims.n4) {
    let row = row0 + ty * 4u;
    if (row < dims.m) { c[row * dims.n4 + col4] = vec4<S>(acc0); }
    if (row + 1u < dims.m) { c[(row + 1u) * dims.n4 + col4] = vec4<S>(acc1); }
    if (row + 2u < dims.m) { c[(row + 2u) * dims.n4 + col4] = vec4<S>(acc2); }
    if (row + 3u < dims.m) { c[(row + 3u) * dims.n4 + col4] = vec4<S>(acc3); }
  }
}
