/**
 * NVIDIA GeForce GPUs. The architecture whitepapers list dense and sparse tensor rates for
 * the flagship boards; their FP16 figures with FP32 accumulate (what PyTorch uses) are half
 * the FP16-accumulate ones on GeForce, and those are the ones kept. Boards the whitepapers
 * do not list get the listed siblings' ratios, flagged estimated. FP64 is 1/64 of FP32 on
 * every GeForce since Ampere. Pure data.
 */
import type { GpuEntry } from '../types.ts';
import { dense, estimated, fig, geforceTensor, nvidiaFp64, shaderFp32 } from './figures.ts';

const ADA = 'Ada Lovelace';
const AMPERE = 'Ampere (GA10x)';
const HALF_ACCUMULATE = 'With FP32 accumulate (PyTorch’s default); GeForce runs FP16-accumulate matmuls twice as fast.';

export const RTX_5090: GpuEntry = {
  id: 'rtx-5090',
  name: 'NVIDIA GeForce RTX 5090 32 GB',
  vendor: 'nvidia',
  segment: 'consumer',
  architecture: 'Blackwell (GB202)',
  efficiency: 'nvidia-geforce',
  fp32: fig(104.8, 'nvidia-rtx-blackwell-whitepaper'),
  tf32: dense(104.8, 209.5, 'nvidia-rtx-blackwell-whitepaper'),
  fp16: dense(209.5, 419, 'nvidia-rtx-blackwell-whitepaper', HALF_ACCUMULATE),
  bf16: dense(209.5, 419, 'nvidia-rtx-blackwell-whitepaper', HALF_ACCUMULATE),
  fp64: nvidiaFp64(104.8, 64, '12.0'),
  memoryGB: fig(32, 'nvidia-rtx-5090'),
  memoryGBps: fig(1792, 'nvidia-rtx-5090'),
  l2MB: fig(96, 'nvidia-rtx-blackwell-whitepaper'),
  hostLink: { kind: 'pcie', gen: 5, lanes: 16, source: 'nvidia-rtx-5090' },
  boardPowerW: fig(575, 'nvidia-rtx-5090'),
  year: fig(2025, 'nvidia-rtx-5090'),
};

export const RTX_4090: GpuEntry = {
  id: 'rtx-4090',
  name: 'NVIDIA GeForce RTX 4090 24 GB',
  vendor: 'nvidia',
  segment: 'consumer',
  architecture: `${ADA} (AD102)`,
  efficiency: 'nvidia-geforce',
  fp32: fig(82.6, 'nvidia-ada-whitepaper'),
  tf32: dense(82.6, 165.2, 'nvidia-ada-whitepaper'),
  fp16: dense(165.2, 330.4, 'nvidia-ada-whitepaper', HALF_ACCUMULATE),
  bf16: dense(165.2, 330.4, 'nvidia-ada-whitepaper', HALF_ACCUMULATE),
  fp64: nvidiaFp64(82.6, 64, '8.9'),
  memoryGB: fig(24, 'nvidia-rtx-4090'),
  memoryGBps: fig(1008, 'nvidia-ada-whitepaper'),
  l2MB: fig(72, 'nvidia-ada-whitepaper'),
  hostLink: { kind: 'pcie', gen: 4, lanes: 16, source: 'nvidia-rtx-4090' },
  boardPowerW: fig(450, 'nvidia-rtx-4090'),
  year: fig(2022, 'nvidia-rtx-4090'),
};

export const RTX_4080: GpuEntry = {
  id: 'rtx-4080',
  name: 'NVIDIA GeForce RTX 4080 16 GB',
  vendor: 'nvidia',
  segment: 'consumer',
  architecture: `${ADA} (AD103)`,
  efficiency: 'nvidia-geforce',
  fp32: fig(48.7, 'nvidia-ada-whitepaper'),
  tf32: dense(48.7, 97.5, 'nvidia-ada-whitepaper'),
  fp16: dense(97.5, 194.9, 'nvidia-ada-whitepaper', HALF_ACCUMULATE),
  bf16: dense(97.5, 194.9, 'nvidia-ada-whitepaper', HALF_ACCUMULATE),
  fp64: nvidiaFp64(48.7, 64, '8.9'),
  memoryGB: fig(16, 'nvidia-rtx-4080'),
  memoryGBps: fig(716.8, 'nvidia-ada-whitepaper'),
  l2MB: fig(64, 'nvidia-ada-whitepaper'),
  hostLink: { kind: 'pcie', gen: 4, lanes: 16, source: 'nvidia-rtx-4080' },
  boardPowerW: fig(320, 'nvidia-rtx-4080'),
  year: fig(2022, 'nvidia-rtx-4080'),
};

/** An Ada board the whitepaper does not list: tensor rates from the RTX 4090/4080 ratios. */
function adaBoard(
  id: string,
  name: string,
  die: string,
  fp32: ReturnType<typeof shaderFp32>,
  memory: { gb: number; gbps: number },
  l2MB: number,
  lanes: 8 | 16,
  powerW: number,
  source: 'nvidia-rtx-4070' | 'nvidia-rtx-4060',
): GpuEntry {
  return {
    id,
    name,
    vendor: 'nvidia',
    segment: 'consumer',
    architecture: `${ADA} (${die})`,
    efficiency: 'nvidia-geforce',
    fp32,
    tf32: geforceTensor(fp32.value, 1, 'nvidia-ada-whitepaper', 'RTX 4090 and 4080'),
    fp16: geforceTensor(fp32.value, 2, 'nvidia-ada-whitepaper', 'RTX 4090 and 4080'),
    bf16: geforceTensor(fp32.value, 2, 'nvidia-ada-whitepaper', 'RTX 4090 and 4080'),
    fp64: nvidiaFp64(fp32.value, 64, '8.9'),
    memoryGB: fig(memory.gb, source),
    memoryGBps: fig(memory.gbps, source),
    l2MB: estimated(l2MB, source, `The product page gives no L2 size; ${l2MB} MB as enabled on the ${die} part.`),
    hostLink: { kind: 'pcie', gen: 4, lanes, source },
    boardPowerW: fig(powerW, source),
    year: fig(2023, source),
  };
}

