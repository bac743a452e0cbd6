/**
 * `npx tsx scripts/numpy-vs-model.ts`: the workload model's predicted CPU time, from the
 * page's own measured CPU rates (`cpu.simdAll.gflops`, `cpu.mem.gbps`, measured here by
 * the same Wasm tiers under Node), beside NumPy's measured time for the same shapes
 * (scripts/numpy-workloads.py). Runs one after the other, never at once, so neither
 * steals the other's cores. NumPy's `a*b+c` is set against two models: the elementwise
 * kind (one fused pass, the least a kernel moves) and the expression kind in eager mode
 * (NumPy's own two kernels with the temporary a*b). Prints the load average before and
 * after: the ratios need a quiet machine. For BENCHMARKS.md ("Workloads against NumPy").
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { loadWorkloadKinds } from '../src/model/workloads/kinds/index.ts';
import { estimateWorkload } from '../src/model/workloads/roofline.ts';
import { machineRatesFromFields } from '../src/model/workloads/precision.ts';
import type { Workload } from '../src/model/workloads/types.ts';

interface NumpyRow {
  task: string;
  shape: string;
  /** Median call. */
  seconds: number;
  /** Fastest call: set beside the page's rates, which are the best of their samples (ceilings, METHODS.md). */
  best: number;
}

const python = process.env['PYTHON'] ?? 'python3';
await loadWorkloadKinds();
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
const loadBefore = load();
/**
 * `--rounds N` (default 1): the page's tiers and NumPy alternately, N times each. On a
 * shared machine both sides swing with the neighbours' load; the best of the rounds on
 * each side (the page's rates are ceilings, NumPy's best call its own) compares the two
 * at their quietest moments rather than at two different ones.
 */
const rounds = Math.max(1, Number(process.argv[process.argv.indexOf('--rounds') + 1] ?? 1) || 1);
type BenchDoc = { metrics: Record<string, { status: string; value?: number; best?: number; median?: number }> };
const benches: BenchDoc[] = [];
const numpys: { numpy: string; rows: NumpyRow[] }[] = [];
for (let r = 0; r < rounds; r++) {
  benches.push(
    JSON.parse(
      execFileSync('npx', ['tsx', 'scripts/bench.ts', '--json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as BenchDoc,
  );
  numpys.push(
    JSON.parse(execFileSync(python, ['scripts/numpy-workloads.py', '--json'], { encoding: 'utf8' })) as {
      numpy: string;
      rows: NumpyRow[];
    },
  );
}
/** Per row: the median of the rounds' medians, and the best call of all. */
const numpy = {
  numpy: numpys[0]?.numpy ?? '?',
  rows: (numpys[0]?.rows ?? []).map((row, i): NumpyRow => {
    const same = numpys.map((n) => n.rows[i] as NumpyRow);
    const medians = same.map((x) => x.seconds).sort((a, b) => a - b);
    return {
      ...row,
      seconds: medians[Math.floor(medians.length / 2)] as number,
      best: Math.min(...same.map((x) => x.best)),
    };
  }),
};

/** A page metric: the best of the rounds (each round's value is already its best sample). */
function metric(id: string): number {
  const values = benches.flatMap((b) => {
    const m = b.metrics[id];
    const v = m?.value ?? m?.best;
    return m?.status === 'ok' && v !== undefined ? [v] : [];
  });
  if (values.length === 0) throw new Error(`${id} was not measured`);
  return Math.max(...values);
}

/** The page's rates for one CPU tier, as the workload model takes them. */
function machineFor(tier: 'one core' | 'all cores') {
  const one = tier === 'one core';
  const cpuGflops = metric(one ? 'cpu.simd1.gflops' : 'cpu.simdAll.gflops');
  const cpuMemGBps = metric(one ? 'cpu.mem1.gbps' : 'cpu.mem.gbps');
  return {
    label: `${tier}: ${cpuGflops.toFixed(1)} GFLOPS, ${cpuMemGBps.toFixed(1)} GB/s`,
    rates: machineRatesFromFields(
      { cpuGflops, gpuTflops: 1, transferGBps: 10, launchOverheadMs: 0.01 },
      { cpuMemGBps, gpuMemGBps: 100 },
    ),
  };
}
const abc = 'a:100000000,b:100000000,c:100000000';
/** The models each NumPy row is set against, by 'task|shape'. */
const workloads: Record<string, { model: string; workload: Workload }[]> = {
  'a*b+c|1e8 float32': [
    {
      model: 'elementwise (one fused pass)',
      workload: {
        id: 'elementwise',
        dtype: 'f32',
        shape: { elements: 1e8, inputs: 3, outputs: 1, flopsPerElement: 2 },
      },
    },
    {
      model: 'expression, eager (2 kernels)',
      workload: { id: 'expression', dtype: 'f32', shape: { expr: 'a*b+c', arrays: abc, mode: 'eager' } },
    },
  ],
  'x.sum()|1e8 float32': [
    { model: 'reduction', workload: { id: 'reduction', dtype: 'f32', shape: { elements: 1e8 } } },
    {
      model: 'expression, eager',
      workload: { id: 'expression', dtype: 'f32', shape: { expr: 'x.sum()', arrays: 'x:100000000', mode: 'eager' } },
    },
  ],
  'a @ b|512² float32': [
    { model: 'matmul', workload: { id: 'matmul', dtype: 'f32', shape: { m: 512, n: 512, k: 512, batch: 1 } } },
  ],
  'a @ b|2048² float32': [
    { model: 'matmul', workload: { id: 'matmul', dtype: 'f32', shape: { m: 2048, n: 2048, k: 2048, batch: 1 } } },
  ],
};

console.log(
  `NumPy ${numpy.numpy}; ${rounds} round${rounds > 1 ? 's' : ''}; 1-, 5-, 15-minute load ${loadBefore} before, ${load()} after`,
);
console.log(
  '| task | shape | NumPy, median (best) | model (kind) | page tier (its measured rates) | model, predicted | predicted ÷ median (÷ best) | bound |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const row of numpy.rows) {
  for (const { model, workload: w } of workloads[`${row.task}|${row.shape}`] ?? []) {
    const machine = machineFor(w.id === 'matmul' ? 'all cores' : 'one core');
    const est = estimateWorkload(w, machine.rates);
    const predicted = est.roofline.cpu.kernelSeconds;
    const ms = (s: number) => `${(s * 1e3).toFixed(1)} ms`;
    console.log(
      `| \`${row.task}\` | ${row.shape} | ${ms(row.seconds)} (${ms(row.best)}) | ${model} | ${machine.label} | ${ms(predicted)} | ${(predicted / row.seconds).toFixed(2)} (${(predicted / row.best).toFixed(2)}) | ${est.roofline.cpu.bound} |`,
    );
  }
}
