// Peak f16 throughput (only when the device has 'shader-f16'). Same structure and
// Params layout as fma.wgsl; the chains are vec4<f16>, results widened to f32 for the check.
enable f16;

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
@group(0) @binding(1) var<storage, read_write> results: array<vec4<f32>>;

override WORKGROUP_SIZE: u32 = 256u;

fn thread_index(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.y * nwg.x * WORKGROUP_SIZE + gid.x;
}

// 4 chains × 4 unrolled vec4<f16> fma = 128 FLOPs per iteration per thread.
@compute @workgroup_size(WORKGROUP_SIZE)
fn fma_vec4_f16(@builtin(global_invocation_id) gid: vec3<u32>,
                @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = thread_index(gid, nwg);
  // Small seeds: f16 has 11 significant bits.
  let base = f16(idx & 7u) * 0.125h;
  var c0 = vec4<f16>(base, base + 0.25h, base + 0.5h, base + 0.75h);
  var c1 = c0 + vec4<f16>(1.0h);
  var c2 = c0 + vec4<f16>(2.0h);
  var c3 = c0 + vec4<f16>(3.0h);
  let m = vec4<f16>(f16(params.mul));
  let k = vec4<f16>(f16(params.add));
  for (var i = 0u; i < params.iterations; i = i + 1u) {
    c0 = fma(c0, m, k); c1 = fma(c1, m, k); c2 = fma(c2, m, k); c3 = fma(c3, m, k);
    c0 = fma(c0, m, k); c1 = fma(c1, m, k); c2 = fma(c2, m, k); c3 = fma(c3, m, k);
    c0 = fma(c0, m, k); c1 = fma(c1, m, k); c2 = fma(c2, m, k); c3 = fma(c3, m, k);
    c0 = fma(c0, m, k); c1 = fma(c1, m, k); c2 = fma(c2, m, k); c3 = fma(c3, m, k);
  }
  let r = vec4<f32>(c0) + vec4<f32>(c1) + vec4<f32>(c2) + vec4<f32>(c3);
  if (idx < params.store_count || r.x == params.guard) {
    results[idx] = r;
  }
}
