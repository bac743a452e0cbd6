/**
 * The expression's GPU part as a stage (what a pipeline places): the plan's named arrays
 * as its inputs (whole vec4 of the stored type), its output sized for floats and for masks
 * (bytes, read back four to a word), every kernel of the plan as its launches with the
 * last one writing the output it is given, and its check against the reference, which a
 * wrong output fails. Without a GPU: the launches on the fake device, the check fed by
 * hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { workloadContext } from '../../../../../../src/bench/workloads/gpu/context.ts';
import { expressionGpu, expressionStage } from '../../../../../../src/bench/workloads/kinds/expression/gpu.ts';
import { sampleIndices, type GpuRun } from '../../../../../../src/bench/workloads/gpu/run.ts';
import { CHECKED_OUTPUTS } from '../../../../../../src/model/workloads/expression/check-cost.ts';
import { buildPlan } from '../../../../../../src/model/workloads/expression/index.ts';
import type { ExpressionShape } from '../../../../../../src/model/workloads/kinds/expression.ts';
import { createFakeDevice, installGpuGlobals } from '../../../gpu/fake-device.ts';
import { parse } from './helpers.ts';

beforeAll(installGpuGlobals);

function run(dtype: 'f32' | 'f16' = 'f32', features: string[] = []): Pick<GpuRun, 'ctx' | 'dtype'> {
  const { device } = createFakeDevice({ features });
  return { ctx: workloadContext(device, 'workload.expression.test', {}), dtype };
}

const shape = (expr: string, arrays: string, mode: 'eager' | 'fused' = 'eager'): ExpressionShape => ({
  expr,
  arrays,
  mode,
});

describe('the expression as a GPU stage', () => {
  it('is a stage, so a pipeline can place it', () => {
    expect(typeof expressionGpu.stage).toBe('function');
  });

  it('floats: inputs are the plan’s arrays padded to whole vec4, the output one value per element', async () => {
    const s = await expressionStage(run(), shape('a * b + c', 'a:1001,b:1001,c:1001', 'fused'), 'sampled');
    expect(s.inputs.map((a) => a.length)).toEqual([1004, 1004, 1004]);
    expect(s.inputs.every((a) => a instanceof Float32Array)).toBe(true);
    expect(s.output).toEqual({ bytes: 1001 * 4, elements: 1001, dtype: 'f32' });
    const [a, b, c] = s.inputs as Float32Array[];
    const right = Float32Array.from({ length: 1001 }, (_, i) => a![i]! * b![i]! + c![i]!);
    expect(s.check(right)).toBe(sampleIndices(1001, CHECKED_OUTPUTS).length);
    const wrong = right.map((v, i) => (i === 1000 ? v + 1 : v));
    expect(() => s.check(wrong)).toThrow(/differs from the CPU reference: WGSL: out\[1000\]/);
  });

  it('float16: stored as bit patterns, the output two bytes an element', async () => {
    const s = await expressionStage(run('f16', ['shader-f16']), shape('a + b', 'a:10,b:10'), 'sampled');
    expect(s.inputs.every((x) => x instanceof Uint16Array && x.length === 12)).toBe(true);
    expect(s.output).toEqual({ bytes: 20, elements: 10, dtype: 'f16' });
  });

  it('masks: one byte an element, read back four to a word and checked byte by byte', async () => {
    const n = 1027;
    const s = await expressionStage(run(), shape('a >= b', `a:${n},b:${n}`), 'all');
    expect(s.output).toEqual({ bytes: n, elements: Math.ceil(n / 4), dtype: 'f32' });
    const [a, b] = s.inputs as Float32Array[];
    const words = new Float32Array(s.output.elements);
    const bytes = new Uint8Array(words.buffer);
    for (let i = 0; i < n; i++) bytes[i] = a![i]! >= b![i]! ? 1 : 0;
    // 'all': every output compared, not a sample.
    expect(s.check(words)).toBe(n);
    bytes[n - 1] = 1 - (bytes[n - 1] as number);
    expect(() => s.check(words)).toThrow(/differs from the CPU reference/);
  });

  it('launches every kernel of the plan, temporaries in its own buffers, the last kernel writing the given output', async () => {
    const r = run();
    const text = 'np.exp(a) * b + (a * 2).sum()';
    const arrays = 'a:100003,b:100003';
    const s = await expressionStage(r, shape(text, arrays), 'sampled');
    const plan = buildPlan(parse(text, arrays).root, 'eager', 4);
    const buffer = (label: string, size = 16): GPUBuffer =>
      r.ctx.device.createBuffer({ label, size, usage: GPUBufferUsage.STORAGE });
    const inputs = s.inputs.map((x, i) => buffer(`in${i}`, x.byteLength));
    const output = buffer('given output', s.output.bytes);
    const launches = await s.launches(inputs, output);
    // Eager: one launch per operator, and a second pass for the sum of 100 003 values.
    expect(plan.kernels).toHaveLength(5);
    expect(launches).toHaveLength(6);
    const bound = (i: number) =>
      (launches[i]?.bindGroup as unknown as { entries: { resource: { buffer: GPUBuffer } }[] }).entries.map(
        (e) => e.resource.buffer,
      );
    const written = launches.map((_, i) => bound(i).at(-1));
    expect(written.at(-1)).toBe(output);
    // Only the last kernel writes the given output; every other writes a scratch buffer, none an input.
    for (const w of written.slice(0, -1)) {
      expect(w).not.toBe(output);
      expect(inputs).not.toContain(w);
    }
    // The first kernel, exp(a), reads the given input a.
    expect(bound(0)).toContain(inputs[0]);
  });
});
