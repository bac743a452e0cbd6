// Sum reduction with subgroup operations (only compiled when the device has the
// 'subgroups' feature): same contract as reduce.wgsl, but each subgroup first sums its
// lanes with subgroupAdd, so the workgroup tree only combines one value per subgroup.
enable subgroups;

// struct Params is generated from its layout in gpu.ts and put in front.
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<vec4<S>>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;

const WG: u32 = 256u;
// One slot per subgroup; subgroups have ≥ 4 lanes, so ≤ 64 of them.
var<workgroup> scratch: array<f32, 64>;

@compute @workgroup_size(256)
fn reduce_sum(@builtin(global_invocation_id) gid: vec3<u32>,
              @builtin(local_invocation_index) lid: u32,
              @builtin(workgroup_id) wid: vec3<u32>,
              @builtin(num_workgroups) nwg: vec3<u32>,
              @builtin(subgroup_invocation_id) sg_lane: u32,
              @builtin(subgroup_size) sg_size: u32) {
  let idx = gid.y * nwg.x * WG + gid.x;
  var s = vec4<f32>(0.0);
  for (var i = idx; i < params.count4; i = i + params.stride) {
    s = s + vec4<f32>(input[i]);
  }
  let total = subgroupAdd((s.x + s.y) + (s.z + s.w));
  let sg = lid / sg_size;
  let groups = WG / sg_size;
  if (sg_lane == 0u) {
    scratch[sg] = total;
  }
  workgroupBarrier();
  for (var half = 32u; half > 0u; half = half / 2u) {
    if (lid < half && lid + half < groups) {
      scratch[lid] = scratch[lid] + scratch[lid + half];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    partials[wid.y * nwg.x + wid.x] = scratch[0];
  }
}
