// On-device memory bandwidth: copy src → dst. u32 words, not floats: random bit patterns
// include NaNs, which a float copy may canonicalise.
//
// One source, several kernels: src/bench/gpu/device-bandwidth.ts substitutes the `Elem`
// alias below (vec4<u32> = 16-byte loads, vec2<u32>, u32) and sets LOADS_PER_THREAD, so
// vector width and loads in flight are tried per machine and the fastest is kept.
//
// Params (uniform, 16 bytes):
//   count  u32  number of Elem elements in the buffers
//   stride u32  total threads in the dispatch (grid stride)
//   _pad   2×u32
alias Elem = vec4<u32>;

struct Params {
  count: u32,
  stride: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<Elem>;
@group(0) @binding(2) var<storage, read_write> dst: array<Elem>;

override WORKGROUP_SIZE: u32 = 256u;
// Elements per thread. Grid-stride, so at each step neighbouring threads touch
// neighbouring elements (coalesced); LOADS_PER_THREAD = 1 is one element per thread.
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

// Four loads issued before any store (all in flight at once on GPUs whose compiler does
// not hoist loads across the bounds checks): LOADS_PER_THREAD must be a multiple of 4.
@compute @workgroup_size(WORKGROUP_SIZE)
fn copy_vec4_x4(@builtin(global_invocation_id) gid: vec3<u32>,
                @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = gid.y * nwg.x * WORKGROUP_SIZE + gid.x;
  let s = params.stride;
  for (var k = 0u; k < LOADS_PER_THREAD; k = k + 4u) {
    let i = idx + k * s;
    if (i + 3u * s < params.count) {
      let a = src[i];
      let b = src[i + s];
      let c = src[i + 2u * s];
      let d = src[i + 3u * s];
      dst[i] = a;
      dst[i + s] = b;
      dst[i + 2u * s] = c;
      dst[i + 3u * s] = d;
    } else {
      for (var j = 0u; j < 4u; j = j + 1u) {
        let e = i + j * s;
        if (e < params.count) {
          dst[e] = src[e];
        }
      }
    }
  }
}
