/**
 * The expression kind's runnable parts (issue #18): the WebAssembly plan with reductions
 * and matmuls against the reference, eager and fused, float32 and float64; the workers' slabs (cut by elements
 * or rows, whole reductions added or maxed from parts, one worker where no cut works); the
 * generated WGSL of reductions and products. The GPU kernels run under Dawn in
 * scripts/verify-expression-kernels.ts; the GPU part's control flow against a fake device
 * is in tests/unit/bench/workloads/gpu/kernels.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkPlanOutput } from '../../../../../../src/bench/workloads/kinds/expression/check.ts';
import { CpuPlan } from '../../../../../../src/bench/workloads/kinds/expression/cpu-plan.ts';
import { expressionCpu } from '../../../../../../src/bench/workloads/kinds/expression/cpu.ts';
import { lanesFor, type CpuDtype } from '../../../../../../src/bench/workloads/cpu/lanes.ts';
import { wasmAccuracy } from '../../../../../../src/bench/workloads/kinds/expression/accuracy.ts';
import { expressionInputs } from '../../../../../../src/bench/workloads/kinds/expression/inputs.ts';
import type { MatmulKernel, ReductionKernel } from '../../../../../../src/bench/workloads/kinds/expression/layout.ts';
import { generateWgslMatmul } from '../../../../../../src/bench/workloads/kinds/expression/wgsl-matmul.ts';
import { generateWgslReduction } from '../../../../../../src/bench/workloads/kinds/expression/wgsl-reduce.ts';
import { buildPlan, PLAN_MODES } from '../../../../../../src/model/workloads/expression/index.ts';
import type { ExpressionShape } from '../../../../../../src/model/workloads/kinds/expression.ts';
import type { Workload } from '../../../../../../src/model/workloads/kinds/index.ts';
import { DEFAULT_INPUTS } from '../../../../../../src/model/estimator/fields.ts';
import { machineRatesFromFields } from '../../../../../../src/model/workloads/precision.ts';
import {
  DEFAULT_RUN_LIMITS,
  MAX_RUN_BYTES,
  fitToBudget,
  largestWorkload,
  runBytes,
  runnableForm,
} from '../../../../../../src/model/workloads/run-fit.ts';
import { predictParts } from '../../../../../../src/model/workloads/verify.ts';
import { float64Inputs, parse } from './helpers.ts';

/**
 * Run `text` over `arrays` as the WebAssembly plan of `mode` in `dtype` (float64: inputs
 * using all 53 bits); the check against the reference within that type's accuracy.
 */
async function runPlan(
  text: string,
  arrays: string,
  mode: 'eager' | 'fused',
  corrupt: number | false = false,
  dtype: CpuDtype = 'f32',
) {
  const p = parse(text, arrays);
  const L = lanesFor(dtype);
  const plan = buildPlan(p.root, mode, L.bytes);
  const inputs = dtype === 'f64' ? float64Inputs(p.arrays, 7) : expressionInputs(p.arrays, 7);
  const cpu = await CpuPlan.create(plan, 'mul_add', L);
  for (const b of plan.inputs) (cpu.view(b) as Float32Array | Float64Array).set(inputs.get(b.id) as ArrayLike<number>);
  cpu.run();
  const out = cpu.output();
  if (corrupt !== false) out[out.length - 1] = (out[out.length - 1] as number) * (1 + corrupt);
  return { plan, out, check: checkPlanOutput(plan, p.root, inputs, out, wasmAccuracy(dtype)) };
}

describe('the WebAssembly plan: reductions and matmuls as well as chains', () => {
  const cases: [string, string][] = [
    ['np.exp(x).sum()', 'x:100003'],
    ['x.mean()', 'x:1'],
    ['x.sum(axis=0)', 'x:37x45'],
    ['x.max(axis=1, keepdims=True) - x', 'x:37x1031'],
    ['np.exp(x - x.max(axis=-1, keepdims=True)).mean(axis=-1)', 'x:5x7x9'],
    ['np.sum(x * x, axis=1)', 'x:3x20000'],
    ['x @ w + b', 'x:33x17,w:17x9,b:9'],
    ['(x @ w).sum()', 'x:64x128,w:128x32'],
    ['x.T @ y.T', 'x:17x33,y:5x17'],
    ['x - x.mean()', 'x:5000'],
  ];
  for (const dtype of ['f32', 'f64'] as const) {
    for (const mode of PLAN_MODES) {
      it.each(cases)(`${dtype} ${mode}: %s over %s matches the reference at every output`, async (text, arrays) => {
        const { check, out } = await runPlan(text, arrays, mode, false, dtype);
        expect(out).toBeInstanceOf(dtype === 'f64' ? Float64Array : Float32Array);
        expect(check.message).toBeUndefined();
        expect(check.ok).toBe(true);
        expect(check.checked).toBeGreaterThan(0);
      });
    }
  }

  it('a wrong output is rejected (a reduction, a product), in float64 by 10⁻¹² where float32’s bounds are 10⁻⁵', async () => {
    expect((await runPlan('x.sum(axis=1)', 'x:9x300', 'fused', 0.25)).check.ok).toBe(false);
    expect((await runPlan('x @ w', 'x:9x30,w:30x7', 'eager', 0.25)).check.ok).toBe(false);
    for (const mode of PLAN_MODES) {
      expect((await runPlan('np.abs(x).sum(axis=1)', 'x:9x300', mode, 1e-12, 'f64')).check.ok).toBe(false);
      expect((await runPlan('np.abs(x) @ np.abs(w)', 'x:9x30,w:30x7', mode, 1e-12, 'f64')).check.ok).toBe(false);
      expect((await runPlan('np.abs(x).max(axis=0)', 'x:9x300', mode, 1e-12, 'f64')).check.ok).toBe(false);
    }
  });

  it('a float64 sum of 10⁶ values keeps float64’s accuracy (its blocks’ sums added with their errors kept)', async () => {
    for (const mode of PLAN_MODES) {
      const { check } = await runPlan('np.exp(x).sum()', 'x:1000003', mode, false, 'f64');
      expect(check).toMatchObject({ ok: true, checked: 1 });
      // The bound allows 43 roundings of Σ|x|: a plain running total over 3,900 blocks could not promise it.
      expect((await runPlan('np.exp(x).sum()', 'x:1000003', mode, 1e-13, 'f64')).check.ok).toBe(false);
    }
  });
});

