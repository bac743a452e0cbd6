/**
 * "Which GPU would pay off?" (issue #19, point 3): the described workload on each chosen
 * device against one chosen CPU — the GPU time and where it goes (compute, memory, copies,
 * launches), the roof that binds, the speedup, the break-even along the workload's own size
 * axis, what each figure rests on and the warnings that apply — and the time of every
 * device along that axis for one chart. Catalog GPUs use the catalog estimate
 * (estimate.ts); this machine, a typed GPU and a measured GPU the catalog lacks use the
 * roofline (workloads/roofline.ts) with their own figures, as the answer does. A device
 * that gives no time (over capacity, a type it cannot run, a field to fix) says why and
 * has no time, no speedup and no break-even. Pure.
 */
import type { AnswerBreakEven, GpuTimeSplit } from '../answer/answer.ts';
import { formatDuration } from '../shared/format.ts';
import { breakEvenAlong, sizeAxis, sizeRange, type SizeAxis, type SizeBreakEven } from '../workloads/break-even.ts';
import { workloadCounts, type WorkloadCounts } from '../workloads/counts.ts';
import type { MachineRates } from '../workloads/precision.ts';
import { formatBytesSi, formatSi } from '../workloads/present.ts';
import { estimateWorkload, type Bound, type GpuRoofline } from '../workloads/roofline.ts';
import { DTYPE_LABELS, type Workload } from '../workloads/types.ts';
import { workingSetBytes } from './capacity.ts';
import type { CompareDevice, CpuSide } from './compare-devices.ts';
import { estimateOnGpu, estimateSeconds, type DeviceEstimate } from './estimate.ts';
import type { EstimateOptions, RateBasis } from './rates.ts';
import { sourceOf, type Source } from './sources.ts';
import { machineTimingFromRoofline, pitfallsFor, type Pitfall } from './warnings.ts';

/** A figure the row's time rests on, with where it came from. */
export interface RowFigure {
  sentence: string;
  basis: RateBasis | 'typed' | 'this-machine';
  sources: Source[];
}

/** Why a row has no time. */
export interface NoTime {
  reason: 'over-capacity' | 'unsupported' | 'invalid';
  message: string;
}

export interface CompareRow {
  id: string;
  kind: CompareDevice['kind'];
  name: string;
  /** What the figures are: "rated × typical efficiency", "measured (…)", "typed: …", or this machine's label. */
  basisText: string;
  /** The device's time for the workload; undefined with `noTime`. */
  time: { gpuSeconds: number; split: GpuTimeSplit; bound: Bound; speedup: number } | undefined;
  noTime: NoTime | undefined;
  cpuSeconds: number;
  /** Along the workload's axis; undefined when the device gives no time at the workload's own size. */
  breakEven: AnswerBreakEven | undefined;
  used: RowFigure[];
  /**
   * Which efficiency (or figure) the time rests on and why, in a sentence per kernel kind:
   * the rate of the roof that binds it ("FP32 rated 67 TFLOPS × 0.80, a large plain-FP32
   * matmul"). Every figure with its sources is in `used`.
   */
  why: string[];
  /** The entry's source (a catalog GPU's vendor page), when the row has one. */
  source: Source | undefined;
  pitfalls: Pitfall[];
  notes: string[];
  /** GPU seconds at each of the result's `sizes`; null where it gives no time. */
  curve: (number | null)[];
}

export interface CompareInput {
  workload: Workload;
  /** This machine's rates, exactly as the answer uses them. */
  machine: MachineRates;
  cpu: CpuSide;
  devices: readonly CompareDevice[];
  options: EstimateOptions;
  /** What this machine's figures are, as the answer says it ("measured in this browser"). */
  thisMachineBasis: string;
}

export interface CompareResult {
  axisLabel: string;
  unit: string;
  /** The workload's own position on the axis. */
  current: number;
  /** Sizes of the chart, ascending, the current one included. */
  sizes: number[];
  /** CPU seconds at each size. */
  cpuCurve: number[];
  cpu: CpuSide;
  /** The chosen CPU's time for the workload itself. */
  cpuSeconds: number;
  rows: CompareRow[];
}

/** Chart points per decade of the axis. */
const CHART_PER_DECADE = 6;

/** The chart's sizes along `axis`: log-spaced, whole on integer axes, plus the current size. */
export function chartSizes(axis: SizeAxis, perDecade = CHART_PER_DECADE): number[] {
  const { min, max } = sizeRange(axis);
  const steps = Math.max(1, Math.round(Math.log10(max / min) * perDecade));
  const sizes = new Set<number>();
  for (let i = 0; i <= steps; i++) {
    const s = min * (max / min) ** (i / steps);
    sizes.add(axis.integer ? Math.round(s) : Number(s.toPrecision(12)));
  }
  sizes.add(axis.current);
  return [...sizes].sort((a, b) => a - b);
}

