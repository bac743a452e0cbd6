/**
 * The answer's figures as the page shows them: one registry of output names (the
 * `data-output` contract of issues #2 and #12, kept together by issue #17), and for an
 * answer the value each element carries and the text it shows. Every element that shows a
 * figure takes both from here, so two copies of one name can never differ. Pure.
 *
 * The `data-value` contract (README, "The answer's outputs"):
 * - times in seconds, the speedup as a ratio, the efficiency in percent;
 * - `breakEven` in Giga-operations, `breakEvenSize` in the axis unit (`data-unit`); when
 *   there is no such size the value is empty and `data-kind` says why: `always` (the GPU
 *   wins at every size) or `never` (at none). Never `Infinity`, never `NaN`;
 * - `cpuBound`, `gpuBound`: `compute` or `memory`;
 * - `flops`, `deviceBytes`, `hostBytes` in FLOPs and bytes, `launches` a count,
 *   `intensity` in FLOPs per byte; `deviceBytes` and `intensity` are empty for a custom
 *   task, which counts no device traffic;
 * - `speedupRange` carries `data-low` and `data-high` (ratios) and no value.
 */
import { formatDuration, formatGigaOps, formatPercent, formatSpeedup, sig3 } from '../shared/format.ts';
import { formatBytesSi, formatFlops } from '../workloads/present.ts';
import type { Bound } from '../workloads/roofline.ts';
import type { Answer, AnswerBreakEven } from './answer.ts';
import { CUSTOM_SIZE_UNIT } from './answer.ts';

export const ANSWER_OUTPUT_NAMES = [
  'speedup',
  'speedupRange',
  'cpuTime',
  'gpuTime',
  'gpuComputeTime',
  'transferTime',
  'kernelOverhead',
  'totalOverhead',
  'gpuTotalTime',
  'efficiency',
  'cpuBound',
  'gpuBound',
  'breakEven',
  'breakEvenSize',
  'flops',
  'deviceBytes',
  'hostBytes',
  'launches',
  'intensity',
] as const;

export type AnswerOutputName = (typeof ANSWER_OUTPUT_NAMES)[number];

/** One figure: what `data-value` (and the other data attributes) carry, and what a person reads. */
export interface OutputValue {
  value: string;
  text: string;
  /** `breakEven`, `breakEvenSize`: finite, always or never. */
  kind?: AnswerBreakEven['kind'];
  /** `breakEvenSize`: the axis unit. */
  unit?: string;
  /** `speedupRange`: its ends. */
  low?: string;
  high?: string;
}

/** Titles and one-line hints, the seed page's where it has one. */
export const OUTPUT_LABELS: Readonly<Record<AnswerOutputName, { title: string; hint: string }>> = {
  speedup: {
    title: 'Estimated Speedup Factor (CPU vs. GPU)',
    hint: 'CPU time ÷ total GPU time; above 1 the GPU wins.',
  },
  speedupRange: { title: 'Measured spread', hint: 'The speedup at the p10 and p90 of every measured input.' },
  cpuTime: { title: 'CPU Calculation Time', hint: 'Your baseline.' },
  gpuTime: { title: 'GPU time', hint: 'Everything the GPU path takes.' },
  gpuComputeTime: { title: 'GPU Computation Time', hint: 'GPU time with no overheads.' },
  transferTime: { title: 'Data Transfer Time', hint: 'Moving the data to and from the GPU.' },
  kernelOverhead: { title: 'Total Kernel Launch Overhead', hint: 'Launch cost × launches.' },
  totalOverhead: { title: 'Total GPU Overhead', hint: 'Transfer + launches.' },
  gpuTotalTime: { title: 'Total GPU Time', hint: 'What the GPU path really takes.' },
  efficiency: { title: 'GPU Efficiency Ratio', hint: 'Share of the GPU’s peak left after overheads.' },
  cpuBound: { title: 'CPU bound', hint: 'The roof that holds most of the CPU’s time.' },
  gpuBound: { title: 'GPU bound', hint: 'The roof that holds most of the GPU kernels’ time.' },
  breakEven: { title: 'Break-even task size', hint: 'In operations, data and launches held fixed.' },
  breakEvenSize: { title: 'Break-even size', hint: 'Along your code’s own size.' },
  flops: { title: 'Floating-point operations', hint: 'One multiply-add counts 2.' },
  deviceBytes: { title: 'Device-memory traffic', hint: 'Bytes the kernels read and write.' },
  hostBytes: { title: 'Host ↔ device copies', hint: 'Bytes copied to and from the GPU.' },
  launches: { title: 'Kernel launches', hint: 'GPU kernels started.' },
  intensity: { title: 'Arithmetic intensity', hint: 'FLOPs per byte of device traffic.' },
};

/** 'compute-bound' / 'memory-bound'. */
export function boundWords(bound: Bound): string {
  return bound === 'memory' ? 'memory-bound' : 'compute-bound';
}

