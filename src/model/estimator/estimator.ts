/**
 * The speedup model of the estimator page (shared/spec/seed-estimator-page.txt), as pure
 * functions. Every time is in seconds; rates and sizes are in the spec's own units:
 *
 *   CPU time            = operations / CPU rate
 *   GPU compute time    = operations / GPU rate
 *   data transfer time  = data size / transfer rate
 *   kernel overhead     = single launch overhead × launches
 *   total GPU time      = compute + transfer + kernel overhead
 *   speedup             = CPU time / total GPU time
 *   GPU efficiency (%)  = (operations / total GPU time) / GPU rate × 100
 */

/** The seven inputs, in the spec's units. */
export interface EstimatorInputs {
  /** CPU throughput, GFLOPS (1e9 operations per second). */
  cpuGflops: number;
  /** GPU throughput, TFLOPS (1e12 operations per second). */
  gpuTflops: number;
  /** Work in the task, Giga-operations (1e9 operations). */
  totalGigaOps: number;
  /** Host↔device bandwidth, GB/s (1e9 bytes per second). */
  transferGBps: number;
  /** Bytes moved between host and device for the whole task, GB (1e9 bytes). */
  dataGB: number;
  /** Fixed cost of one kernel launch, milliseconds. */
  launchOverheadMs: number;
  /** How many kernels the task launches. */
  launchCount: number;
}

/** The outputs of the spec page; times in seconds. */
export interface EstimatorOutputs {
  cpuTime: number;
  gpuComputeTime: number;
  transferTime: number;
  kernelOverhead: number;
  /** Transfer + kernel launch overhead. */
  totalOverhead: number;
  gpuTotalTime: number;
  /** CPU time / total GPU time; > 1 means the GPU is faster. */
  speedup: number;
  /** Share of the GPU's peak the task achieves once overheads count, in percent (0–100]. */
  efficiency: number;
}

export type InputKey = keyof EstimatorInputs;
export type OutputKey = keyof EstimatorOutputs;

const GIGA_PER_TERA = 1000;
const MS_PER_S = 1000;

/** GPU rate in Giga-operations per second, the unit every other rate is in. */
export function gpuGigaOpsPerSecond(gpuTflops: number): number {
  return gpuTflops * GIGA_PER_TERA;
}

/** The time the task costs the GPU whatever its size: transfer + launches, seconds. */
export function fixedGpuOverhead(inputs: EstimatorInputs): number {
  return inputs.dataGB / inputs.transferGBps + (inputs.launchOverheadMs * inputs.launchCount) / MS_PER_S;
}

/**
 * Evaluate the model. Inputs are assumed valid (see `validateInputs` in fields.ts): rates
 * positive, everything finite. With valid inputs every output is finite and ≥ 0.
 */
export function estimate(inputs: EstimatorInputs): EstimatorOutputs {
  const cpuTime = inputs.totalGigaOps / inputs.cpuGflops;
  const gpuComputeTime = inputs.totalGigaOps / gpuGigaOpsPerSecond(inputs.gpuTflops);
  const transferTime = inputs.dataGB / inputs.transferGBps;
  const kernelOverhead = (inputs.launchOverheadMs * inputs.launchCount) / MS_PER_S;
  const totalOverhead = transferTime + kernelOverhead;
  const gpuTotalTime = gpuComputeTime + totalOverhead;
  // A task with no work and no overhead takes no time anywhere: call it even, not 0/0.
  const speedup = gpuTotalTime > 0 ? cpuTime / gpuTotalTime : 1;
  // (ops / T_total) / rate = T_compute / T_total: the same formula without the round trip
  // through huge numbers.
  const efficiency = gpuTotalTime > 0 ? (gpuComputeTime / gpuTotalTime) * 100 : 100;
  return {
    cpuTime,
    gpuComputeTime,
    transferTime,
    kernelOverhead,
    totalOverhead,
    gpuTotalTime,
    speedup,
    efficiency,
  };
}

/**
 * Where the task size makes CPU and GPU take equally long (speedup = 1), holding the data
 * size and launch count fixed, as the model does.
 *
 *   ops / c = ops / g + overhead   ⇒   ops = overhead / (1/c − 1/g)
 *
 * - `finite`: below `gigaOps` the CPU wins, above it the GPU wins.
 * - `always`: the GPU is faster at every size (no fixed overhead and a faster GPU).
 * - `never`: the GPU's rate is not above the CPU's, so overhead is never paid back.
 */
