/**
 * PCIe link rates: what a catalog entry's host link can carry per direction. One place for
 * the arithmetic, so an entry says only "Gen 4 × 16". Pure.
 */
import type { HostLink, PcieGen } from './types.ts';

/**
 * Transfers per second per lane by generation (8, 16, 32 GT/s; PCI-SIG). Gen 3 and later
 * encode 128 bits in 130, so one lane carries GT/s × 128/130 / 8 bytes per second per
 * direction: 0.985, 1.97 and 3.94 GB/s.
 */
const GIGATRANSFERS_PER_LANE: Readonly<Record<PcieGen, number>> = { 3: 8, 4: 16, 5: 32 };

/** One lane's rate per direction, GB/s (10⁹ B/s). */
export function pcieLaneGBps(gen: PcieGen): number {
  return (GIGATRANSFERS_PER_LANE[gen] * 128) / 130 / 8;
}

/** A link's rate per direction, GB/s: Gen 4 × 16 gives 31.5. */
export function pcieGBps(gen: PcieGen, lanes: number): number {
  return pcieLaneGBps(gen) * lanes;
}

/** The host link's rate per direction in GB/s; undefined for unified memory (no copy). */
export function hostLinkGBps(link: HostLink): number | undefined {
  return link.kind === 'pcie' ? pcieGBps(link.gen, link.lanes) : undefined;
}

/** "PCIe Gen 4 × 16, 31.5 GB/s per direction" or "unified memory: no copy". */
export function hostLinkText(link: HostLink): string {
  if (link.kind === 'unified') return 'unified memory: no copy';
  return `PCIe Gen ${link.gen} × ${link.lanes}, ${Number(pcieGBps(link.gen, link.lanes).toPrecision(3))} GB/s per direction`;
}
