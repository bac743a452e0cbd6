/**
 * The matmul's GPU part: C = A · B (A m×k, B k×n, row-major), the tiled kernel of
 * matmul.wgsl. Rows are padded to whole vec4 on upload (zeros), so any size runs; sampled
 * outputs are recomputed on the CPU in f64 (reference.ts) and compared within the
 * accumulation bound.
 */
import type { MatmulShape } from '../../../../model/workloads/kinds/matmul.ts';
import { SEED, fillInputs, roundingOf } from '../../inputs.ts';
import { bindBuffers, storeAs, uniformBuffer } from '../../gpu/context.ts';
import { expectClose, sampleIndices, stagedKernel } from '../../gpu/run.ts';
import { gpuBytes, uniformLayout } from '../../gpu/shader.ts';
import { dotTolerance, matmulElement } from './reference.ts';

/** matmul.wgsl's `dims`: sizes, and rows of A and of B/C in vec4. */
export const MATMUL_DIMS = uniformLayout('Dims', { m: 'u32', n: 'u32', k: 'u32', k4: 'u32', n4: 'u32' });

/** Copy a rows×cols row-major matrix into rows×stride with zero padding. */
export function padRows<T extends Float32Array>(src: T, rows: number, cols: number, stride: number): Float32Array {
  if (stride === cols) return src;
  const out = new Float32Array(rows * stride);
  for (let r = 0; r < rows; r++) out.set(src.subarray(r * cols, r * cols + cols), r * stride);
  return out;
}

/** Outputs compared with the CPU reference (each costs a k-long dot product). */
const MATMUL_SAMPLES = 64;

export const matmulGpu = stagedKernel<MatmulShape>(['matmul'], async ({ ctx, dtype, pipeline }, { m, n, k }) => {
  const k4 = Math.ceil(k / 4);
  const n4 = Math.ceil(n / 4);
  const a = new Float32Array(m * k);
  const b = new Float32Array(k * n);
  fillInputs(a, SEED.a, 0, dtype);
  fillInputs(b, SEED.b, 0, dtype);
  const kernel = await pipeline('matmul', 'matmul', { uniforms: [MATMUL_DIMS] });
  // 64 rows × 16 vec4 columns per workgroup.
  const grid: [number, number] = [Math.ceil(n4 / 16), Math.ceil(m / 64)];
  if (grid[1] > ctx.device.limits.maxComputeWorkgroupsPerDimension) {
    throw new RangeError(`matmul: m = ${m} needs ${grid[1]} workgroups in y, over the adapter's limit`);
  }
  return {
    inputs: [storeAs(dtype, padRows(a, m, k, k4 * 4)), storeAs(dtype, padRows(b, k, n, n4 * 4))],
    output: { bytes: m * n4 * 4 * gpuBytes(dtype), elements: m * n4 * 4, dtype },
    launches: async (inputs, c) => {
      const dims = await uniformBuffer(ctx, 'dims', MATMUL_DIMS, { m, n, k, k4, n4 });
      return [{ pipeline: kernel, bindGroup: bindBuffers(ctx, kernel, [dims, ...inputs, c]), workgroups: grid }];
    },
    check: (out) => {
      const picks = sampleIndices(m * n, MATMUL_SAMPLES);
      const r = roundingOf(dtype);
      for (const idx of picks) {
        const i = Math.floor(idx / n);
        const j = idx % n;
        const want = matmulElement(i, j, n, k, dtype);
        const got = out[i * n4 * 4 + j] as number;
        expectClose(ctx.label, `C[${i}][${j}]`, got, want.value, dotTolerance(k, want.absSum, want.value, r));
      }
      return picks.length;
    },
  };
});