export type BreakEven = { kind: 'finite'; gigaOps: number } | { kind: 'always' } | { kind: 'never' };

export function breakEven(inputs: EstimatorInputs): BreakEven {
  const c = inputs.cpuGflops;
  const g = gpuGigaOpsPerSecond(inputs.gpuTflops);
  if (g <= c) return { kind: 'never' };
  const overhead = fixedGpuOverhead(inputs);
  if (overhead <= 0) return { kind: 'always' };
  // 1/c − 1/g written as (g − c)/(c·g) keeps precision when the rates are close.
  return { kind: 'finite', gigaOps: (overhead * c * g) / (g - c) };
}

/** Plain-words verdict. Within ±10 % counts as even: the inputs are rarely better than that. */
export type Verdict = 'gpu' | 'cpu' | 'even';
export const EVEN_BAND = 0.1;

export function verdict(speedup: number): Verdict {
  if (speedup > 1 + EVEN_BAND) return 'gpu';
  if (speedup < 1 / (1 + EVEN_BAND)) return 'cpu';
  return 'even';
}

/**
 * The verdict for these inputs, consistent with the break-even: the ±10 % band of
 * `verdict` applies only where the lines cross. When the GPU's rate is not above the
 * CPU's it never wins at any size, so however close it comes the verdict is the CPU's
 * (an exact tie only when the rates are equal and there is no overhead); when it wins
 * at every size, the verdict is the GPU's. So "about even" never sits beside "GPU never
 * wins", and the verdict always agrees with the break-even line and the chart.
 */
export function verdictFor(inputs: EstimatorInputs, speedup: number = estimate(inputs).speedup): Verdict {
  const be = breakEven(inputs);
  if (be.kind === 'never') return speedup >= 1 ? 'even' : 'cpu';
  if (be.kind === 'always') return speedup > 1 ? 'gpu' : 'even';
  return verdict(speedup);
}

/** One row of a task-size sweep. */
export interface SweepPoint {
  totalGigaOps: number;
  cpuTime: number;
  gpuTotalTime: number;
  speedup: number;
  /** This row is the user's own task size. */
  isCurrent: boolean;
}

export interface SweepOptions {
  /** Smallest task, Giga-operations (default 0.001). */
  minGigaOps?: number;
  /** Largest task, Giga-operations (default 10 000). */
  maxGigaOps?: number;
  /** Points per factor of ten (default 1: 0.001, 0.01, …, 10 000). */
  perDecade?: number;
}

/**
 * The model over log-spaced task sizes (data size and launches held fixed), plus the
 * user's own task size, sorted by size. Sizes equal to the current one to 9 significant
 * digits are merged into the current row.
 */
export function sweep(inputs: EstimatorInputs, options: SweepOptions = {}): SweepPoint[] {
  const min = options.minGigaOps ?? 1e-3;
  const max = options.maxGigaOps ?? 1e4;
  const perDecade = options.perDecade ?? 1;
  if (!(min > 0 && max >= min && perDecade >= 1)) {
    throw new RangeError('sweep needs 0 < min ≤ max and at least one point per decade');
  }
  const steps = Math.round(Math.log10(max / min) * perDecade);
  const sizes: number[] = [];
  for (let i = 0; i <= steps; i++) {
    // Rounded to 12 significant digits so 10^(k) prints as 1000, not 999.9999999.
    sizes.push(Number((min * 10 ** (i / perDecade)).toPrecision(12)));
  }
  const current = inputs.totalGigaOps;
  const same = (a: number, b: number): boolean => Math.abs(a - b) <= Math.abs(b) * 1e-9;
  const all = sizes.filter((s) => !same(s, current));
  all.push(current);
  all.sort((a, b) => a - b);
  return all.map((totalGigaOps) => {
    const out = estimate({ ...inputs, totalGigaOps });
    return {
      totalGigaOps,
      cpuTime: out.cpuTime,
      gpuTotalTime: out.gpuTotalTime,
      speedup: out.speedup,
      isCurrent: totalGigaOps === current,
    };
  });
}

/** Where the GPU's time goes, as fractions of the total GPU time summing to 1. */
export interface GpuTimeShares {
  compute: number;
  transfer: number;
  launches: number;
}

export function gpuTimeShares(out: EstimatorOutputs): GpuTimeShares {
  const t = out.gpuTotalTime;
  if (!(t > 0)) return { compute: 0, transfer: 0, launches: 0 };
  return {
    compute: out.gpuComputeTime / t,
    transfer: out.transferTime / t,
    launches: out.kernelOverhead / t,
  };
}
