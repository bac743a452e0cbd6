// Peak f32 throughput: fused multiply-add chains.
//
// Params (uniform, 32 bytes):
//   iterations  u32  loop trip count, set at run time so the compiler cannot fold the loop
//   store_count u32  threads with index < store_count write their result (for the CPU check)
//   mul         f32  multiplier: 1.0 at run time, unknowable at compile time, so every
//                    fma stays an fma; with mul == 1 the product is exact and the result
//                    is bit-identical whether the hardware fuses or not (easy to verify)
//   add         f32  increment per fma (2^-10: every partial sum stays exactly representable)
//   guard       f32  a value no chain ever reaches; comparing against it keeps every
//                    thread's result live without storing it
//   _pad        3×u32 to 32 bytes
struct Params {
  iterations: u32,
  store_count: u32,
  mul: f32,
  add: f32,
  guard: f32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
// One vec4 per stored thread (vec4 kernel) or one f32 in .x (scalar kernel).
@group(0) @binding(1) var<storage, read_write> results: array<vec4<f32>>;

// 256 threads: a multiple of every vendor's wave/warp size (32/64) and the WebGPU default
// limit for maxComputeInvocationsPerWorkgroup.
override WORKGROUP_SIZE: u32 = 256u;

// 2-D dispatch (x ≤ 65 535 workgroups per dimension): rebuild a linear thread index.
fn thread_index(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.y * nwg.x * WORKGROUP_SIZE + gid.x;
}

// Four independent vec4 chains (instruction-level parallelism: vkpeak gained 54 % → 86 %
// of peak from a second chain), loop body unrolled 4× so the loop counter is noise:
// 16 vec4 fma = 128 FLOPs per iteration per thread.
@compute @workgroup_size(WORKGROUP_SIZE)
fn fma_vec4(@builtin(global_invocation_id) gid: vec3<u32>,
            @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = thread_index(gid, nwg);
  // Distinct seed per thread and per chain so no two chains can be merged.
  let base = f32(idx & 255u);
  var c0 = vec4<f32>(base, base + 0.25, base + 0.5, base + 0.75);
  var c1 = c0 + vec4<f32>(1.0);
  var c2 = c0 + vec4<f32>(2.0);
  var c3 = c0 + vec4<f32>(3.0);
  let m = vec4<f32>(params.mul);
  let k = vec4<f32>(params.add);
  for (var i = 0u; i < params.iterations; i = i + 1u) {
    c0 = fma(c0, m, k); c1 = fma(c1, m, k); c2 = fma(c2, m, k); c3 = fma(c3, m, k);
    c0 = fma(c0, m, k); c1 = fma(c1, m, k); c2 = fma(c2, m, k); c3 = fma(c3, m, k);
    c0 = fma(c0, m, k); c1 = fma(c1, m, k); c2 = fma(c2, m, k); c3 = fma(c3, m, k);
    c0 = fma(c0, m, k); c1 = fma(c1, m, k); c2 = fma(c2, m, k); c3 = fma(c3, m, k);
  }
  let r = (c0 + c1) + (c2 + c3);
  if (idx < params.store_count || r.x == params.guard) {
    results[idx] = r;
  }
}

// Reference kernel: one scalar chain, one fma per iteration (2 FLOPs). What a naive
// port achieves; BENCHMARKS.md compares the vec4 kernel against it.
@compute @workgroup_size(WORKGROUP_SIZE)
fn fma_scalar(@builtin(global_invocation_id) gid: vec3<u32>,
              @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = thread_index(gid, nwg);
  var a = f32(idx & 255u);
  for (var i = 0u; i < params.iterations; i = i + 1u) {
    a = fma(a, params.mul, params.add);
  }
  if (idx < params.store_count || a == params.guard) {
    results[idx] = vec4<f32>(a, 0.0, 0.0, 0.0);
  }
}
