/**
 * GPU matmul workload: C = A · B in f32 (A m×k, B k×n, row-major), the tiled kernel of
 * shaders/matmul.wgsl. Rows are padded to whole vec4 on upload (zeros), so any size runs;
 * sampled outputs are recomputed on the CPU in f64 and compared within the f32
 * accumulation bound.
 */
import { createPipeline } from '../../../gpu/gpu-helpers.ts';
import {
  expectClose,
  outputBuffer,
  randomArray,
  readOutput,
  result,
  sampleIndices,
  timeRuns,
  uniformBuffer,
  uploadInputs,
  workloadContext,
  type GpuWorkloadOptions,
  type GpuWorkloadResult,
} from '../../gpu/common.ts';

export interface MatmulSize {
  m: number;
  n: number;
  k: number;
}

/** Copy a rows×cols row-major matrix into rows×(stride) with zero padding. */
export function padRows(
  src: Float32Array<ArrayBuffer>,
  rows: number,
  cols: number,
  stride: number,
): Float32Array<ArrayBuffer> {
  if (stride === cols) return src;
  const out = new Float32Array(rows * stride);
  for (let r = 0; r < rows; r++) out.set(src.subarray(r * cols, r * cols + cols), r * stride);
  return out;
}

/** Outputs compared with the CPU reference (each costs a k-long dot product). */
const MATMUL_SAMPLES = 64;

export async function runMatmulGpu(
  device: GPUDevice,
  size: MatmulSize,
  opts: GpuWorkloadOptions,
): Promise<GpuWorkloadResult> {
  const { m, n, k } = size;
  if (![m, n, k].every((v) => Number.isInteger(v) && v >= 1)) throw new RangeError(`matmul: bad size ${m}×${n}×${k}`);
  const label = `workload.matmul.${m}x${n}x${k}`;
  const ctx = workloadContext(device, opts);
  try {
    const k4 = Math.ceil(k / 4);
    const n4 = Math.ceil(n / 4);
    const seed = opts.seed ?? 1;
    const a = randomArray(m * k, seed);
    const b = randomArray(k * n, seed + 1);
    const pipeline = await createPipeline(ctx, opts.shaders.matmul, 'matmul', label);
    const up = await uploadInputs(ctx, label, [padRows(a, m, k, k4 * 4), padRows(b, k, n, n4 * 4)]);
    const [bufA, bufB] = up.buffers as [GPUBuffer, GPUBuffer];
    const cBytes = m * n4 * 16;
    const c = await outputBuffer(ctx, label, cBytes);
    const dims = await uniformBuffer(ctx, label, [m, n, k, k4, n4, 0, 0, 0]);
    const bindGroup = device.createBindGroup({
      label,
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: dims } },
        { binding: 1, resource: { buffer: bufA } },
        { binding: 2, resource: { buffer: bufB } },
        { binding: 3, resource: { buffer: c } },
      ],
    });
    // 64 rows × 16 vec4 columns per workgroup.
    const grid: [number, number] = [Math.ceil(n4 / 16), Math.ceil(m / 64)];
    if (grid[1] > device.limits.maxComputeWorkgroupsPerDimension) {
      throw new RangeError(`matmul: m = ${m} needs ${grid[1]} workgroups in y, over the adapter's limit`);
    }
    const computeSamples = await timeRuns(ctx, label, [{ pipeline, bindGroup, workgroups: grid }], opts.runs ?? 5);
    const out = await readOutput(ctx, label, c, cBytes);
    const picks = sampleIndices(m * n, MATMUL_SAMPLES);
    for (const idx of picks) {
      const i = Math.floor(idx / n);
      const j = idx % n;
      let want = 0;
      let mag = 0;
      for (let p = 0; p < k; p++) {
        const t = (a[i * k + p] as number) * (b[p * n + j] as number);
        want += t;
        mag += Math.abs(t);
      }
      // f32 products and k sequential f32 sums: error ≤ (k + 1)·2^-24·Σ|a·b| (+ a floor for sums near 0).
      expectClose(label, `C[${i}][${j}]`, out.data[i * n4 * 4 + j] as number, want, (k + 2) * 2 ** -24 * mag + 1e-6);
    }
    return result({
      computeSamples,
      uploadSeconds: up.seconds,
      readbackSeconds: out.seconds,
      launches: 1,
      samples: picks.length,
      timer: ctx.timer.useTimestamps ? 'timestamp-query' : 'wall-clock',
      flops: 2 * m * n * k,
      bytes: 4 * (m * k + k * n + m * n),
      uploadBytes: up.bytes,
      readbackBytes: cBytes,
    });
  } finally {
    ctx.destroy();
  }
}
