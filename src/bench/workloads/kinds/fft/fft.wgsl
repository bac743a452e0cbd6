// Radix-2 complex FFTs of a batch of power-of-two transforms, for "Run this workload"
// (gpu.ts beside this file): Stockham stages (out of place, results in natural order, no
// bit reversal). Values are vec2 (re, im) stored as S (f32, or f16 for a float16 run),
// computed in f32. Twiddles come from a table tw[m] = e^(−2πi·m/N), m < N/2, computed in
// float64 by the host when the plan is made (WGSL's sin and cos are only accurate to 2⁻¹¹).
// The struct Params is generated from its layout in gpu.ts.
//
// N ≤ 1024: fft_local alone — one workgroup transforms per_group whole transforms in
// workgroup memory, all log₂N stages. N > 1024 (N = rows·cols, cols = 1024): the four-step
// decomposition — fft_columns once per stage of the length-`rows` transforms down the
// columns (stride cols: neighbouring threads take neighbouring columns, so every access is
// coalesced), each a pass through device memory; then fft_local transforms each row of
// 1024 in workgroup memory, multiplied first by e^(−2πi·row·col/N), and writes element k2
// of row k1 to X[k1 + rows·k2].

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<vec2<S>>;
@group(0) @binding(2) var<storage, read_write> dst: array<vec2<S>>;
@group(0) @binding(3) var<storage, read> tw: array<vec2<f32>>;

/** e^(−2πi·m/N) for m < N: the table's half, and its negation past N/2. */
fn twiddle(m: u32) -> vec2<f32> {
  let half = params.n / 2u;
  if (m < half) {
    return tw[m];
  }
  return -tw[m - half];
}

fn cmul(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
}

@compute @workgroup_size(64)
fn fft_columns(@builtin(local_invocation_index) lid: u32,
               @builtin(workgroup_id) wid: vec3<u32>,
               @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = (wid.y * nwg.x + wid.x) * 64u + lid;
  if (idx >= params.butterflies) {
    return;
  }
  let half_rows = params.rows / 2u;
  let c = idx % params.cols;
  let t = idx / params.cols;
  let j = t % half_rows;
  let base = (t / half_rows) * params.n + c;
  let a = vec2<f32>(src[base + j * params.cols]);
  let k = j % params.ns;
  let y = cmul(vec2<f32>(src[base + (j + half_rows) * params.cols]), twiddle(k * (params.n / (2u * params.ns))));
  let r0 = (j / params.ns) * 2u * params.ns + k;
  dst[base + r0 * params.cols] = vec2<S>(a + y);
  dst[base + (r0 + params.ns) * params.cols] = vec2<S>(a - y);
}

const WG: u32 = 256u;
// 1024 complex values: 8 KiB of the 16 KiB every adapter gives a workgroup.
var<workgroup> sh: array<vec2<f32>, 1024>;

@compute @workgroup_size(256)
fn fft_local(@builtin(local_invocation_index) lid: u32,
             @builtin(workgroup_id) wid: vec3<u32>,
             @builtin(num_workgroups) nwg: vec3<u32>) {
  let first = (wid.y * nwg.x + wid.x) * params.per_group;
  // The whole workgroup leaves together (workgroup ids are uniform), before any barrier.
  if (first >= params.transforms) {
    return;
  }
  let len = params.local_n;
  let elems = min(params.per_group, params.transforms - first) * len;
  for (var m = 0u; m < 4u; m = m + 1u) {
    let e = lid + m * WG;
    if (e < elems) {
      let g = first + e / len;
      let i = e % len;
      var v = vec2<f32>(src[g * len + i]);
      if (params.four_step != 0u) {
        v = cmul(v, twiddle(i * (g % params.rows)));
      }
      sh[e] = v;
    }
  }
  workgroupBarrier();
  let half_len = len / 2u;
  for (var ns = 1u; ns < len; ns = ns * 2u) {
    var outs: array<vec2<f32>, 4>;
    var at: array<u32, 4>;
    for (var q = 0u; q < 2u; q = q + 1u) {
      let jj = lid + q * WG;
      if (jj < elems / 2u) {
        let base = (jj / half_len) * len;
        let j = jj % half_len;
        let k = j % ns;
        let a = sh[base + j];
        let y = cmul(sh[base + j + half_len], twiddle(k * (params.n / (2u * ns))));
        let r0 = base + (j / ns) * 2u * ns + k;
        outs[2u * q] = a + y;
        outs[2u * q + 1u] = a - y;
        at[2u * q] = r0;
        at[2u * q + 1u] = r0 + ns;
      }
    }
    workgroupBarrier();
    for (var q = 0u; q < 2u; q = q + 1u) {
      if (lid + q * WG < elems / 2u) {
        sh[at[2u * q]] = outs[2u * q];
        sh[at[2u * q + 1u]] = outs[2u * q + 1u];
      }
    }
    workgroupBarrier();
  }
  for (var m = 0u; m < 4u; m = m + 1u) {
    let e = lid + m * WG;
    if (e < elems) {
      let g = first + e / len;
      let k2 = e % len;
      if (params.four_step != 0u) {
        dst[(g / params.rows) * params.n + g % params.rows + params.rows * k2] = vec2<S>(sh[e]);
      } else {
        dst[g * len + k2] = vec2<S>(sh[e]);
      }
    }
  }
}
