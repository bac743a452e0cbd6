/**
 * The expression's GPU part: every kernel of the plan (eager: one per operator, each
 * temporary left in GPU memory for the next; fused: one per chain), generated as WGSL
 * (wgsl.ts for elementwise chains, wgsl-reduce.ts for reductions in two passes,
 * wgsl-matmul.ts for products), laid out as a `GpuStage` — the named arrays in, the plan's
 * launches, the result out — so that it runs alone (one compute pass per timed run through
 * the shared runner, timestamp queries where the adapter has them) and as a pipeline's
 * step; sampled outputs of the result are checked against the CPU reference
 * (reference.ts) within WGSL's accuracy.
 */
import type { ExpressionShape } from '../../../../model/workloads/kinds/expression.ts';
import { parsedShape } from '../../../../model/workloads/expression/kind-parts.ts';
import { CHECKED_OUTPUTS } from '../../../../model/workloads/expression/check-cost.ts';
import { buildPlan, type BufferRef, type Plan } from '../../../../model/workloads/expression/index.ts';
import { GpuBenchError } from '../../../gpu/errors.ts';
import { createPipeline } from '../../../gpu/gpu-helpers.ts';
import {
  bindBuffers,
  gridThreads,
  outputBuffer,
  storeAs,
  uniformBuffer,
  type Launch,
  type WorkloadContext,
} from '../../gpu/context.ts';
import { runStage, sampleIndices, stagedKernel, type GpuRun, type GpuRunParts, type GpuStage } from '../../gpu/run.ts';
import { gpuBytes, type GpuDtype } from '../../gpu/shader.ts';
import { checkOutputs, outputNode } from './check.ts';
import { expressionSource, fillSlab } from './inputs.ts';
import { WGSL_ACCURACY } from './accuracy.ts';
import { Reference } from './reference.ts';
import { EXPRESSION_PARAMS, generateWgslKernel, WORKGROUP_SIZE } from './wgsl.ts';
import { generateWgslMatmul } from './wgsl-matmul.ts';
import { generateWgslReduction, REDUCE_PARAMS, SERIAL_WORKGROUP } from './wgsl-reduce.ts';

export { EXPRESSION_PARAMS } from './wgsl.ts';
export { REDUCE_PARAMS } from './wgsl-reduce.ts';

/** Float16's unit roundoff: what storing a float16 temporary adds to each value's error. */
const F16_STORE = 2 ** -11;

const elementsOf = (b: BufferRef): number => b.shape.reduce((p, d) => p * d, 1);

/** Bytes a buffer holds on the GPU: masks one byte per element, floats at the run's type. */
const bytesOf = (b: BufferRef, dtype: GpuDtype): number => elementsOf(b) * (b.type === 'mask' ? 1 : gpuBytes(dtype));

function pipelineOf(ctx: WorkloadContext, code: string, name: string): Promise<GPUComputePipeline> {
  return createPipeline(ctx, code, 'main', `${ctx.label}.${name}`);
}

/** Alone, as a pipeline step, or checked at every output: the plan laid out as a {@link GpuStage}. */
export const expressionGpu = stagedKernel<ExpressionShape>(
  // Generated for each expression; no .wgsl files.
  [],
  async (r, shape) => expressionStage(r, shape, 'sampled'),
);

/**
 * One run of `shape` on the GPU: `runs` timed runs after a warm-up, the result read back
 * and checked against the reference at sampled outputs (the page), or at every output
 * (scripts/verify-expression-kernels.ts). A mismatch throws.
 */
export async function runExpressionGpu(
  r: Pick<GpuRun, 'ctx' | 'dtype' | 'runs'>,
  shape: ExpressionShape,
  outputs: 'sampled' | 'all',
): Promise<GpuRunParts> {
  return runStage(r, await expressionStage(r, shape, outputs));
}

/**
 * The plan of `shape` as a stage: its named arrays as the inputs, every kernel of the plan
 * as the launches (temporaries and reduction partials in scratch buffers the launches
 * make, the last kernel writing the given output), and the check of the result against
 * the reference at sampled outputs, or at every one (`'all'`).
 */
