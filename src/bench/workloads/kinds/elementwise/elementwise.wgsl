// Elementwise out = a * b + c, for "Run this workload" (gpu.ts beside this file): stored
// as S (f32, or f16 for a float16 run), computed in f32. Arrays are padded to whole vec4 (zeros);
// each thread handles PER_THREAD vec4 in grid-stride order (neighbouring threads touch
// neighbouring 16-byte words: coalesced on GPUs, few workgroups on software adapters).
// struct Params { count4: vec4 elements, stride: threads in the dispatch } is generated
// from its layout in gpu.ts and put in front.
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<S>>;
@group(0) @binding(2) var<storage, read> b: array<vec4<S>>;
@group(0) @binding(3) var<storage, read> c: array<vec4<S>>;
@group(0) @binding(4) var<storage, read_write> out: array<vec4<S>>;

override WORKGROUP_SIZE: u32 = 256u;
override PER_THREAD: u32 = 4u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn axpb(@builtin(global_invocation_id) gid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = gid.y * nwg.x * WORKGROUP_SIZE + gid.x;
  for (var j = 0u; j < PER_THREAD; j = j + 1u) {
    let i = idx + j * params.stride;
    if (i < params.count4) {
      out[i] = vec4<S>(fma(vec4<f32>(a[i]), vec4<f32>(b[i]), vec4<f32>(c[i])));
    }
  }
}
