/**
 * The shapes of the hardware catalog (issue #19): one entry per GPU, every figure with the
 * source it was read from and flags that say how far to trust it. Types and the flags'
 * wording only; the entries live in gpus/, their sources in sources.ts. Pure.
 */
import type { SourceId } from './sources.ts';

/**
 * How a figure departs from a plain reading of a vendor table:
 * - `sparse-halved`: the vendor quotes the figure with 2:4 structured sparsity; the catalog
 *   holds half of it, the dense rate that ordinary (dense) code can reach;
 * - `dual-issue`: the vendor's figure counts two instructions issued per clock (AMD RDNA 3),
 *   which compilers rarely achieve; the catalog keeps the vendor's figure and says so;
 * - `estimated`: the vendor publishes none; the figure is derived, and `note` says how.
 */
export const FIGURE_FLAGS = ['sparse-halved', 'dual-issue', 'estimated'] as const;
export type FigureFlag = (typeof FIGURE_FLAGS)[number];

/** The words the page shows next to a flagged figure. */
export const FLAG_TEXT: Readonly<Record<FigureFlag, string>> = {
  'sparse-halved': 'sparse figure halved',
  'dual-issue': 'dual-issue counted',
  estimated: 'estimated: vendor publishes none',
};

/** A published (or derived) number and where it came from. */
export interface Figure {
  value: number;
  source: SourceId;
  flags?: readonly FigureFlag[];
  /** How the figure was read or derived; required with `estimated` and `sparse-halved`. */
  note?: string;
}

/** A figure that does not exist (no such hardware) or that nobody publishes, and why. */
export interface NoFigure {
  value: null;
  /** A sentence: "No TF32 units (Turing)", "Apple publishes no GPU power". */
  reason: string;
  source?: SourceId;
}

export type MaybeFigure = Figure | NoFigure;

/** PCIe generations in the catalog. */
export type PcieGen = 3 | 4 | 5;

/**
 * How data reaches the GPU: a PCIe link (its per-direction rate follows from generation ×
 * lanes, see pcie.ts), or memory shared with the CPU, where no copy is needed.
 */
export type HostLink =
  | { kind: 'pcie'; gen: PcieGen; lanes: 8 | 16; source: SourceId; note?: string }
  | { kind: 'unified'; source: SourceId; note?: string };

export type Vendor = 'nvidia' | 'amd' | 'intel' | 'apple';
export type Segment = 'datacenter' | 'workstation' | 'consumer' | 'soc';

/** Keys of the typical-efficiency profiles in efficiency.ts. */
export type EfficiencyProfileId =
  | 'nvidia-hopper'
  | 'nvidia-a100-sxm'
  | 'nvidia-a100-pcie'
  | 'nvidia-datacenter'
  | 'nvidia-geforce'
  | 'amd-cdna3'
  | 'amd-cdna2'
  | 'amd-rdna3'
  | 'intel-arc'
  | 'apple';

/** One GPU as the catalog describes it. All rates in TFLOPS (10¹² FLOP/s), dense. */
export interface GpuEntry {
  /** Stable, lowercase, [a-z0-9-]: the `gpus=` URL value. */
  id: string;
  /** As the vendor names the part, with the variant: "NVIDIA H100 SXM5 80 GB". */
  name: string;
  vendor: Vendor;
  segment: Segment;
  architecture: string;
  efficiency: EfficiencyProfileId;
  /** Plain (non-tensor) FP32 FMA rate. */
  fp32: Figure;
  /** FP32 on matrix units without loss of precision (AMD CDNA); absent elsewhere. */
  fp32Matrix?: Figure;
  /** TF32 tensor rate, dense: what a float32 matmul reaches with TF32 allowed. */
  tf32: MaybeFigure;
  /** Float16 matmul rate: tensor cores, dense, FP32 accumulate (PyTorch's default) where present. */
  fp16: MaybeFigure;
  /** Bfloat16 matmul rate, as `fp16`. */
  bf16: MaybeFigure;
  /** Plain FP64 rate (non-tensor). */
  fp64: MaybeFigure;
  /** FP64 on tensor/matrix units (A100, H100, MI200/300): what DGEMM reaches. */
  fp64Tensor?: Figure;
  /** Device memory, GB as the vendor quotes it. */
  memoryGB: Figure;
  /** Device memory bandwidth, GB/s (10⁹ B/s). */
  memoryGBps: Figure;
  /** Last-level on-GPU cache the whole chip shares (L2), MB. */
  l2MB: MaybeFigure;
  hostLink: HostLink;
  /** Board power (TDP/TBP), W. */
  boardPowerW: MaybeFigure;
  /** Year the part became available. */
  year: Figure;
  /** Anything a reader should know to use the entry well. */
  notes?: readonly string[];
}

/** True for a published or derived figure, false for a missing one. */
export function hasValue(f: MaybeFigure | undefined): f is Figure {
  return f !== undefined && f.value !== null;
}
