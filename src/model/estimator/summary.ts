/**
 * The verdict in words, with its reason taken from the numbers, the break-even in
 * words, and the plain-text summary "Copy Results" puts on the clipboard. Pure.
 */
import {
  breakEven,
  estimate,
  verdictFor,
  type EstimatorInputs,
  type EstimatorOutputs,
  type Verdict,
} from './estimator.ts';
import { formatDuration, formatGigaOps, formatPercent, formatSpeedup } from '../shared/format.ts';

/** The verdict's first words; `explainVerdict` adds the reason. */
export const VERDICT_TEXT = {
  gpu: 'The GPU is faster for this task.',
  cpu: 'The CPU is faster for this task.',
  even: 'CPU and GPU take about as long (within 10 %).',
} as const;

/** Verdicts short enough for the phone summary bar. */
export const VERDICT_SHORT = { gpu: 'GPU faster', cpu: 'CPU faster', even: 'about even' } as const;

/**
 * Why the CPU wins: the GPU's compute alone is slower than the CPU ('compute'), its
 * compute is faster but the fixed overheads cost more than that saves ('overhead'), or
 * each of the two alone already takes longer than the whole CPU run ('both').
 */
export type CpuWinCause = 'compute' | 'overhead' | 'both';

/** Which overhead dominates: one is at least twice the other, or they are comparable. */
export type OverheadKind = 'transfer' | 'launches' | 'mixed';

export interface VerdictExplained {
  verdict: Verdict;
  /** Set when the CPU wins (or ties because of the GPU). */
  cause?: CpuWinCause;
  overhead: OverheadKind;
  /** One or two sentences: the verdict and its reason, with the times that show it. */
  text: string;
}

export function dominantOverhead(out: EstimatorOutputs): OverheadKind {
  if (out.transferTime >= 2 * out.kernelOverhead) return 'transfer';
  if (out.kernelOverhead >= 2 * out.transferTime) return 'launches';
  return 'mixed';
}

function overheadPhrase(out: EstimatorOutputs, kind: OverheadKind): string {
  switch (kind) {
    case 'transfer':
      return `its data transfer (${formatDuration(out.transferTime)})`;
    case 'launches':
      return `its kernel launch overhead (${formatDuration(out.kernelOverhead)})`;
    case 'mixed':
      return `its data transfer and kernel launches (${formatDuration(out.totalOverhead)} together)`;
  }
}

/** Why the CPU is ahead, or undefined when the GPU's time is not longer than the CPU's. */
export function cpuWinCause(out: EstimatorOutputs): CpuWinCause | undefined {
  if (!(out.gpuTotalTime > out.cpuTime)) return undefined;
  const computeSlower = out.gpuComputeTime >= out.cpuTime;
  if (!computeSlower) return 'overhead';
  return out.totalOverhead >= out.cpuTime ? 'both' : 'compute';
}

/**
 * How the GPU's working time is named in the verdict: the seed's formula has "compute"
 * (operations ÷ rate); a described workload has kernels, each bound by compute or memory.
 */
export interface VerdictWords {
  /** "the GPU computes it in 20 µs". */
  works: (time: string) => string;
  /** "the GPU’s compute alone (20 µs)". */
  alone: (time: string) => string;
}

export const SEED_WORDS: VerdictWords = {
  works: (t) => `the GPU computes it in ${t}`,
  alone: (t) => `the GPU\u2019s compute alone (${t})`,
};

export const KERNEL_WORDS: VerdictWords = {
  works: (t) => `the GPU\u2019s kernels take ${t}`,
  alone: (t) => `the GPU\u2019s kernels alone (${t})`,
};

/** "The GPU is 4.2× faster", "The CPU is 22× faster": the factor read the way a person says it. */
function fasterBy(side: 'GPU' | 'CPU', ratio: number): string {
  return `The ${side} is ${formatSpeedup(ratio)} faster`;
}

/**
 * The verdict in a sentence with the reason the numbers give, for a verdict already
 * decided (so it agrees with the break-even): which side is faster and by how much, then
 * why: the GPU's work alone is slower ('compute'), its overheads cost more than its faster
 * work saves ('overhead'), or both.
 */
