/**
 * Intel Arc GPUs. Intel's specification page gives shader counts, XMX engine count and the
 * graphics clock but no TFLOPS, so the rates are derived from those, flagged estimated.
 * Pure data.
 */
import type { GpuEntry } from '../types.ts';
import { estimated, fig, none } from './figures.ts';

/** 32 Xe-cores × 16 vector engines × 8 FP32 lanes = 4096 lanes; 512 XMX engines. */
const A770_CLOCK_GHZ = 2.1;

export const ARC_A770: GpuEntry = {
  id: 'arc-a770',
  name: 'Intel Arc A770 16 GB',
  vendor: 'intel',
  segment: 'consumer',
  architecture: 'Xe-HPG (Alchemist)',
  efficiency: 'intel-arc',
  fp32: estimated(
    17.2,
    'intel-arc-a770',
    '4096 FP32 lanes × 2 FLOPs × 2.1 GHz graphics clock (Intel lists the clock, not TFLOPS); boost clocks run higher.',
  ),
  tf32: none('No TF32 on Xe-HPG matrix engines.'),
  fp16: estimated(137.6, 'intel-arc-a770', `512 XMX engines × 128 FP16 FLOPs per clock × ${A770_CLOCK_GHZ} GHz.`),
  bf16: estimated(137.6, 'intel-arc-a770', 'XMX engines run bfloat16 at the FP16 rate.'),
  fp64: none('No FP64 hardware on Xe-HPG; frameworks emulate float64 or refuse it.'),
  memoryGB: fig(16, 'intel-arc-a770'),
  memoryGBps: fig(560, 'intel-arc-a770'),
  l2MB: estimated(16, 'intel-arc-a770', 'The specification page gives no L2 size; 16 MB on the ACM-G10 die.'),
  hostLink: { kind: 'pcie', gen: 4, lanes: 16, source: 'intel-arc-a770' },
  boardPowerW: fig(225, 'intel-arc-a770'),
  year: fig(2022, 'intel-arc-a770'),
};
