/**
 * NVIDIA data-centre and workstation GPUs besides Hopper and A100: Ada (L40S, L4), Ampere
 * GA102 (A10, RTX A6000), Turing (T4), Volta (V100), Pascal (P100). Their datasheets omit
 * FP64, so it is derived from FP32 and the CUDA guide's per-architecture ratio. Pure data.
 */
import type { GpuEntry } from '../types.ts';
import { dense, estimated, fig, none, nvidiaFp64, sparseHalved } from './figures.ts';

const NO_TF32_BF16 = 'No TF32 or bfloat16 tensor support before Ampere.';

export const L40S: GpuEntry = {
  id: 'l40s',
  name: 'NVIDIA L40S 48 GB',
  vendor: 'nvidia',
  segment: 'datacenter',
  architecture: 'Ada Lovelace (AD102)',
  efficiency: 'nvidia-datacenter',
  fp32: fig(91.6, 'nvidia-l40s'),
  tf32: dense(183, 366, 'nvidia-l40s'),
  fp16: dense(362, 733, 'nvidia-l40s'),
  bf16: dense(362, 733, 'nvidia-l40s'),
  fp64: nvidiaFp64(91.6, 64, '8.9'),
  memoryGB: fig(48, 'nvidia-l40s'),
  memoryGBps: fig(864, 'nvidia-l40s'),
  l2MB: none('NVIDIA publishes no L2 size for the L40S (the full AD102 die has 96 MB; third-party tables disagree).'),
  hostLink: { kind: 'pcie', gen: 4, lanes: 16, source: 'nvidia-l40s', note: '"PCIe Gen4 x16: 64 GB/s bidirectional".' },
  boardPowerW: fig(350, 'nvidia-l40s'),
  year: fig(2023, 'nvidia-l40s'),
};

export const L4: GpuEntry = {
  id: 'l4',
  name: 'NVIDIA L4 24 GB',
  vendor: 'nvidia',
  segment: 'datacenter',
  architecture: 'Ada Lovelace (AD104)',
  efficiency: 'nvidia-datacenter',
  fp32: fig(30.3, 'nvidia-l4'),
  tf32: sparseHalved(120, 'nvidia-l4'),
  fp16: sparseHalved(242, 'nvidia-l4'),
  bf16: sparseHalved(242, 'nvidia-l4'),
  fp64: nvidiaFp64(30.3, 64, '8.9'),
  memoryGB: fig(24, 'nvidia-l4'),
  memoryGBps: fig(300, 'nvidia-l4'),
  l2MB: estimated(
    48,
    'nvidia-ada-whitepaper',
    "The AD104 die's 48 MB L2 (Ada whitepaper); the L4 page gives no L2 size.",
  ),
  hostLink: { kind: 'pcie', gen: 4, lanes: 16, source: 'nvidia-l4' },
  boardPowerW: fig(72, 'nvidia-l4'),
  year: fig(2023, 'nvidia-l4'),
  notes: [
    'At 72 W the L4 throttles under sustained tensor load; large matmuls reach less of the rated figure than on bigger boards.',
  ],
};

export const A10: GpuEntry = {
  id: 'a10',
  name: 'NVIDIA A10 24 GB',
  vendor: 'nvidia',
  segment: 'datacenter',
  architecture: 'Ampere (GA102)',
  efficiency: 'nvidia-datacenter',
  fp32: fig(31.2, 'nvidia-a10'),
  tf32: dense(62.5, 125, 'nvidia-a10'),
  fp16: dense(125, 250, 'nvidia-a10'),
  bf16: dense(125, 250, 'nvidia-a10'),
  fp64: nvidiaFp64(31.2, 64, '8.6'),
  memoryGB: fig(24, 'nvidia-a10'),
  memoryGBps: fig(600, 'nvidia-a10'),
  l2MB: estimated(6, 'nvidia-ga102-whitepaper', "The GA102 die's 6 MB L2 (GA102 whitepaper); the A10 page gives none."),
  hostLink: { kind: 'pcie', gen: 4, lanes: 16, source: 'nvidia-a10' },
  boardPowerW: fig(150, 'nvidia-a10'),
  year: fig(2021, 'nvidia-a10'),
  notes: ["AWS's A10G (g5 instances) is a variant of this board; NVIDIA publishes no separate A10G figures."],
};

