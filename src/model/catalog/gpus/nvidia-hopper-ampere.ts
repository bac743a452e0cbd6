/**
 * NVIDIA Hopper and A100 data-centre GPUs. NVIDIA's H100/H200 pages quote tensor rates with
 * sparsity only ("* With sparsity"), so those are halved; the A100 datasheet gives dense and
 * sparse side by side, and the dense ones are taken as published. Pure data.
 */
import type { GpuEntry } from '../types.ts';
import { dense, fig, sparseHalved } from './figures.ts';

const HOPPER_L2 = fig(
  50,
  'nvidia-hopper-whitepaper',
  'Table 3 of the Hopper whitepaper: 50 MB L2 (H100 SXM5 and PCIe).',
);
const A100_L2 = fig(40, 'nvidia-ampere-whitepaper', 'A100 has 40 MB of L2 (Ampere whitepaper, Table 3).');

export const H200: GpuEntry = {
  id: 'h200',
  name: 'NVIDIA H200 SXM 141 GB',
  vendor: 'nvidia',
  segment: 'datacenter',
  architecture: 'Hopper',
  efficiency: 'nvidia-hopper',
  fp32: fig(67, 'nvidia-h200'),
  tf32: sparseHalved(989, 'nvidia-h200'),
  fp16: sparseHalved(1979, 'nvidia-h200'),
  bf16: sparseHalved(1979, 'nvidia-h200'),
  fp64: fig(34, 'nvidia-h200'),
  fp64Tensor: fig(67, 'nvidia-h200'),
  memoryGB: fig(141, 'nvidia-h200'),
  memoryGBps: fig(4800, 'nvidia-h200'),
  l2MB: { ...HOPPER_L2, note: 'The same GH100 die as H100 SXM: 50 MB L2 (Hopper whitepaper).' },
  hostLink: {
    kind: 'pcie',
    gen: 5,
    lanes: 16,
    source: 'nvidia-h200',
    note: '"PCIe Gen5: 128 GB/s" (both directions).',
  },
  boardPowerW: fig(700, 'nvidia-h200', 'Up to 700 W (configurable).'),
  year: fig(2024, 'nvidia-h200'),
};

export const H100_SXM: GpuEntry = {
  id: 'h100-sxm',
  name: 'NVIDIA H100 SXM5 80 GB',
  vendor: 'nvidia',
  segment: 'datacenter',
  architecture: 'Hopper',
  efficiency: 'nvidia-hopper',
  fp32: fig(67, 'nvidia-h100'),
  tf32: sparseHalved(989, 'nvidia-h100'),
  fp16: sparseHalved(1979, 'nvidia-h100'),
  bf16: sparseHalved(1979, 'nvidia-h100'),
  fp64: fig(34, 'nvidia-h100'),
  fp64Tensor: fig(67, 'nvidia-h100'),
  memoryGB: fig(80, 'nvidia-h100'),
  memoryGBps: fig(3350, 'nvidia-h100'),
  l2MB: HOPPER_L2,
  hostLink: {
    kind: 'pcie',
    gen: 5,
    lanes: 16,
    source: 'nvidia-h100',
    note: '"PCIe Gen5: 128 GB/s" (both directions).',
  },
  boardPowerW: fig(700, 'nvidia-h100', 'Up to 700 W (configurable).'),
  year: fig(2022, 'nvidia-hopper-whitepaper', 'Announced March 2022, shipping from the third quarter of 2022.'),
};

export const H100_PCIE: GpuEntry = {
  id: 'h100-pcie',
  name: 'NVIDIA H100 PCIe 80 GB',
  vendor: 'nvidia',
  segment: 'datacenter',
  architecture: 'Hopper',
  efficiency: 'nvidia-hopper',
  fp32: fig(51, 'nvidia-h100'),
  tf32: sparseHalved(756, 'nvidia-h100'),
  fp16: sparseHalved(1513, 'nvidia-h100'),
  bf16: sparseHalved(1513, 'nvidia-h100'),
  fp64: fig(26, 'nvidia-h100'),
  fp64Tensor: fig(51, 'nvidia-h100'),
  memoryGB: fig(80, 'nvidia-h100'),
  memoryGBps: fig(2000, 'nvidia-h100'),
  l2MB: HOPPER_L2,
  hostLink: { kind: 'pcie', gen: 5, lanes: 16, source: 'nvidia-h100' },
  boardPowerW: fig(350, 'nvidia-h100', '300–350 W (configurable); the upper figure.'),
  year: fig(2022, 'nvidia-hopper-whitepaper', 'PCIe boards shipped from October 2022.'),
  notes: ["NVIDIA's page now lists H100 NVL (94 GB) in this column; these are the H100 PCIe datasheet figures."],
};

/** The four A100 boards differ in memory, bandwidth and power only. */
function a100(
  id: string,
  name: string,
  form: 'sxm' | 'pcie',
  memoryGB: number,
  memoryGBps: number,
  powerW: number,
): GpuEntry {
  return {
    id,
    name,
    vendor: 'nvidia',
    segment: 'datacenter',
    architecture: 'Ampere (GA100)',
    efficiency: form === 'sxm' ? 'nvidia-a100-sxm' : 'nvidia-a100-pcie',
    fp32: fig(19.5, 'nvidia-a100-datasheet'),
    tf32: dense(156, 312, 'nvidia-a100-datasheet'),
    fp16: dense(312, 624, 'nvidia-a100-datasheet'),
    bf16: dense(312, 624, 'nvidia-a100-datasheet'),
    fp64: fig(9.7, 'nvidia-a100-datasheet'),
    fp64Tensor: fig(19.5, 'nvidia-a100-datasheet'),
    memoryGB: fig(memoryGB, 'nvidia-a100-datasheet'),
    memoryGBps: fig(memoryGBps, 'nvidia-a100-datasheet'),
    l2MB: A100_L2,
    hostLink: { kind: 'pcie', gen: 4, lanes: 16, source: 'nvidia-a100-datasheet', note: '"PCIe Gen4: 64 GB/s".' },
    boardPowerW: fig(powerW, 'nvidia-a100-datasheet'),
    year: fig(2020, 'nvidia-ampere-whitepaper', 'Announced May 2020; the 80 GB parts from November 2020.'),
  };
}

export const A100_80_SXM = a100('a100-80-sxm', 'NVIDIA A100 SXM4 80 GB', 'sxm', 80, 2039, 400);
export const A100_40_SXM = a100('a100-40-sxm', 'NVIDIA A100 SXM4 40 GB', 'sxm', 40, 1555, 400);
export const A100_80_PCIE = a100('a100-80-pcie', 'NVIDIA A100 PCIe 80 GB', 'pcie', 80, 1935, 300);
export const A100_40_PCIE = a100('a100-40-pcie', 'NVIDIA A100 PCIe 40 GB', 'pcie', 40, 1555, 250);