/** The page's model at its default rates (as largest.test.ts). */
const machine = machineRatesFromFields(DEFAULT_INPUTS, { cpuMemGBps: 20, gpuMemGBps: 360 });
const model = (w: Workload) => {
  const p = predictParts(w, machine);
  return { cpuSeconds: p.cpuSeconds, gpuSeconds: p.gpuTotalSeconds };
};

const shape = (expr: string, arrays: string, mode: 'eager' | 'fused' = 'eager'): ExpressionShape => ({
  expr,
  arrays,
  mode,
});

/** Every slab prepared, run and checked as the workers do; the total (where slabs give parts) checked as the runner does. */
async function runSlabs(s: ExpressionShape, threads: number, dtype: CpuDtype = 'f32') {
  const slices = expressionCpu.slices(s, threads);
  const combine = expressionCpu.combine?.(s) ?? 'sum';
  const join = (a: number, b: number) => (combine === 'max' ? Math.max(a, b) : a + b);
  let total = combine === 'max' ? -Infinity : 0;
  const reference = { value: total, absSum: total };
  let checked = 0;
  for (const slice of slices) {
    const prepared = await expressionCpu.prepare(slice, dtype, 'mul_add');
    const value = prepared.run();
    const check = prepared.check();
    expect(check, JSON.stringify(slice)).toMatchObject({ ok: true });
    if (check.ok) checked += check.checked;
    if (value !== undefined) total = join(total, value);
    if (prepared.reference) {
      reference.value = join(reference.value, prepared.reference.value);
      reference.absSum = join(reference.absSum, prepared.reference.absSum);
    }
  }
  return { slices, total, reference, checked };
}

