/** The plain-text summary "Copy Results" puts on the clipboard. Pure. */
import { breakEven, verdict, type EstimatorInputs, type EstimatorOutputs } from './estimator.ts';
import { FIELDS } from './fields.ts';
import { formatDuration, formatGigaOps, formatPercent, formatSpeedup } from './format.ts';

export const VERDICT_TEXT = {
  gpu: 'The GPU is faster for this task.',
  cpu: 'The CPU is faster for this task: the GPU\u2019s overheads outweigh its speed.',
  even: 'CPU and GPU take about as long (within 10 %).',
} as const;

/** Describe the break-even point in words. */
export function breakEvenText(inputs: EstimatorInputs): string {
  const be = breakEven(inputs);
  switch (be.kind) {
    case 'finite':
      return `GPU pays off above ${formatGigaOps(be.gigaOps)} (same data size and launches).`;
    case 'always':
      return 'GPU wins at every task size: it has no fixed overhead and a higher rate.';
    case 'never':
      return 'GPU never wins: its rate is not above the CPU\u2019s, so its overhead is never paid back.';
  }
}

export function summaryText(inputs: EstimatorInputs, out: EstimatorOutputs, link?: string): string {
  const lines = ['GPU speedup estimate', '', 'Inputs'];
  for (const f of FIELDS) lines.push(`  ${f.label}: ${inputs[f.key]}`);
  lines.push(
    '',
    'Results',
    `  Estimated Speedup Factor (CPU vs. GPU): ${formatSpeedup(out.speedup)}`,
    `  CPU Calculation Time: ${formatDuration(out.cpuTime)}`,
    `  GPU Computation Time: ${formatDuration(out.gpuComputeTime)}`,
    `  Data Transfer Time: ${formatDuration(out.transferTime)}`,
    `  Total Kernel Launch Overhead: ${formatDuration(out.kernelOverhead)}`,
    `  Total GPU Overhead: ${formatDuration(out.totalOverhead)}`,
    `  Total GPU Time: ${formatDuration(out.gpuTotalTime)}`,
    `  GPU Efficiency Ratio: ${formatPercent(out.efficiency)}`,
    '',
    `Verdict: ${VERDICT_TEXT[verdict(out.speedup)]}`,
    `Break-even: ${breakEvenText(inputs)}`,
  );
  if (link) lines.push('', `Link: ${link}`);
  return lines.join('\n');
}
