/**
 * Small constructors that keep the catalog entries readable: a plain figure, a vendor's
 * sparse figure halved, an estimate with how it was made, a figure that does not exist.
 * Each returns a plain object; nothing here computes beyond the one line it says. Pure.
 */
import type { SourceId } from '../sources.ts';
import type { Figure, NoFigure } from '../types.ts';

/** Rounded to 3 significant digits, as vendors quote rates. */
function round3(x: number): number {
  return Number(x.toPrecision(3));
}

/** A figure read as published. */
export function fig(value: number, source: SourceId, note?: string): Figure {
  return note === undefined ? { value, source } : { value, source, note };
}

/** A dense figure the vendor publishes beside its sparse one (which is twice as high). */
export function dense(value: number, sparseValue: number, source: SourceId, extra?: string): Figure {
  return fig(value, source, `Dense, as published (${sparseValue} with sparsity).${extra ? ` ${extra}` : ''}`);
}

/** A vendor figure quoted with 2:4 sparsity only, halved to the dense rate. */
export function sparseHalved(sparseValue: number, source: SourceId): Figure {
  return {
    value: sparseValue / 2,
    source,
    flags: ['sparse-halved'],
    note: `The vendor quotes ${sparseValue} with 2:4 structured sparsity; dense code reaches at most half.`,
  };
}

/** A figure the vendor does not publish, derived as `how` says. */
export function estimated(value: number, source: SourceId, how: string): Figure {
  return { value, source, flags: ['estimated'], note: how };
}

/** A figure that does not exist or is not published, and why. */
export function none(reason: string, source?: SourceId): NoFigure {
  return source === undefined ? { value: null, reason } : { value: null, reason, source };
}

/**
 * FP64 from FP32 and the FP64:FP32 throughput ratio NVIDIA's CUDA C++ Programming Guide
 * gives per compute capability (GeForce, L4, L40S and A10 datasheets omit FP64).
 */
export function nvidiaFp64(fp32: number, ratioDenominator: 32 | 64, computeCapability: string): Figure {
  return estimated(
    round3(fp32 / ratioDenominator),
    'cuda-guide-throughput',
    `FP32 × 1/${ratioDenominator}: the FP64:FP32 throughput ratio of compute capability ${computeCapability}.`,
  );
}

/**
 * A GeForce part the architecture whitepaper does not list: its tensor rate from the ratio
 * the whitepaper gives for its listed siblings (`ratio` × FP32, dense, FP32 accumulate).
 */
export function geforceTensor(fp32: number, ratio: 1 | 2, source: SourceId, sibling: string): Figure {
  return estimated(
    round3(fp32 * ratio),
    source,
    `FP32 × ${ratio}, the dense FP32-accumulate ratio the whitepaper gives for the ${sibling}.`,
  );
}

/** FP32 from shader count × 2 FLOPs per FMA × boost clock (GHz), as the product page lists them. */
export function shaderFp32(shaders: number, boostGHz: number, source: SourceId): Figure {
  return fig(
    round3((shaders * 2 * boostGHz) / 1000),
    source,
    `${shaders} shaders × 2 FLOPs (one FMA) × ${boostGHz} GHz boost clock, from the product page.`,
  );
}
