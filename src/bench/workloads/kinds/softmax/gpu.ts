/**
 * GPU softmax workload: softmax along each of `rows` rows of `cols` f32 values, one
 * workgroup per row (shaders/softmax.wgsl). Sampled rows are recomputed in f64 on the CPU.
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

/** Rows checked, and columns checked per row. */
const ROW_SAMPLES = 16;
const COL_SAMPLES = 16;

export async function runSoftmaxGpu(
  device: GPUDevice,
  size: { rows: number; cols: number },
  opts: GpuWorkloadOptions,
): Promise<GpuWorkloadResult> {
  const { rows, cols } = size;
  if (![rows, cols].every((v) => Number.isInteger(v) && v >= 1))
    throw new RangeError(`softmax: bad size ${rows}×${cols}`);
  const label = `workload.softmax.${rows}x${cols}`;
  const ctx = workloadContext(device, opts);
  try {
    const x = randomArray(rows * cols, opts.seed ?? 1, -4, 4);
    const pipeline = await createPipeline(ctx, opts.shaders.softmax, 'softmax_rows', label);
    const up = await uploadInputs(ctx, label, [x]);
    const bytes = rows * cols * 4;
    const y = await outputBuffer(ctx, label, bytes);
    const params = await uniformBuffer(ctx, label, [rows, cols, 0, 0]);
    const bindGroup = device.createBindGroup({
      label,
      layout: pipeline.getBindGroupLayout(0),
      entries: [params, up.buffers[0] as GPUBuffer, y].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const computeSamples = await timeRuns(ctx, label, [{ pipeline, bindGroup, workgroups: rows }], opts.runs ?? 5);
    const back = await readOutput(ctx, label, y, bytes);
    let samples = 0;
    for (const r of sampleIndices(rows, ROW_SAMPLES)) {
      let max = -Infinity;
      for (let j = 0; j < cols; j++) max = Math.max(max, x[r * cols + j] as number);
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += Math.exp((x[r * cols + j] as number) - max);
      for (const j of sampleIndices(cols, COL_SAMPLES)) {
        const want = Math.exp((x[r * cols + j] as number) - max) / sum;
        // f32 exp (WGSL: 3 + 2·|x| ulp, |x| ≤ 8) and a cols-long f32 sum.
        expectClose(
          label,
          `y[${r}][${j}]`,
          back.data[r * cols + j] as number,
          want,
          want * (4e-6 + cols * 2 ** -23) + 1e-9,
        );
        samples++;
      }
    }
    return result({
      computeSamples,
      uploadSeconds: up.seconds,
      readbackSeconds: back.seconds,
      launches: 1,
      samples,
      timer: ctx.timer.useTimestamps ? 'timestamp-query' : 'wall-clock',
      // max, subtract, exp, sum, scale: ~5 operations per element (exp counted as one).
      flops: 5 * rows * cols,
      bytes: 8 * rows * cols,
      uploadBytes: up.bytes,
      readbackBytes: bytes,
    });
  } finally {
    ctx.destroy();
  }
}