export function explainOutputs(v: Verdict, out: EstimatorOutputs, words: VerdictWords = SEED_WORDS): VerdictExplained {
  const overhead = dominantOverhead(out);
  const cpu = formatDuration(out.cpuTime);
  const compute = formatDuration(out.gpuComputeTime);
  if (v === 'gpu') {
    return {
      verdict: v,
      overhead,
      text: `${fasterBy('GPU', out.speedup)}: ${formatDuration(out.gpuTotalTime)} in all against the CPU\u2019s ${cpu}.`,
    };
  }
  const cause = cpuWinCause(out);
  let reason = '';
  if (cause === 'compute') {
    reason = `${words.alone(compute)} takes longer than the whole CPU run (${cpu})`;
  } else if (cause === 'overhead') {
    reason = `${words.works(compute)} against the CPU\u2019s ${cpu}, but ${overheadPhrase(out, overhead)} costs more than that saves`;
  } else if (cause === 'both') {
    reason = `${words.alone(compute)} and ${overheadPhrase(out, overhead)} each take longer than the whole CPU run (${cpu})`;
  }
  if (v === 'cpu') {
    const by = out.speedup > 0 ? fasterBy('CPU', 1 / out.speedup) : 'The CPU is faster';
    return { verdict: v, ...(cause ? { cause } : {}), overhead, text: `${by}: ${reason}.` };
  }
  // About even: say which side is ahead, by how much, and (when the CPU is) why.
  const ahead =
    out.speedup > 1
      ? ` The GPU is ahead by ${formatPercent((out.speedup - 1) * 100)}.`
      : out.speedup < 1
        ? ` The CPU is ahead by ${formatPercent((1 / out.speedup - 1) * 100)}: ${reason}.`
        : '';
  return { verdict: v, ...(cause ? { cause } : {}), overhead, text: `${VERDICT_TEXT.even}${ahead}` };
}

/** The verdict for these inputs with the reason the numbers give (the seed's formula). */
export function explainVerdict(inputs: EstimatorInputs, out: EstimatorOutputs = estimate(inputs)): VerdictExplained {
  return explainOutputs(verdictFor(inputs, out.speedup), out, SEED_WORDS);
}

/** Describe the break-even point in words. */
export function breakEvenText(inputs: EstimatorInputs): string {
  const be = breakEven(inputs);
  switch (be.kind) {
    case 'finite':
      return `GPU pays off above ${formatGigaOps(be.gigaOps)} (same data size and launches).`;
    case 'always':
      return 'GPU wins at every task size: it has no fixed overhead and a higher rate.';
    case 'never':
      return estimate(inputs).speedup >= 1
        ? 'No break-even: CPU and GPU have the same rate and the GPU has no overhead, so they tie at every size.'
        : 'GPU never wins: its rate is not above the CPU\u2019s, so the CPU stays ahead at every task size.';
  }
}

/**
 * The reason below the formula, for these inputs: which term makes the difference. Says
 * in general terms what a speedup below 1 can mean when there are no valid inputs.
 */
export function formulaNote(inputs: EstimatorInputs | undefined): string {
  const general =
    'A speedup below 1 means the CPU is faster: either the GPU\u2019s compute alone is slower than the CPU, or its overheads (data transfer, kernel launches) cost more than its faster compute saves, or both.';
  if (!inputs) return general;
  const out = estimate(inputs);
  const cause = cpuWinCause(out);
  if (!cause) return `${general} For your inputs the GPU is ahead: T_GPU_total is below T_CPU.`;
  const which =
    cause === 'compute'
      ? 'T_GPU_compute alone exceeds T_CPU'
      : cause === 'overhead'
        ? `T_GPU_compute is below T_CPU, but ${dominantOverhead(out) === 'launches' ? 'T_kernel_overhead' : dominantOverhead(out) === 'transfer' ? 'T_transfer' : 'T_transfer + T_kernel_overhead'} outweighs the difference`
        : 'T_GPU_compute and the overheads each exceed T_CPU on their own';
  return `${general} For your inputs: ${which}.`;
}
