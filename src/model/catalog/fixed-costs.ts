/**
 * The host copies and kernel launches of a workload on a catalog GPU: pinned or pageable
 * copies over its PCIe link (latency + size / bandwidth; none on unified memory) and the
 * per-launch cost of eager PyTorch or CUDA graphs, each measured where a probe run says so.
 * Pure.
 */
import { formatDuration } from '../shared/format.ts';
import { formatBytesSi, formatSi } from '../workloads/present.ts';
import type { MeasuredGpuRates } from './measured.ts';
import type { HostMemory, LaunchMode } from './overheads.ts';
import { COPY_LATENCY, LAUNCH_COST, PAGEABLE_COPY_FACTOR, PINNED_COPY_EFFICIENCY, copySeconds } from './overheads.ts';
import { hostLinkGBps } from './pcie.ts';
import type { RateBasis } from './rates.ts';
import type { SourceId } from './sources.ts';
import type { GpuEntry } from './types.ts';

export type CopyDirection = 'up' | 'down';

/** One direction's copies. */
export interface CopyEstimate {
  direction: CopyDirection;
  bytes: number;
  /** 0 with unified memory. */
  bytesPerSecond: number;
  latencySeconds: number;
  seconds: number;
  basis: RateBasis;
  sentence: string;
  sources: SourceId[];
}

export interface LaunchEstimate {
  count: number;
  mode: LaunchMode;
  secondsEach: number;
  seconds: number;
  basis: RateBasis;
  sentence: string;
  source: SourceId;
}

/** "25.2 GB/s". */
function rateText(bytesPerSecond: number): string {
  return formatSi(bytesPerSecond, 'B/s');
}

/**
 * One direction's copy, modelled as one transfer of all its bytes (a workload that copies
 * many separate arrays pays the latency once per array; this counts it once).
 */
export function copyEstimate(
  gpu: GpuEntry,
  direction: CopyDirection,
  bytes: number,
  memory: HostMemory,
  measured?: MeasuredGpuRates,
): CopyEstimate {
  const way = direction === 'up' ? 'host → GPU' : 'GPU → host';
  const linkGBps = hostLinkGBps(gpu.hostLink);
  if (linkGBps === undefined) {
    return {
      direction,
      bytes,
      bytesPerSecond: 0,
      latencySeconds: 0,
      seconds: 0,
      basis: 'typical',
      sentence: `Unified memory: the GPU reads and writes the host's arrays in place, no ${way} copy.`,
      sources: [gpu.hostLink.source],
    };
  }
  const latency = COPY_LATENCY[memory];
  const measuredRate =
    direction === 'up'
      ? memory === 'pinned'
        ? measured?.uploadPinnedBytesPerSecond
        : measured?.uploadPageableBytesPerSecond
      : memory === 'pageable'
        ? measured?.readbackPageableBytesPerSecond
        : undefined;
  const measuredLatency =
    memory === 'pinned' ? measured?.copyLatencyPinnedSeconds : measured?.copyLatencyPageableSeconds;
  const latencySeconds = measuredLatency ?? latency.seconds;
  const sources: SourceId[] = [];
  let bytesPerSecond: number;
  let how: string;
  if (measuredRate !== undefined && measured) {
    bytesPerSecond = measuredRate;
    how = `measured ${rateText(measuredRate)} ${memory} (${measured.label})`;
  } else {
    const pinned = linkGBps * 1e9 * PINNED_COPY_EFFICIENCY.value;
    bytesPerSecond = memory === 'pinned' ? pinned : pinned * PAGEABLE_COPY_FACTOR.value;
    how = `PCIe ${Number(linkGBps.toPrecision(3))} GB/s × ${PINNED_COPY_EFFICIENCY.value.toFixed(2)} pinned${
      memory === 'pageable' ? ` × ${PAGEABLE_COPY_FACTOR.value.toFixed(2)} pageable` : ''
    } = ${rateText(bytesPerSecond)}`;
    sources.push(PINNED_COPY_EFFICIENCY.source);
    if (memory === 'pageable') sources.push(PAGEABLE_COPY_FACTOR.source);
  }
  if (measuredLatency === undefined) sources.push(latency.source);
  const seconds = copySeconds(bytes, bytesPerSecond, latencySeconds);
  const basis: RateBasis = measuredRate !== undefined ? 'measured' : 'typical';
  const sentence =
    bytes > 0
      ? `${formatBytesSi(bytes)} ${way}: ${formatDuration(latencySeconds)} latency${measuredLatency !== undefined ? ' (measured)' : ''} + ${how}.`
      : `No ${way} copy.`;
  return { direction, bytes, bytesPerSecond, latencySeconds, seconds, basis, sentence, sources };
}

/** The launches' cost; Apple GPUs have no CUDA graphs, so they pay the eager cost either way. */
export function launchEstimate(
  gpu: GpuEntry,
  count: number,
  mode: LaunchMode,
  measured?: MeasuredGpuRates,
): LaunchEstimate {
  const effectiveMode: LaunchMode = gpu.vendor === 'apple' ? 'eager' : mode;
  const typical = LAUNCH_COST[effectiveMode];
  const measuredEach = effectiveMode === 'eager' ? measured?.launchSeconds : undefined;
  const secondsEach = measuredEach ?? typical.seconds;
  const what = effectiveMode === 'eager' ? 'eager launch' : 'kernel in a replayed CUDA graph';
  const apple = gpu.vendor === 'apple' && mode !== 'eager' ? ' (no CUDA graphs on Apple GPUs: eager cost)' : '';
  const how =
    measuredEach !== undefined && measured
      ? `measured ${formatDuration(secondsEach)} per ${what} (${measured.label})`
      : `${formatDuration(secondsEach)} per ${what}, typical`;
  return {
    count,
    mode: effectiveMode,
    secondsEach,
    seconds: count * secondsEach,
    basis: measuredEach !== undefined ? 'measured' : 'typical',
    sentence: `${count.toLocaleString('en-US')} launch${count === 1 ? '' : 'es'} × ${how}${apple}.`,
    source: typical.source,
  };
}
