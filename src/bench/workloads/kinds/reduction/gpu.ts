/**
 * GPU reduction workload: the sum of `elements` f32 values in two launches — every
 * workgroup reduces a grid-stride share to one partial (a tree in workgroup memory, or
 * subgroupAdd first where the device has 'subgroups'), then one workgroup reduces the
 * partials (shaders/reduce.wgsl, shaders/reduce-subgroups.wgsl). Checked against an f64
 * sum within the f32 accumulation bound.
 */
import { createPipeline } from '../../../gpu/gpu-helpers.ts';
import {
  expectClose,
  outputBuffer,
  randomArray,
  readOutput,
  result,
  timeRuns,
  uniformBuffer,
  uploadInputs,
  workloadContext,
  type GpuWorkloadOptions,
  type GpuWorkloadResult,
  type Launch,
} from '../../gpu/common.ts';

/** Most first-pass workgroups: the second pass then sums ≤ 1024 partials (one vec4 per thread). */
const MAX_PARTIALS = 1024;
/**
 * At least 8 vec4 per thread before the tree: loads in flight on GPUs (a 2^24-element sum
 * still gets 512 workgroups, ~4 per SM of an H100) and few workgroups on software
 * adapters, where each workgroup with barriers costs ~1–2 ms.
 */
const PER_THREAD_MIN = 8;

export async function runReductionGpu(
  device: GPUDevice,
  size: { elements: number },
  opts: GpuWorkloadOptions,
): Promise<GpuWorkloadResult> {
  const { elements } = size;
  if (!Number.isInteger(elements) || elements < 1) throw new RangeError(`reduction: bad size ${elements}`);
  const label = `workload.reduction.${elements}`;
  const ctx = workloadContext(device, opts);
  try {
    const subgroups = device.features.has('subgroups');
    const code = subgroups ? opts.shaders.reduceSubgroups : opts.shaders.reduce;
    const count4 = Math.ceil(elements / 4);
    const x = randomArray(count4 * 4, opts.seed ?? 1, 0, 1);
    x.fill(0, elements); // zero padding
    const pipeline = await createPipeline(ctx, code, 'reduce_sum', label);
    const up = await uploadInputs(ctx, label, [x]);
    const input = up.buffers[0] as GPUBuffer;
    const groups = Math.max(1, Math.min(MAX_PARTIALS, Math.ceil(count4 / (256 * PER_THREAD_MIN))));
    const partials = await outputBuffer(ctx, `${label}.partials`, Math.ceil(groups / 4) * 16);
    const total = await outputBuffer(ctx, `${label}.total`, 16);
    const bind = (params: GPUBuffer, src: GPUBuffer, dst: GPUBuffer) =>
      device.createBindGroup({
        label,
        layout: pipeline.getBindGroupLayout(0),
        entries: [params, src, dst].map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
    const launches: Launch[] = [];
    if (groups === 1) {
      launches.push({
        pipeline,
        bindGroup: bind(await uniformBuffer(ctx, label, [count4, 256, 0, 0]), input, total),
        workgroups: 1,
      });
    } else {
      const p1 = await uniformBuffer(ctx, `${label}.pass1`, [count4, groups * 256, 0, 0]);
      const p2 = await uniformBuffer(ctx, `${label}.pass2`, [Math.ceil(groups / 4), 256, 0, 0]);
      launches.push({ pipeline, bindGroup: bind(p1, input, partials), workgroups: groups });
      launches.push({ pipeline, bindGroup: bind(p2, partials, total), workgroups: 1 });
    }
    const computeSamples = await timeRuns(ctx, label, launches, opts.runs ?? 5);
    const back = await readOutput(ctx, label, total, 4);
    let want = 0;
    for (let i = 0; i < elements; i++) want += x[i] as number;
    // Inputs ≥ 0: each lane adds ⌈count4 / threads⌉ values in sequence, then ≤ 20 tree levels.
    const perLane = Math.ceil(count4 / (groups * 256));
    expectClose(label, 'the sum', back.data[0] as number, want, (perLane + 24) * 2 ** -24 * want + 1e-6);
    return result({
      computeSamples,
      uploadSeconds: up.seconds,
      readbackSeconds: back.seconds,
      launches: launches.length,
      samples: 1,
      timer: ctx.timer.useTimestamps ? 'timestamp-query' : 'wall-clock',
      flops: elements,
      bytes: 4 * elements,
      uploadBytes: up.bytes,
      readbackBytes: 4,
      variant: subgroups ? 'subgroups' : 'tree',
    });
  } finally {
    ctx.destroy();
  }
}