describe('the workers’ slabs', () => {
  it('a*b + c is cut by elements, in whole groups of 16, covering every element once', async () => {
    const s = shape('a*b + c', 'a:100003,b:100003,c:100003');
    const r = await runSlabs(s, 3);
    let next = 0;
    for (const [i, x] of r.slices.entries()) {
      expect(x.r0).toBe(next);
      if (i < r.slices.length - 1) expect(x.rows % 16).toBe(0);
      next += x.rows;
    }
    expect(next).toBe(100_003);
    expect(r.slices).toHaveLength(3);
    expect(r.checked).toBe(3 * 64);
  });

  it('x @ w + b is cut by rows of x (w and b whole in every slab)', async () => {
    const r = await runSlabs(shape('x @ w + b', 'x:67x33,w:33x9,b:9', 'fused'), 2);
    expect(r.slices.map((x) => [x.r0, x.rows])).toEqual([
      [0, 32],
      [32, 35],
    ]);
    expect(r.slices.every((x) => x.arrays === 'x:67x33,w:33x9,b:9')).toBe(true);
    expect(r.checked).toBeGreaterThan(100);
  });

  it('a sum over everything: each slab a part, the parts added and checked against the whole', async () => {
    const s = shape('np.exp(x).mean()', 'x:100003', 'fused');
    const r = await runSlabs(s, 4);
    expect(r.slices).toHaveLength(4);
    expect(expressionCpu.checkTotal?.(r.total, r.reference, s, 'f32')).toMatchObject({ ok: true, checked: 1 });
    // exp of values in [−2, 2) averages to about 1.8.
    expect(r.total).toBeGreaterThan(1.5);
    expect(r.total).toBeLessThan(2.2);
    expect(expressionCpu.checkTotal?.(r.total * 1.001, r.reference, s, 'f32').ok).toBe(false);
  });

  it('a max over everything: the parts’ maximum', async () => {
    const s = shape('(x * 2).max()', 'x:50001');
    expect(expressionCpu.combine?.(s)).toBe('max');
    const r = await runSlabs(s, 2);
    expect(expressionCpu.checkTotal?.(r.total, r.reference, s, 'f32')).toMatchObject({ ok: true });
    expect(r.total).toBeGreaterThan(3.9);
  });

  it('a reduction over the cut feeding more work (x − x.mean()) runs as one slab', async () => {
    const r = await runSlabs(shape('x - x.mean()', 'x:5001'), 4);
    expect(r.slices).toEqual([expect.objectContaining({ r0: 0, rows: 0 })]);
    expect(r.checked).toBe(64);
  });

  it('a column sum is cut along the columns, where no worker needs another’s rows', async () => {
    const r = await runSlabs(shape('x.sum(axis=0)', 'x:301x470'), 2);
    expect(r.slices.map((x) => x.rows)).toEqual([240, 230]);
  });

  it('float64 runs in float64: slabs by elements and by rows, every sampled output within float64’s bounds', async () => {
    for (const s of [
      shape('np.exp(a) * b + np.sin(c)', 'a:100003,b:100003,c:100003'),
      shape('np.tanh(x @ w + b) ** 1.5', 'x:67x33,w:33x9,b:9', 'fused'),
      shape('np.where(x > 0, np.log(x), x.max(axis=1, keepdims=True))', 'x:301x47'),
    ]) {
      const r = await runSlabs(s, 3, 'f64');
      expect(r.slices.length, s.expr).toBeGreaterThan(1);
      expect(r.checked, s.expr).toBeGreaterThan(64);
    }
  });

  it('float64 at the largest accepted shape: scaled down with a reason to what one run holds, then run and checked', async () => {
    const w = largestWorkload('expression', 'f64');
    const fit = fitToBudget(runnableForm(w).workload, model, { budgetSeconds: 0.05, limits: DEFAULT_RUN_LIMITS });
    expect(fit.workload.dtype).toBe('f64');
    expect(fit.scaledDown).toBe(true);
    expect(runBytes(fit.workload)).toBeLessThanOrEqual(MAX_RUN_BYTES);
    const s = fit.workload.shape as ExpressionShape;
    const [slice] = expressionCpu.slices(s, 1);
    const prepared = await expressionCpu.prepare(slice as never, 'f64', 'mul_add');
    const value = prepared.run();
    expect(prepared.check(), JSON.stringify(s)).toMatchObject({ ok: true });
    if (prepared.reference) {
      expect(expressionCpu.checkTotal?.(value ?? NaN, prepared.reference, s, 'f64')).toMatchObject({ ok: true });
    }
  }, 120_000);

  it('float64 whole reductions from parts: the total within float64’s bounds, 10⁻¹² off caught', async () => {
    for (const s of [shape('np.exp(x).mean()', 'x:100003', 'fused'), shape('(x * 2).max()', 'x:50001')]) {
      const r = await runSlabs(s, 4, 'f64');
      expect(r.slices.length).toBeGreaterThan(1);
      expect(expressionCpu.checkTotal?.(r.total, r.reference, s, 'f64')).toMatchObject({ ok: true, checked: 1 });
      expect(expressionCpu.checkTotal?.(r.total * (1 + 1e-12), r.reference, s, 'f64').ok).toBe(false);
    }
  });
});

describe('generated WGSL of reductions and products', () => {
  const kernel = (text: string, arrays: string, mode: 'eager' | 'fused' = 'fused') =>
    buildPlan(parse(text, arrays).root, mode, 4).kernels;

  it('a long reduction takes two passes over chunks; a short axis one thread per output', () => {
    const [long] = kernel('np.exp(x).sum()', 'x:1000000') as [ReductionKernel];
    const two = generateWgslReduction(long, 'f32');
    expect(two.passes).toBe(2);
    expect(two.chunks).toBe(Math.ceil(1e6 / 16384));
    if (two.passes === 2) {
      expect(two.partial).toContain('exp(');
      expect(two.partial).toContain('struct ReduceParams');
      expect(two.finish).toContain('out[o] = S(acc[0]);');
    }
    const [short] = kernel('x.mean(axis=1)', 'x:1000x100') as [ReductionKernel];
    const one = generateWgslReduction(short, 'f16');
    expect(one.passes).toBe(1);
    if (one.passes === 1) {
      expect(one.serial.startsWith('enable f16;\nalias S = f16;')).toBe(true);
      expect(one.serial).toContain('out[o] = S(s / f32(params.extent));');
    }
  });

  it('a product reads transposed operands in place, through their strides', () => {
    const [mm] = kernel('x.T @ y', 'x:17x33,y:17x5') as [MatmulKernel];
    const g = generateWgslMatmul(mm, 'f32');
    expect(g.grid).toEqual([1, 3]);
    // x.T (33×17) walks x (17×33) with strides (1, 33).
    expect(g.code).toContain('in0[row * 1u + ka * 33u]');
    expect(g.code).toContain('in1[kb * 5u + col * 1u]');
  });
});
