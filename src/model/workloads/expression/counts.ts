/**
 * What an expression costs, eager or fused, in the same shape as every other workload
 * (`WorkloadCounts` of ../counts.ts): the kernel list with FLOPs and device bytes per
 * kernel, host traffic (each named array used goes up once, the result comes back),
 * launches, formulas and the conventions in words. Pure.
 */
import type { KernelCount, WorkloadCounts } from '../counts.ts';
import { DTYPE_BYTES, type Dtype } from '../dtype.ts';
import { elementBytes, elementsOf } from './ir.ts';
import { buildPlan, type BufferRef, type Plan, type PlanKernel, type PlanMode } from './plan.ts';
import type { ParsedExpression } from './parse.ts';

/** Kernels spelled out in a formula before it says "…". */
const FORMULA_TERMS = 4;

/** A count as a person reads it: 100,000,000 up to 10¹⁵, then 1e+18. */
function n(x: number): string {
  return x < 1e15 ? x.toLocaleString('en-US') : x.toExponential(3).replace(/\.?0+e/, 'e');
}

function bytesTerm(buffers: readonly BufferRef[], size: number): string {
  const floats = buffers.filter((b) => b.type === 'float').map((b) => n(elementsOf(b.shape)));
  const masks = buffers.filter((b) => b.type === 'mask').map((b) => n(elementsOf(b.shape)));
  const group = (xs: string[], unit: string) => (xs.length === 1 ? `${xs[0]}·${unit}` : `(${xs.join(' + ')})·${unit}`);
  const parts: string[] = [];
  if (floats.length > 0) parts.push(group(floats, String(size)));
  if (masks.length > 0) parts.push(group(masks, '1'));
  return parts.join(' + ');
}

function flopsTerm(k: PlanKernel): string {
  if (k.kind === 'matmul') return `2·${n(k.m)}·${n(k.n)}·${n(k.k)}`;
  return n(k.flops);
}

function joinTerms(kernels: readonly PlanKernel[], term: (k: PlanKernel) => string): string {
  const shown = kernels.slice(0, FORMULA_TERMS).map((k) => `${term(k)} [${k.label}]`);
  const more = kernels.length - shown.length;
  return more > 0 ? `${shown.join(' + ')} + … (${more} more kernels)` : shown.join(' + ');
}

const MODE_SENTENCE: Readonly<Record<PlanMode, string>> = {
  eager:
    'Eager, as NumPy, CuPy and PyTorch run it: one kernel per operator, each temporary written to device memory and read back by the next kernel.',
  fused:
    'Fused, as torch.compile, jax.jit, cupy.fuse and numexpr run it: one kernel per maximal elementwise chain; a reduction ends the chain that feeds it, a matmul is a library GEMM reading stored operands, and a part broadcast to a larger shape is computed once in its own kernel.',
};

/** The FLOP and byte conventions, said once for both modes. */
export const EXPRESSION_CONVENTION =
  'FLOPs per element: 1 for + − × ÷, negation, abs, maximum, minimum, comparisons and where; 1 for exp, log, sqrt, sin, cos and tanh (as softmax’s exp; each takes 10–30 instructions); x**n with whole |n| ≤ 16 its multiplies by repeated squaring (+1 divide if n < 0), any other power 3 (log, multiply, exp); matmul 2·m·n·k; sum n, max n, mean n + 1 (n − 1 strictly). ' +
  'Bytes: each kernel reads every array it uses once, at that array’s own size (a broadcast (2048,) bias is read once, not once per row), and writes its result once; a comparison’s mask is 1 byte per element; numbers cost no traffic. ' +
  'Each named array goes up to the device once, the result comes back once. A subexpression written twice is computed twice, in both modes.';

/** Counts of a plan (buildPlan) for elements of `dtype`. */
export function planCounts(plan: Plan, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const kernels: KernelCount[] = plan.kernels.map((k) => ({
    label: k.label,
    kernelClass: k.kernelClass,
    flops: k.flops,
    deviceBytes: k.deviceBytes,
    count: 1,
    // Pieces the CPU can share out: rows of a product, 64-byte lines of what a pass reads or writes.
    parallelUnits:
      k.kind === 'matmul'
        ? k.m
        : Math.ceil((k.kind === 'reduction' ? elementsOf(k.inShape) : elementsOf(k.output.shape)) / 16),
  }));
  let flops = 0;
  let deviceBytes = 0;
  for (const k of kernels) {
    flops += k.flops * k.count;
    deviceBytes += k.deviceBytes * k.count;
  }
  const up = plan.inputs.reduce((s, b) => s + elementsOf(b.shape) * elementBytes(b.type, size), 0);
  const down = elementsOf(plan.output.shape) * elementBytes(plan.output.type, size);
  const launches = kernels.length;
  return {
    flops,
    deviceBytes,
    hostToDeviceBytes: up,
    deviceToHostBytes: down,
    hostBytes: up + down,
    launches,
    kernels,
    formulas: {
      flops: joinTerms(plan.kernels, flopsTerm),
      deviceBytes: joinTerms(plan.kernels, (k) => bytesTerm([...k.inputs, k.output], size)),
      hostBytes: `${plan.inputs.map((b) => b.id).join(', ')} up, ${plan.output.id} back: ${bytesTerm(plan.inputs, size)} + ${bytesTerm([plan.output], size)}`,
      launches: `${launches} (${plan.mode === 'eager' ? 'one per operator' : 'one per fused chain, reduction or matmul'})`,
    },
    convention: `${MODE_SENTENCE[plan.mode]} ${EXPRESSION_CONVENTION}`,
  };
}

/** Counts of a parsed expression in `mode` for elements of `dtype`. */
export function expressionCounts(parsed: ParsedExpression, dtype: Dtype, mode: PlanMode): WorkloadCounts {
  return planCounts(buildPlan(parsed.root, mode, DTYPE_BYTES[dtype]), dtype);
}