export const RTX_A6000: GpuEntry = {
  id: 'rtx-a6000',
  name: 'NVIDIA RTX A6000 48 GB',
  vendor: 'nvidia',
  segment: 'workstation',
  architecture: 'Ampere (GA102)',
  efficiency: 'nvidia-datacenter',
  fp32: fig(38.7, 'nvidia-rtx-a6000'),
  tf32: dense(77.4, 154.8, 'nvidia-ga102-whitepaper'),
  fp16: dense(154.8, 309.7, 'nvidia-ga102-whitepaper', 'The product page quotes only the sparse 309.7.'),
  bf16: dense(154.8, 309.7, 'nvidia-ga102-whitepaper'),
  fp64: nvidiaFp64(38.7, 64, '8.6'),
  memoryGB: fig(48, 'nvidia-rtx-a6000'),
  memoryGBps: fig(768, 'nvidia-rtx-a6000'),
  l2MB: estimated(6, 'nvidia-ga102-whitepaper', "The GA102 die's 6 MB L2 (GA102 whitepaper)."),
  hostLink: { kind: 'pcie', gen: 4, lanes: 16, source: 'nvidia-rtx-a6000' },
  boardPowerW: fig(300, 'nvidia-rtx-a6000'),
  year: fig(2020, 'nvidia-rtx-a6000'),
};

export const T4: GpuEntry = {
  id: 't4',
  name: 'NVIDIA T4 16 GB',
  vendor: 'nvidia',
  segment: 'datacenter',
  architecture: 'Turing (TU104)',
  efficiency: 'nvidia-datacenter',
  fp32: fig(8.1, 'nvidia-t4-datasheet'),
  tf32: none('No TF32 units (Turing).'),
  fp16: fig(65, 'nvidia-t4-datasheet', '"Mixed precision (FP16/FP32) 65 TFLOPS"; Turing has no sparsity mode.'),
  bf16: none('No bfloat16 tensor support (Turing).'),
  fp64: nvidiaFp64(8.1, 32, '7.5'),
  memoryGB: fig(16, 'nvidia-t4-datasheet'),
  memoryGBps: fig(320, 'nvidia-t4-datasheet', 'The datasheet says "320+ GB/s".'),
  l2MB: estimated(
    4,
    'nvidia-turing-whitepaper',
    "The TU104 die's 4 MB L2 (Turing whitepaper); the T4 datasheet gives none.",
  ),
  hostLink: { kind: 'pcie', gen: 3, lanes: 16, source: 'nvidia-t4-datasheet' },
  boardPowerW: fig(70, 'nvidia-t4-datasheet'),
  year: fig(2018, 'nvidia-t4-datasheet'),
  notes: ['The free GPU of Google Colab and Kaggle.'],
};

export const V100: GpuEntry = {
  id: 'v100',
  name: 'NVIDIA Tesla V100 SXM2 16 GB',
  vendor: 'nvidia',
  segment: 'datacenter',
  architecture: 'Volta (GV100)',
  efficiency: 'nvidia-datacenter',
  fp32: fig(15.7, 'nvidia-v100-datasheet'),
  tf32: none('No TF32 units (Volta).'),
  fp16: fig(125, 'nvidia-v100-datasheet', 'Tensor performance, FP16 inputs with FP32 accumulate; no sparsity mode.'),
  bf16: none(NO_TF32_BF16),
  fp64: fig(7.8, 'nvidia-v100-datasheet'),
  memoryGB: fig(16, 'nvidia-v100-datasheet', 'Also sold with 32 GB; the 16 GB board is the common cloud one.'),
  memoryGBps: fig(900, 'nvidia-v100-datasheet'),
  l2MB: fig(6, 'nvidia-volta-whitepaper'),
  hostLink: {
    kind: 'pcie',
    gen: 3,
    lanes: 16,
    source: 'nvidia-v100-datasheet',
    note: 'SXM2 boards reach the host through PCIe Gen 3 switches; NVLink joins GPUs only.',
  },
  boardPowerW: fig(300, 'nvidia-v100-datasheet'),
  year: fig(2017, 'nvidia-volta-whitepaper'),
  notes: ['The PCIe board runs lower clocks: 14 TFLOPS FP32, 7 FP64, 112 tensor, 250 W.'],
};

export const P100: GpuEntry = {
  id: 'p100',
  name: 'NVIDIA Tesla P100 PCIe 16 GB',
  vendor: 'nvidia',
  segment: 'datacenter',
  architecture: 'Pascal (GP100)',
  efficiency: 'nvidia-datacenter',
  fp32: fig(9.3, 'nvidia-p100-datasheet'),
  tf32: none('No tensor cores (Pascal).'),
  fp16: fig(18.7, 'nvidia-p100-datasheet', 'Packed FP16 on the CUDA cores: no tensor cores.'),
  bf16: none(NO_TF32_BF16),
  fp64: fig(4.7, 'nvidia-p100-datasheet'),
  memoryGB: fig(16, 'nvidia-p100-datasheet'),
  memoryGBps: fig(732, 'nvidia-p100-datasheet'),
  l2MB: fig(4, 'nvidia-pascal-whitepaper'),
  hostLink: { kind: 'pcie', gen: 3, lanes: 16, source: 'nvidia-p100-datasheet' },
  boardPowerW: fig(250, 'nvidia-p100-datasheet'),
  year: fig(2016, 'nvidia-pascal-whitepaper'),
  notes: ["One of Kaggle's free GPUs."],
};