export const RTX_4070 = adaBoard(
  'rtx-4070',
  'NVIDIA GeForce RTX 4070 12 GB',
  'AD104',
  shaderFp32(5888, 2.475, 'nvidia-rtx-4070'),
  { gb: 12, gbps: 504 },
  36,
  16,
  200,
  'nvidia-rtx-4070',
);

export const RTX_4060_TI = adaBoard(
  'rtx-4060-ti',
  'NVIDIA GeForce RTX 4060 Ti 8 GB',
  'AD106',
  shaderFp32(4352, 2.535, 'nvidia-rtx-4060'),
  { gb: 8, gbps: 288 },
  32,
  8,
  160,
  'nvidia-rtx-4060',
);

export const RTX_4060 = adaBoard(
  'rtx-4060',
  'NVIDIA GeForce RTX 4060 8 GB',
  'AD107',
  shaderFp32(3072, 2.46, 'nvidia-rtx-4060'),
  { gb: 8, gbps: 272 },
  24,
  8,
  115,
  'nvidia-rtx-4060',
);

export const RTX_3090: GpuEntry = {
  id: 'rtx-3090',
  name: 'NVIDIA GeForce RTX 3090 24 GB',
  vendor: 'nvidia',
  segment: 'consumer',
  architecture: `${AMPERE} (GA102)`,
  efficiency: 'nvidia-geforce',
  fp32: fig(35.6, 'nvidia-ga102-whitepaper'),
  tf32: dense(35.6, 71, 'nvidia-ga102-whitepaper'),
  fp16: dense(71, 142, 'nvidia-ga102-whitepaper', HALF_ACCUMULATE),
  bf16: dense(71, 142, 'nvidia-ga102-whitepaper', HALF_ACCUMULATE),
  fp64: nvidiaFp64(35.6, 64, '8.6'),
  memoryGB: fig(24, 'nvidia-rtx-3090'),
  memoryGBps: fig(936, 'nvidia-ga102-whitepaper'),
  l2MB: fig(6, 'nvidia-ga102-whitepaper'),
  hostLink: { kind: 'pcie', gen: 4, lanes: 16, source: 'nvidia-rtx-3090' },
  boardPowerW: fig(350, 'nvidia-rtx-3090'),
  year: fig(2020, 'nvidia-rtx-3090'),
};

export const RTX_3080: GpuEntry = {
  id: 'rtx-3080',
  name: 'NVIDIA GeForce RTX 3080 10 GB',
  vendor: 'nvidia',
  segment: 'consumer',
  architecture: `${AMPERE} (GA102)`,
  efficiency: 'nvidia-geforce',
  fp32: fig(29.8, 'nvidia-ga102-whitepaper'),
  tf32: dense(29.8, 59.5, 'nvidia-ga102-whitepaper'),
  fp16: dense(59.5, 119, 'nvidia-ga102-whitepaper', HALF_ACCUMULATE),
  bf16: dense(59.5, 119, 'nvidia-ga102-whitepaper', HALF_ACCUMULATE),
  fp64: nvidiaFp64(29.8, 64, '8.6'),
  memoryGB: fig(10, 'nvidia-rtx-3080'),
  memoryGBps: fig(760, 'nvidia-ga102-whitepaper'),
  l2MB: fig(5, 'nvidia-ga102-whitepaper'),
  hostLink: { kind: 'pcie', gen: 4, lanes: 16, source: 'nvidia-rtx-3080' },
  boardPowerW: fig(320, 'nvidia-rtx-3080'),
  year: fig(2020, 'nvidia-rtx-3080'),
};

export const RTX_3060: GpuEntry = {
  id: 'rtx-3060',
  name: 'NVIDIA GeForce RTX 3060 12 GB',
  vendor: 'nvidia',
  segment: 'consumer',
  architecture: `${AMPERE} (GA106)`,
  efficiency: 'nvidia-geforce',
  fp32: shaderFp32(3584, 1.777, 'nvidia-rtx-3060'),
  tf32: geforceTensor(12.7, 1, 'nvidia-ga102-whitepaper', 'RTX 3090 and 3080'),
  fp16: geforceTensor(12.7, 2, 'nvidia-ga102-whitepaper', 'RTX 3090 and 3080'),
  bf16: geforceTensor(12.7, 2, 'nvidia-ga102-whitepaper', 'RTX 3090 and 3080'),
  fp64: nvidiaFp64(12.7, 64, '8.6'),
  memoryGB: fig(12, 'nvidia-rtx-3060'),
  memoryGBps: fig(360, 'nvidia-rtx-3060'),
  l2MB: estimated(3, 'nvidia-rtx-3060', 'The product page gives no L2 size; 3 MB on the GA106 die.'),
  hostLink: { kind: 'pcie', gen: 4, lanes: 16, source: 'nvidia-rtx-3060' },
  boardPowerW: fig(170, 'nvidia-rtx-3060'),
  year: fig(2021, 'nvidia-rtx-3060'),
};
