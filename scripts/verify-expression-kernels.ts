/**
 * `npx tsx scripts/verify-expression-kernels.ts [--json]`
 *
 * Runs the generated kernels of the `expression` workload (src/bench/workloads/kinds/
 * expression, issue #18) for a table of expressions, eager and fused: the GPU part as the
 * page runs it under Node with Dawn, and the WebAssembly plan on this thread, each output
 * checked element by element against the CPU reference (WGSL's accuracy table for the GPU,
 * the measured one for Wasm). Odd sizes, broadcasting, .T, masks, every function,
 * reductions (one and two passes) and matrix products.
 * Exits 1 if any kernel fails. Without a Vulkan GPU run it with SwiftShader:
 * LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
 */
import { errorMessage } from '../src/bench/gpu/errors.ts';
import { workloadContext } from '../src/bench/workloads/gpu/context.ts';
import { checkPlanOutput } from '../src/bench/workloads/kinds/expression/check.ts';
import { CpuPlan } from '../src/bench/workloads/kinds/expression/cpu-plan.ts';
import { runExpressionGpu } from '../src/bench/workloads/kinds/expression/gpu.ts';
import { expressionInputs } from '../src/bench/workloads/kinds/expression/inputs.ts';
import { WASM_ACCURACY } from '../src/bench/workloads/kinds/expression/accuracy.ts';
import { buildPlan, parseExpressionFields, PLAN_MODES } from '../src/model/workloads/expression/index.ts';
import { loadWorkloadKinds } from '../src/model/workloads/kinds/index.ts';

const json = process.argv.includes('--json');
await loadWorkloadKinds();

/** [expression, arrays]: sizes that are not multiples of 4, every function, broadcasting, .T, masks, reductions, products. */
const CASES: [string, string][] = [
  ['a*b + c', 'a:1000003,b:1000003,c:1000003'],
  ['a*b + c', 'a:1,b:1,c:1'],
  ['x + bias', 'x:257x2049,bias:2049'],
  ['x * col - 1.5', 'x:33x31,col:33x1'],
  ['x.T * 2 + y', 'x:31x17,y:17x31'],
  ['np.exp(a) + np.log(np.abs(b) + 0.5) * np.sqrt(np.abs(c))', 'a:4099,b:4099,c:4099'],
  ['np.sin(a * 3) - np.cos(b) * np.tanh(c * 4)', 'a:4099,b:4099,c:4099'],
  ['np.where(x > 0, x, 0.01 * x) + bias', 'x:129x67,bias:67'],
  ['np.maximum(a, 0) + np.minimum(b, c) / 3', 'a:1001,b:1001,c:1001'],
  ['a**2 + b**3 - a**-1 + np.abs(b)**0.5 + c**17', 'a:999,b:999,c:999'],
  ['np.abs(a) ** b', 'a:1003,b:1003'],
  ['a >= b', 'a:1027,b:1027'],
  ['np.exp(v) * x', 'x:65x9,v:9'],
  ['-x**2 / (1 + np.exp(-x.T.T))', 'x:3x5x7'],
  ['(a - b) * (a + b) - s', 'a:2x3x4x5,b:4x1,s:1'],
  ['np.exp(x).sum()', 'x:300007'],
  [
    'np.exp(x - x.max(axis=1, keepdims=True)) / np.exp(x - x.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True)',
    'x:37x1001',
  ],
  ['x.mean(axis=0) + x.max(axis=1).sum()', 'x:513x33'],
  ['x @ w + b', 'x:65x129,w:129x33,b:33'],
  ['(x @ w).sum()', 'x:64x257,w:257x31'],
  ['np.tanh(x.T @ y) * 2', 'x:17x33,y:17x5'],
];

const { create, globals } = await import('webgpu');
Object.assign(globalThis, globals);
const gpu = create([]);
const adapter = await gpu.requestAdapter();
if (!adapter) {
  process.stderr.write('no GPU adapter (see the usage note at the top of this script)\n');
  process.exit(1);
}
const device = await adapter.requestDevice({
  requiredLimits: {
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  },
});
process.stderr.write(`${adapter.info.vendor} / ${adapter.info.architecture} / ${adapter.info.description}\n`);

let failed = 0;
const results: Record<string, unknown>[] = [];
for (const [text, arrays] of CASES) {
  const parsed = parseExpressionFields(text, arrays);
  if (!parsed.ok) {
    failed++;
    process.stdout.write(`FAIL  ${text}: ${JSON.stringify(parsed)}\n`);
    continue;
  }
  const p = parsed.expression;
  const inputs = expressionInputs(p.arrays, 3);
  for (const mode of PLAN_MODES) {
    const plan = buildPlan(p.root, mode, 4);
    const name = `${mode.padEnd(5)} ${text} [${arrays}]`;
    try {
      const cpu = await CpuPlan.create(plan, 'mul_add');
      for (const b of plan.inputs) (cpu.view(b) as Float32Array).set(inputs.get(b.id) as Float32Array);
      cpu.run();
      const wasm = checkPlanOutput(plan, p.root, inputs, cpu.output(), WASM_ACCURACY);
      // The GPU part as the page runs it, its result checked at every output (a mismatch throws).
      const ctx = workloadContext(device, `verify.${mode}`, {});
      const run = await runExpressionGpu({ ctx, dtype: 'f32', runs: 1 }, { expr: text, arrays, mode }, 'all').finally(
        () => ctx.destroy(),
      );
      if (!wasm.ok) failed++;
      results.push({ name, launches: run.launches, wasm, wgslChecked: run.samples, kernelSeconds: run.computeSamples });
      if (!json) {
        process.stdout.write(
          `${wasm.ok ? 'ok  ' : 'FAIL'}  ${name}: ${run.launches} dispatch${run.launches > 1 ? 'es' : ''}; ` +
            `WGSL ${run.samples} checked; ` +
            `Wasm ${wasm.checked} checked, ${wasm.skipped} without a bound${wasm.message ? ` — ${wasm.message}` : ''}\n`,
        );
      }
    } catch (e) {
      failed++;
      results.push({ name, error: errorMessage(e) });
      process.stdout.write(`FAIL  ${name}: ${errorMessage(e)}\n`);
    }
  }
}
// The check itself must catch a wrong kernel: a*b + c's output against the reference of a*b - c.
{
  const right = parseExpressionFields('a*b + c', 'a:1001,b:1001,c:1001');
  const wrong = parseExpressionFields('a*b - c', 'a:1001,b:1001,c:1001');
  if (right.ok && wrong.ok) {
    const inputs = expressionInputs(right.expression.arrays, 5);
    const plan = buildPlan(right.expression.root, 'fused', 4);
    const cpu = await CpuPlan.create(plan, 'mul_add');
    for (const b of plan.inputs) (cpu.view(b) as Float32Array).set(inputs.get(b.id) as Float32Array);
    cpu.run();
    const caught = !checkPlanOutput(plan, wrong.expression.root, inputs, cpu.output(), WASM_ACCURACY).ok;
    if (!caught) failed++;
    if (!json) process.stdout.write(`${caught ? 'ok  ' : 'FAIL'}  the check rejects a wrong kernel's output\n`);
  }
}
if (json) process.stdout.write(`${JSON.stringify({ adapter: adapter.info, results }, null, 2)}\n`);
device.destroy();
process.exit(failed > 0 ? 1 : 0);