/**
 * A size exactly as it is ("512", "31,250,001"), never rounded: whole numbers with
 * thousands separators; a custom task's size (Giga-operations, not whole) to three figures
 * with its unit, as the seed page writes it.
 */
export function exactSize(size: number, unit: string): string {
  if (!Number.isFinite(size) || size < 0) return '—';
  if (unit === CUSTOM_SIZE_UNIT) return formatGigaOps(size);
  const digits = Number.isInteger(size)
    ? size.toLocaleString('en-US')
    : size.toLocaleString('en-US', { maximumFractionDigits: 6 });
  return unit === 'n' ? `n = ${digits}` : `${digits} ${unitWord(size, unit)}`;
}

/** "1 element", "2 elements": the axis units are plural nouns. */
function unitWord(size: number, unit: string): string {
  return size === 1 && unit.endsWith('s') ? unit.slice(0, -1) : unit;
}

/** The break-even in a few words: "n = 700", "any size", "none". */
export function breakEvenShortText(be: AnswerBreakEven): string {
  if (be.kind === 'finite') return exactSize(be.size, be.unit);
  return be.kind === 'always' ? 'any size' : 'none';
}

/**
 * The break-even as a sentence along the description's own axis: "The GPU wins from
 * n = 700; below that the CPU is as fast or faster."
 */
export function breakEvenSentence(be: AnswerBreakEven, speedup: number): string {
  const unitAfter = (n: number) => (be.unit === 'n' ? '' : ` ${unitWord(n, be.unit)}`);
  switch (be.kind) {
    case 'finite':
      return `The GPU wins from ${exactSize(be.size, be.unit)} up; below that the CPU is as fast or faster.`;
    case 'always':
      return be.minSize === undefined
        ? 'The GPU wins at every size: it has no fixed overhead and a higher rate.'
        : `The GPU wins at every size, from ${be.unit === 'n' ? 'n = ' : ''}${be.minSize.toLocaleString('en-US')}${unitAfter(be.minSize)} up.`;
    case 'never':
      if (be.maxSize === undefined) {
        return speedup >= 1
          ? 'No break-even: CPU and GPU have the same rate and the GPU has no overhead, so they tie at every size.'
          : 'The GPU never wins: its rate is not above the CPU’s, so the CPU stays ahead at every size.';
      }
      return `The GPU wins at no size up to ${be.unit === 'n' ? 'n = ' : ''}${be.maxSize.toLocaleString('en-US')}${unitAfter(be.maxSize)} with these rates.`;
  }
}

const num = (n: number): string => String(n);

/** Every output of the answer: value and text. */
export function answerOutputs(a: Answer): Record<AnswerOutputName, OutputValue> {
  const o = a.outputs;
  const time = (s: number): OutputValue => ({ value: num(s), text: formatDuration(s) });
  const be = a.breakEven;
  const breakEven: OutputValue =
    be.kind === 'finite'
      ? { value: num(be.gigaOps), text: formatGigaOps(be.gigaOps), kind: 'finite' }
      : { value: '', text: be.kind === 'always' ? 'none: GPU always wins' : 'none: GPU never wins', kind: be.kind };
  const breakEvenSize: OutputValue = {
    value: be.kind === 'finite' ? num(be.size) : '',
    text: breakEvenShortText(be),
    kind: be.kind,
    unit: be.unit,
  };
  const c = a.counts;
  const range = a.range;
  return {
    speedup: { value: num(o.speedup), text: formatSpeedup(o.speedup) },
    speedupRange: range
      ? {
          value: '',
          text: `${formatSpeedup(range.low)} – ${formatSpeedup(range.high)}`,
          low: num(range.low),
          high: num(range.high),
        }
      : { value: '', text: '—' },
    cpuTime: time(o.cpuTime),
    gpuTime: time(o.gpuTotalTime),
    gpuComputeTime: time(o.gpuComputeTime),
    transferTime: time(o.transferTime),
    kernelOverhead: time(o.kernelOverhead),
    totalOverhead: time(o.totalOverhead),
    gpuTotalTime: time(o.gpuTotalTime),
    efficiency: { value: num(o.efficiency), text: formatPercent(o.efficiency) },
    cpuBound: { value: a.cpuBound, text: boundWords(a.cpuBound) },
    gpuBound: { value: a.gpuBound, text: boundWords(a.gpuBound) },
    breakEven,
    breakEvenSize,
    flops: { value: num(c.flops), text: formatFlops(c.flops) },
    deviceBytes:
      c.deviceBytes === undefined
        ? { value: '', text: 'not counted' }
        : { value: num(c.deviceBytes), text: formatBytesSi(c.deviceBytes) },
    hostBytes: { value: num(c.hostBytes), text: formatBytesSi(c.hostBytes) },
    launches: { value: num(c.launches), text: c.launches.toLocaleString('en-US') },
    intensity:
      c.intensity === undefined
        ? { value: '', text: 'not counted' }
        : { value: num(c.intensity), text: `${sig3(c.intensity)} FLOPs/byte` },
  };
}
