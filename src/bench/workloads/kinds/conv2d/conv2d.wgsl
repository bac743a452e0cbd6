// Direct 2-D convolution, NCHW, zero padding, no bias, for "Run this workload" (gpu.ts beside
// this file): y[n][k][p][q] = Σ_c Σ_r Σ_s x[n][c][p·stride + r − pad][q·stride + s − pad] · w[k][c][r][s].
// Stored as S (f32, or f16 for a float16 run), accumulated in f32. The struct Params is
// generated from its layout in gpu.ts and put in front.
//
// One thread per output, q fastest: the threads of a workgroup share n, k and mostly p, so
// they read the same filter value at once (a broadcast) and neighbouring input values. The
// filter taps that fall on padding are skipped by clamping the loops to the image, not by a
// branch per tap. No im2col: each array is read in place (the counts' direct convolution).

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<S>;
@group(0) @binding(2) var<storage, read> wt: array<S>;
@group(0) @binding(3) var<storage, read_write> y: array<S>;

@compute @workgroup_size(64)
fn conv2d(@builtin(local_invocation_index) lid: u32,
          @builtin(workgroup_id) wid: vec3<u32>,
          @builtin(num_workgroups) nwg: vec3<u32>) {
  // Outputs beyond 65 535 workgroups go to the grid's second dimension.
  let idx = (wid.y * nwg.x + wid.x) * 64u + lid;
  if (idx >= params.outputs) {
    return;
  }
  let q = idx % params.q;
  var t = idx / params.q;
  let p = t % params.p;
  t = t / params.p;
  let k = t % params.k;
  let n = t / params.k;
  let ih0 = i32(p * params.stride) - i32(params.pad);
  let iw0 = i32(q * params.stride) - i32(params.pad);
  // The taps inside the image: rows r0 ≤ r < r1, columns s0 ≤ s < s1.
  let r0 = u32(max(0, -ih0));
  let r1 = u32(clamp(i32(params.h) - ih0, 0, i32(params.r)));
  let s0 = u32(max(0, -iw0));
  let s1 = u32(clamp(i32(params.w) - iw0, 0, i32(params.s)));
  var acc = 0.0;
  for (var c = 0u; c < params.c; c = c + 1u) {
    let xc = (n * params.c + c) * params.h;
    let wc = (k * params.c + c) * params.r;
    for (var r = r0; r < r1; r = r + 1u) {
      let xrow = (xc + u32(ih0 + i32(r))) * params.w;
      let wrow = (wc + r) * params.s;
      for (var s = s0; s < s1; s = s + 1u) {
        acc = fma(f32(x[xrow + u32(iw0 + i32(s))]), f32(wt[wrow + s]), acc);
      }
    }
  }
  y[idx] = S(acc);
}
