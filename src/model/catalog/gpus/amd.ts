/**
 * AMD GPUs: Instinct (CDNA 2 and 3) and Radeon (RDNA 3). Instinct parts have FP32 and FP64
 * on matrix units at full precision besides the vector rate; AMD's pages list dense and
 * sparse rates apart. Radeon's FP32 figure counts dual issue (two FMAs per clock per lane),
 * which compilers rarely reach. Pure data.
 */
import type { GpuEntry } from '../types.ts';
import { dense, estimated, fig, none } from './figures.ts';

export const MI300X: GpuEntry = {
  id: 'mi300x',
  name: 'AMD Instinct MI300X 192 GB',
  vendor: 'amd',
  segment: 'datacenter',
  architecture: 'CDNA 3',
  efficiency: 'amd-cdna3',
  fp32: fig(81.7, 'amd-mi300x', 'Vector FP32.'),
  fp32Matrix: fig(163.4, 'amd-mi300x', 'Matrix FP32 (full precision on the matrix cores).'),
  tf32: dense(653.7, 1307.4, 'amd-mi300x'),
  fp16: dense(1307.4, 2614.9, 'amd-mi300x'),
  bf16: dense(1307.4, 2614.9, 'amd-mi300x'),
  fp64: fig(81.7, 'amd-mi300x', 'Vector FP64.'),
  fp64Tensor: fig(163.4, 'amd-mi300x', 'Matrix FP64.'),
  memoryGB: fig(192, 'amd-mi300x'),
  memoryGBps: fig(5300, 'amd-mi300x'),
  l2MB: fig(
    32,
    'amd-cdna3-whitepaper',
    'Eight 4 MB L2 caches, one per compute die (XCD), each private to its die; behind them a 256 MB Infinity Cache.',
  ),
  hostLink: { kind: 'pcie', gen: 5, lanes: 16, source: 'amd-mi300x' },
  boardPowerW: fig(750, 'amd-mi300x'),
  year: fig(2023, 'amd-mi300x'),
};

export const MI210: GpuEntry = {
  id: 'mi210',
  name: 'AMD Instinct MI210 64 GB',
  vendor: 'amd',
  segment: 'datacenter',
  architecture: 'CDNA 2',
  efficiency: 'amd-cdna2',
  fp32: fig(22.6, 'amd-mi210', 'Vector FP32.'),
  fp32Matrix: fig(45.3, 'amd-mi210', 'Matrix FP32.'),
  tf32: none('No TF32 on CDNA 2 (added in CDNA 3).', 'amd-mi210'),
  fp16: fig(181, 'amd-mi210'),
  bf16: fig(181, 'amd-mi210'),
  fp64: fig(22.6, 'amd-mi210', 'Vector FP64.'),
  fp64Tensor: fig(45.3, 'amd-mi210', 'Matrix FP64.'),
  memoryGB: fig(64, 'amd-mi210'),
  memoryGBps: fig(1638.4, 'amd-mi210'),
  l2MB: fig(8, 'amd-cdna2-whitepaper', '8 MB L2 per graphics compute die; MI210 has one.'),
  hostLink: { kind: 'pcie', gen: 4, lanes: 16, source: 'amd-mi210' },
  boardPowerW: fig(300, 'amd-mi210'),
  year: fig(2022, 'amd-mi210'),
  notes: [
    'MI250X is left out: its rated figures cover two dies that software sees as two GPUs, so one matmul reaches half of them.',
  ],
};

/** RDNA 3 has no FP64 figure from AMD: 1/16 of the single-issue FP32 rate. */
function rdna3Fp64(dualIssueFp32: number) {
  return estimated(
    Number((dualIssueFp32 / 2 / 16).toPrecision(3)),
    'metal-benchmarks',
    'Single-issue FP32 (half the dual-issue figure) × 1/16, the RDNA 3 FP64:FP32 ratio.',
  );
}

const RDNA3_BF16 =
  'AMD lists FP16 only; RDNA 3 WMMA instructions run bfloat16 at the FP16 rate, so the same figure is used.';

export const RX_7900_XTX: GpuEntry = {
  id: 'rx-7900-xtx',
  name: 'AMD Radeon RX 7900 XTX 24 GB',
  vendor: 'amd',
  segment: 'consumer',
  architecture: 'RDNA 3 (Navi 31)',
  efficiency: 'amd-rdna3',
  fp32: { value: 61.4, source: 'amd-rx-7900-xtx', flags: ['dual-issue'], note: 'Half of it without dual issue.' },
  tf32: none('No TF32 units (RDNA 3).'),
  fp16: { value: 122.8, source: 'amd-rx-7900-xtx', flags: ['dual-issue'], note: '"Peak Half Precision" figure.' },
  bf16: estimated(122.8, 'amd-rx-7900-xtx', RDNA3_BF16),
  fp64: rdna3Fp64(61.4),
  memoryGB: fig(24, 'amd-rx-7900-xtx'),
  memoryGBps: fig(960, 'amd-rx-7900-xtx', 'DRAM bandwidth; the "effective" 3500 GB/s counts Infinity Cache hits.'),
  l2MB: fig(6, 'amd-rx-7900-xtx', '6 MB L2, then a 96 MB Infinity Cache.'),
  hostLink: { kind: 'pcie', gen: 4, lanes: 16, source: 'amd-rx-7900-xtx' },
  boardPowerW: fig(355, 'amd-rx-7900-xtx'),
  year: fig(2022, 'amd-rx-7900-xtx'),
};

export const RX_7900_XT: GpuEntry = {
  id: 'rx-7900-xt',
  name: 'AMD Radeon RX 7900 XT 20 GB',
  vendor: 'amd',
  segment: 'consumer',
  architecture: 'RDNA 3 (Navi 31)',
  efficiency: 'amd-rdna3',
  fp32: { value: 51.5, source: 'amd-rx-7900-xt', flags: ['dual-issue'], note: 'Half of it without dual issue.' },
  tf32: none('No TF32 units (RDNA 3).'),
  fp16: { value: 103, source: 'amd-rx-7900-xt', flags: ['dual-issue'], note: '"Peak Half Precision" figure.' },
  bf16: estimated(103, 'amd-rx-7900-xt', RDNA3_BF16),
  fp64: rdna3Fp64(51.5),
  memoryGB: fig(20, 'amd-rx-7900-xt'),
  memoryGBps: fig(800, 'amd-rx-7900-xt'),
  l2MB: fig(6, 'amd-rx-7900-xt', '6 MB L2, then an 80 MB Infinity Cache.'),
  hostLink: { kind: 'pcie', gen: 4, lanes: 16, source: 'amd-rx-7900-xt' },
  boardPowerW: fig(315, 'amd-rx-7900-xt'),
  year: fig(2022, 'amd-rx-7900-xt'),
};
