/**
 * The catalog: every GPU entry, one line each, in the order the page lists them (data
 * centre, workstation, consumer by vendor, Apple), and lookup by id. Adding a GPU is one
 * definition in gpus/ and one line here. Pure.
 */
import { ARC_A770 } from './gpus/intel.ts';
import { M1_MAX, M2_MAX, M3_MAX, M3_PRO, M4, M4_MAX, M4_PRO } from './gpus/apple.ts';
import { MI210, MI300X, RX_7900_XT, RX_7900_XTX } from './gpus/amd.ts';
import { A10, L4, L40S, P100, RTX_A6000, T4, V100 } from './gpus/nvidia-datacenter.ts';
import {
  RTX_3060,
  RTX_3080,
  RTX_3090,
  RTX_4060,
  RTX_4060_TI,
  RTX_4070,
  RTX_4080,
  RTX_4090,
  RTX_5090,
} from './gpus/nvidia-geforce.ts';
import {
  A100_40_PCIE,
  A100_40_SXM,
  A100_80_PCIE,
  A100_80_SXM,
  H100_PCIE,
  H100_SXM,
  H200,
} from './gpus/nvidia-hopper-ampere.ts';
import type { GpuEntry } from './types.ts';

export const GPU_CATALOG: readonly GpuEntry[] = Object.freeze([
  H200,
  H100_SXM,
  H100_PCIE,
  A100_80_SXM,
  A100_40_SXM,
  A100_80_PCIE,
  A100_40_PCIE,
  L40S,
  L4,
  A10,
  T4,
  V100,
  P100,
  MI300X,
  MI210,
  RTX_A6000,
  RTX_5090,
  RTX_4090,
  RTX_4080,
  RTX_4070,
  RTX_4060_TI,
  RTX_4060,
  RTX_3090,
  RTX_3080,
  RTX_3060,
  RX_7900_XTX,
  RX_7900_XT,
  ARC_A770,
  M4_MAX,
  M4_PRO,
  M4,
  M3_MAX,
  M3_PRO,
  M2_MAX,
  M1_MAX,
]);

const BY_ID: ReadonlyMap<string, GpuEntry> = new Map(GPU_CATALOG.map((g) => [g.id, g]));

/** Every id, in catalog order. */
export const GPU_IDS: readonly string[] = GPU_CATALOG.map((g) => g.id);

/** The entry for `id`, or undefined when the catalog has none (ids are exact: lowercase). */
export function gpuById(id: string): GpuEntry | undefined {
  return BY_ID.get(id);
}
