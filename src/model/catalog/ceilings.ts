/**
 * The largest rated figures in the catalog, in base units: what no real device exceeds.
 * Issue #19 (point 7) refuses an imported measurement "beyond any device in the catalog by a
 * wide margin"; this is the "any device" side of that test, derived from the entries so a
 * new, faster GPU raises it by itself. Pure.
 */
import { hostLinkGBps } from './pcie.ts';
import { GPU_CATALOG } from './registry.ts';
import type { GpuEntry, MaybeFigure } from './types.ts';

export interface CatalogCeilings {
  /** Fastest rated matmul rate of any kind (tensor, matrix or vector), FLOP/s. */
  flopsPerSecond: number;
  /** Fastest rated FP32 vector rate, FLOP/s. */
  fp32FlopsPerSecond: number;
  /** Fastest device memory, B/s. */
  deviceBytesPerSecond: number;
  /** Fastest host link per direction, B/s. */
  hostLinkBytesPerSecond: number;
  /** Largest device memory, bytes. */
  memoryBytes: number;
}

function v(f: MaybeFigure | undefined): number {
  return f && f.value !== null ? f.value : 0;
}

/** The ceilings of `entries` (the catalog by default). */
export function catalogCeilings(entries: readonly GpuEntry[] = GPU_CATALOG): CatalogCeilings {
  let flops = 0;
  let fp32 = 0;
  let memBw = 0;
  let link = 0;
  let mem = 0;
  for (const g of entries) {
    flops = Math.max(flops, v(g.fp32), v(g.fp32Matrix), v(g.tf32), v(g.fp16), v(g.bf16), v(g.fp64Tensor));
    fp32 = Math.max(fp32, v(g.fp32));
    memBw = Math.max(memBw, v(g.memoryGBps));
    link = Math.max(link, hostLinkGBps(g.hostLink) ?? 0);
    mem = Math.max(mem, v(g.memoryGB));
  }
  return {
    flopsPerSecond: flops * 1e12,
    fp32FlopsPerSecond: fp32 * 1e12,
    deviceBytesPerSecond: memBw * 1e9,
    hostLinkBytesPerSecond: link * 1e9,
    memoryBytes: mem * 1e9,
  };
}