/** A size break-even as the answer writes it (with the operations at that size). */
function asAnswerBreakEven(be: SizeBreakEven, axis: SizeAxis): AnswerBreakEven {
  if (be.kind === 'finite') {
    return { kind: 'finite', size: be.size, unit: be.unit, gigaOps: workloadCounts(axis.at(be.size)).flops / 1e9 };
  }
  return be.kind === 'always'
    ? { kind: 'always', minSize: be.minSize, unit: be.unit }
    : { kind: 'never', maxSize: be.maxSize, unit: be.unit };
}

/** Kernel seconds split by the roof that binds each kernel. */
function rooflineSplit(g: GpuRoofline): GpuTimeSplit {
  let compute = 0;
  let memory = 0;
  for (const k of g.kernels) {
    if (k.bound === 'compute') compute += k.totalSeconds;
    else memory += k.totalSeconds;
  }
  return { compute, memory, copies: g.transferSeconds, launches: g.launchSeconds };
}

/** The GPU side of a roofline device at `w`. */
function rooflineGpu(w: Workload, machine: MachineRates): GpuRoofline {
  return estimateWorkload(w, machine).roofline.gpu;
}

/** The sentences behind a roofline row's rates, prefixed by what they are. */
function rooflineFigures(w: Workload, machine: MachineRates, basis: RowFigure['basis'], what: string): RowFigure[] {
  const r = estimateWorkload(w, machine).dtypeRates;
  const rates = r.rates;
  const fig = (sentence: string): RowFigure => ({ sentence, basis, sources: [] });
  return [
    fig(
      `${what}: ${DTYPE_LABELS[w.dtype]} ${formatSi(rates.gpuFlopsPerSecond, 'FLOPS')}${r.gpuFlopsSource === 'derived' ? ' (derived from float32)' : ''}, memory ${formatSi(rates.gpuMemoryBytesPerSecond, 'B/s')}`,
    ),
    fig(
      `Copies at ${formatSi(rates.transferBytesPerSecond, 'B/s')}; ${formatDuration(rates.launchOverheadSeconds)} per launch`,
    ),
  ];
}

/** Everything about one device but the break-even and the curve. */
interface DeviceResult {
  basisText: string;
  time: CompareRow['time'];
  noTime: NoTime | undefined;
  used: RowFigure[];
  why: string[];
  source: Source | undefined;
  pitfalls: Pitfall[];
  notes: string[];
  /** GPU seconds at a size on the axis (undefined: no time there). */
  gpuAt: ((size: number) => number | undefined) | undefined;
}

function catalogResult(
  d: Extract<CompareDevice, { kind: 'catalog' }>,
  input: CompareInput,
  counts: WorkloadCounts,
  cpuSeconds: number,
  axis: SizeAxis,
): DeviceResult {
  const { workload: w, options } = input;
  const e: DeviceEstimate = estimateOnGpu(d.gpu, counts, w.dtype, options, d.measured);
  const device = d.measured
    ? { kind: 'catalog' as const, gpu: d.gpu, measured: d.measured }
    : { kind: 'catalog' as const, gpu: d.gpu };
  const pitfalls = pitfallsFor({ dtype: w.dtype, counts, device, estimate: e, options });
  const gpuAt = (size: number) =>
    estimateSeconds(estimateOnGpu(d.gpu, workloadCounts(axis.at(size)), w.dtype, options, d.measured));
  const source = sourceOf(d.gpu.fp32.source);
  if (e.kind !== 'estimate') {
    return {
      basisText: d.measured
        ? 'measured where the probe run measured, rated × typical efficiency elsewhere'
        : 'rated × typical efficiency',
      time: undefined,
      noTime: { reason: e.kind, message: e.message },
      used: [],
      why: [],
      source,
      pitfalls,
      notes: [],
      gpuAt,
    };
  }
  const b = e.breakdown;
  return {
    basisText: e.basisText,
    time: {
      gpuSeconds: e.totalSeconds,
      split: { compute: b.computeSeconds, memory: b.memorySeconds, copies: b.copySeconds, launches: b.launchSeconds },
      bound: e.bound,
      speedup: cpuSeconds / e.totalSeconds,
    },
    noTime: undefined,
    // A figure may cite one source twice (a pageable copy's rate and its latency): once is enough.
    used: e.used.map((u) => ({ sentence: u.sentence, basis: u.basis, sources: [...new Set(u.sources)].map(sourceOf) })),
    why: [...new Set(e.kernels.map((k) => (k.bound === 'compute' ? k.compute.sentence : k.memory.sentence)))],
    source,
    pitfalls,
    notes: e.notes,
    gpuAt,
  };
}

