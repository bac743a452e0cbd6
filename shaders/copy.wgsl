// On-device memory bandwidth: copy src → dst, 16 bytes (vec4<u32>) per load.
// u32, not f32: random bit patterns include NaNs, which a float copy may canonicalise.
//
// Params (uniform, 16 bytes):
//   count  u32  number of vec4 elements in the buffers
//   stride u32  total threads in the dispatch (grid stride)
//   _pad   2×u32
struct Params {
  count: u32,
  stride: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read_write> dst: array<vec4<u32>>;

override WORKGROUP_SIZE: u32 = 256u;
// Loads in flight per thread. Grid-stride, so at each step neighbouring threads touch
// neighbouring 16-byte words (coalesced), and 4 independent loads hide latency.
override LOADS_PER_THREAD: u32 = 4u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn copy_vec4(@builtin(global_invocation_id) gid: vec3<u32>,
             @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = gid.y * nwg.x * WORKGROUP_SIZE + gid.x;
  for (var k = 0u; k < LOADS_PER_THREAD; k = k + 1u) {
    let i = idx + k * params.stride;
    if (i < params.count) {
      dst[i] = src[i];
    }
  }
}