export async function expressionStage(
  { ctx, dtype }: Pick<GpuRun, 'ctx' | 'dtype'>,
  shape: ExpressionShape,
  outputs: 'sampled' | 'all',
): Promise<GpuStage> {
  const parsed = parsedShape(shape);
  const plan = buildPlan(parsed.root, shape.mode, gpuBytes(dtype));
  const position = new Map(parsed.arrays.map((a, k) => [a.name, k]));
  const inputs = plan.inputs.map((b) => {
    const values = new Float32Array(elementsOf(b));
    fillSlab(values, position.get(b.id) ?? -1, b.shape, -1, 0, 0, dtype);
    // Whole vec4 of the stored type: the kernels read past the end only into this padding.
    return storeAs(dtype, values, Math.ceil(values.length / 4) * 4);
  });
  const result = plan.output;
  const n = elementsOf(result);
  const mask = result.type === 'mask';
  return {
    inputs,
    // A mask comes back as its bytes (four to a word); floats as numbers whatever the type stored.
    output: {
      bytes: bytesOf(result, dtype),
      elements: mask ? Math.ceil(n / 4) : n,
      dtype: mask ? 'f32' : dtype,
    },
    launches: (buffers, output) => planLaunches(ctx, plan, dtype, buffers, output),
    check: (data) => {
      const output = mask ? new Uint8Array(data.buffer, data.byteOffset, n) : data;
      const reference = new Reference(
        expressionSource(parsed.arrays, dtype),
        WGSL_ACCURACY,
        dtype === 'f16' ? F16_STORE : 0,
      );
      const picks = outputs === 'all' ? undefined : sampleIndices(n, CHECKED_OUTPUTS);
      const check = checkOutputs(reference, outputNode(parsed.root), output, WGSL_ACCURACY, picks);
      if (!check.ok) {
        throw new GpuBenchError(
          `${ctx.label}: output differs from the CPU reference: ${check.message}`,
          'mismatch',
          false,
        );
      }
      if (check.checked === 0) {
        throw new GpuBenchError(
          `${ctx.label}: none of the ${check.skipped} sampled outputs could be compared (every one outside its functions' domains, where WGSL promises no value)`,
          'mismatch',
          false,
        );
      }
      return check.checked;
    },
  };
}

/**
 * Every kernel of `plan` on the named arrays' `inputs` (in `plan.inputs`' order): each
 * temporary in a scratch buffer made here and left in GPU memory for the next kernel, the
 * plan's last kernel (its `output`) writing `output`.
 */
async function planLaunches(
  ctx: WorkloadContext,
  plan: Plan,
  dtype: GpuDtype,
  inputs: readonly GPUBuffer[],
  output: GPUBuffer,
): Promise<Launch[]> {
  const buffers = new Map<string, GPUBuffer>(plan.inputs.map((b, i) => [b.id, inputs[i] as GPUBuffer]));
  const bufferOf = (b: BufferRef): GPUBuffer => {
    const g = buffers.get(b.id);
    if (!g) throw new GpuBenchError(`${ctx.label}: ${b.id} is used before it is computed`, 'internal', false);
    return g;
  };
  const launches: Launch[] = [];
  for (const k of plan.kernels) {
    const out =
      k.output.id === plan.output.id ? output : await outputBuffer(ctx, k.output.id, bytesOf(k.output, dtype));
    buffers.set(k.output.id, out);
    const ins = k.inputs.map(bufferOf);
    if (k.kind === 'elementwise') {
      const g = generateWgslKernel(k, dtype);
      const pipeline = await pipelineOf(ctx, g.code, k.output.id);
      // A grid-stride loop: at most 65 535 workgroups in one dimension, each thread as many vec4 as it takes.
      const workgroups = Math.max(1, Math.min(65_535, Math.ceil(g.groups / WORKGROUP_SIZE)));
      const params = await uniformBuffer(ctx, `${k.output.id}.params`, EXPRESSION_PARAMS, {
        groups: g.groups,
        stride: gridThreads(workgroups, WORKGROUP_SIZE),
      });
      launches.push({ pipeline, bindGroup: bindBuffers(ctx, pipeline, [params, ...ins, out]), workgroups });
    } else if (k.kind === 'reduction') {
      const r = generateWgslReduction(k, dtype);
      if (r.passes === 1) {
        const pipeline = await pipelineOf(ctx, r.serial, k.output.id);
        const workgroups = Math.max(1, Math.min(65_535, Math.ceil(r.outputs / SERIAL_WORKGROUP)));
        const params = await uniformBuffer(ctx, `${k.output.id}.params`, REDUCE_PARAMS, {
          outputs: r.outputs,
          chunks: 1,
          chunkLen: r.extent,
          extent: r.extent,
          stride: gridThreads(workgroups, SERIAL_WORKGROUP),
        });
        launches.push({ pipeline, bindGroup: bindBuffers(ctx, pipeline, [params, ...ins, out]), workgroups });
        continue;
      }
      const [partial, finish] = await Promise.all([
        pipelineOf(ctx, r.partial, `${k.output.id}.partial`),
        pipelineOf(ctx, r.finish, `${k.output.id}.finish`),
      ]);
      const partials = await outputBuffer(ctx, `${k.output.id}.partials`, 4 * r.outputs * r.chunks);
      const params = await uniformBuffer(ctx, `${k.output.id}.params`, REDUCE_PARAMS, {
        outputs: r.outputs,
        chunks: r.chunks,
        chunkLen: r.chunkLen,
        extent: r.extent,
        stride: 0,
      });
      launches.push({
        pipeline: partial,
        bindGroup: bindBuffers(ctx, partial, [params, ...ins, partials]),
        workgroups: r.outputs * r.chunks,
      });
      launches.push({
        pipeline: finish,
        bindGroup: bindBuffers(ctx, finish, [params, partials, out]),
        workgroups: r.outputs,
      });
    } else {
      const g = generateWgslMatmul(k, dtype);
      const pipeline = await pipelineOf(ctx, g.code, k.output.id);
      launches.push({ pipeline, bindGroup: bindBuffers(ctx, pipeline, [...ins, out]), workgroups: g.grid });
    }
  }
  return launches;
}
