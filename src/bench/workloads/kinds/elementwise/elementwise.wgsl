// Elementwise out = a * b + c (f32), for the "verify the estimate" workloads
// (src/bench/workloads/gpu/elementwise.ts). Arrays are padded to whole vec4 (zeros);
// each thread handles PER_THREAD vec4 in grid-stride order (neighbouring threads touch
// neighbouring 16-byte words: coalesced on GPUs, few workgroups on software adapters).
struct Params {
  count4: u32,  // vec4 elements
  stride: u32,  // threads in the dispatch
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> c: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> out: array<vec4<f32>>;

override WORKGROUP_SIZE: u32 = 256u;
override PER_THREAD: u32 = 4u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn axpb(@builtin(global_invocation_id) gid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = gid.y * nwg.x * WORKGROUP_SIZE + gid.x;
  for (var j = 0u; j < PER_THREAD; j = j + 1u) {
    let i = idx + j * params.stride;
    if (i < params.count4) {
      out[i] = fma(a[i], b[i], c[i]);
    }
  }
}
