// Sum reduction (f32), for the "verify the estimate" workloads
// (gpu.ts beside this file). Pass 1: every thread sums a grid-stride run of
// vec4 (input padded with zeros to whole vec4), then each workgroup reduces its 256
// partial sums as a tree in workgroup memory and writes one value. Pass 2 runs the same
// entry point over the partials (count4 = their vec4 count) with one workgroup.
// struct Params { count4: vec4 elements of the input, stride: threads in the dispatch } is
// generated from its layout in gpu.ts and put in front. The input is stored as S (f32, or
// f16 for a float16 run's first pass); sums are f32.
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<vec4<S>>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;

const WG: u32 = 256u;
var<workgroup> scratch: array<f32, 256>;

@compute @workgroup_size(256)
fn reduce_sum(@builtin(global_invocation_id) gid: vec3<u32>,
              @builtin(local_invocation_index) lid: u32,
              @builtin(workgroup_id) wid: vec3<u32>,
              @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = gid.y * nwg.x * WG + gid.x;
  var s = vec4<f32>(0.0);
  for (var i = idx; i < params.count4; i = i + params.stride) {
    s = s + vec4<f32>(input[i]);
  }
  scratch[lid] = (s.x + s.y) + (s.z + s.w);
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half = half / 2u) {
    if (lid < half) {
      scratch[lid] = scratch[lid] + scratch[lid + half];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    partials[wid.y * nwg.x + wid.x] = scratch[0];
  }
}