function rooflineResult(
  d: Extract<CompareDevice, { kind: 'this-machine' | 'rates' }>,
  input: CompareInput,
  counts: WorkloadCounts,
  cpuSeconds: number,
  axis: SizeAxis,
): DeviceResult {
  const { workload: w, options } = input;
  const machine: MachineRates = d.kind === 'this-machine' ? input.machine : { ...input.machine, ...d.rates };
  const g = rooflineGpu(w, machine);
  const basisText = d.kind === 'this-machine' ? input.thisMachineBasis : d.basisText;
  const basis: RowFigure['basis'] =
    d.kind === 'this-machine' ? 'this-machine' : d.origin === 'typed' ? 'typed' : 'measured';
  const what = d.kind === 'this-machine' ? 'This machine' : d.origin === 'typed' ? 'As typed' : 'Measured';
  const memory = d.gpu.memoryBytes;
  const fits = (c: Pick<WorkloadCounts, 'kernels'>) => memory === undefined || workingSetBytes(c) <= memory;
  const gpuAt = (size: number) => {
    const at = axis.at(size);
    return fits(workloadCounts(at)) ? rooflineGpu(at, machine).totalSeconds : undefined;
  };
  const timing = machineTimingFromRoofline(g);
  const pitfalls = pitfallsFor({ dtype: w.dtype, counts, device: d.gpu, estimate: timing, options });
  const used = rooflineFigures(w, machine, basis, what);
  if (!fits(counts) && memory !== undefined) {
    const ws = workingSetBytes(counts);
    return {
      basisText,
      time: undefined,
      noTime: {
        reason: 'over-capacity',
        message: `The working set, ${formatBytesSi(ws)} (the largest kernel's operands, resident at once), exceeds the ${formatBytesSi(memory)} of memory: it does not fit, so no time is given.`,
      },
      used,
      why: [],
      source: undefined,
      pitfalls,
      notes: [],
      gpuAt,
    };
  }
  return {
    basisText,
    time: {
      gpuSeconds: g.totalSeconds,
      split: rooflineSplit(g),
      bound: g.bound,
      speedup: g.totalSeconds > 0 ? cpuSeconds / g.totalSeconds : 1,
    },
    noTime: undefined,
    used,
    why: used.slice(0, 1).map((u) => u.sentence),
    source: undefined,
    pitfalls,
    notes: [],
    gpuAt,
  };
}

/** The comparison of `input`'s devices on its workload against its CPU. */
export function compareDevicesOn(input: CompareInput): CompareResult {
  const w = input.workload;
  const axis = sizeAxis(w);
  const counts = workloadCounts(w);
  const cpuMachine: MachineRates = { ...input.machine, ...input.cpu.rates };
  // The CPU time at a size is the same for every device: computed once per size.
  const cpuCache = new Map<number, number>();
  const cpuAt = (size: number): number => {
    let t = cpuCache.get(size);
    if (t === undefined) {
      t = estimateWorkload(axis.at(size), cpuMachine).roofline.cpu.totalSeconds;
      cpuCache.set(size, t);
    }
    return t;
  };
  const cpuSeconds = estimateWorkload(w, cpuMachine).roofline.cpu.totalSeconds;
  const sizes = chartSizes(axis);
  // The current point is the user's own shape, not a resized one (a non-square matmul stays non-square).
  const at = (size: number): number => (size === axis.current ? cpuSeconds : cpuAt(size));
  const cpuCurve = sizes.map(at);
  const rows = input.devices.map((d): CompareRow => {
    if (d.kind === 'invalid') {
      return {
        id: d.id,
        kind: d.kind,
        name: d.name,
        basisText: d.id === 'typed' ? 'typed: your figures, used as given' : 'measured',
        time: undefined,
        noTime: { reason: 'invalid', message: d.message },
        cpuSeconds,
        breakEven: undefined,
        used: [],
        why: [],
        source: undefined,
        pitfalls: [],
        notes: [],
        curve: sizes.map(() => null),
      };
    }
    const r =
      d.kind === 'catalog'
        ? catalogResult(d, input, counts, cpuSeconds, axis)
        : rooflineResult(d, input, counts, cpuSeconds, axis);
    const gpuAt = r.gpuAt;
    const breakEven =
      r.time && gpuAt
        ? asAnswerBreakEven(
            breakEvenAlong(axis, (size) => {
              const g = gpuAt(size);
              return g !== undefined && g < cpuAt(size);
            }),
            axis,
          )
        : undefined;
    const curve = sizes.map((size) => {
      if (size === axis.current) return r.time?.gpuSeconds ?? null;
      return gpuAt?.(size) ?? null;
    });
    return {
      id: d.id,
      kind: d.kind,
      name: d.name,
      basisText: r.basisText,
      time: r.time,
      noTime: r.noTime,
      cpuSeconds,
      breakEven,
      used: r.used,
      why: r.why,
      source: r.source,
      pitfalls: r.pitfalls,
      notes: r.notes,
      curve,
    };
  });
  return {
    axisLabel: axis.label,
    unit: axis.unit,
    current: axis.current,
    sizes,
    cpuCurve,
    cpu: input.cpu,
    cpuSeconds,
    rows,
  };
}
