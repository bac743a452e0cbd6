/**
 * The registry of single workload kinds: one line per kind, in the picker's order. A
 * pipeline chains these (kinds/pipeline.ts); kinds/index.ts adds the composite kinds.
 * Adding a kind: write kinds/<kind>.ts and add its line here (docs/adding-a-workload.md).
 */
import type { Dtype } from '../dtype.ts';
import { attention } from './attention.ts';
import { conv2d } from './conv2d.ts';
import { registry, type AnyShape, type AnyWorkloadKind, type ShapeOfKind } from './define.ts';
import { elementwise } from './elementwise.ts';
import { expression } from './expression.ts';
import { fft } from './fft.ts';
import { layernorm } from './layernorm.ts';
import { matmul } from './matmul.ts';
import { matvec } from './matvec.ts';
import { reduction } from './reduction.ts';
import { softmax } from './softmax.ts';

export const STEP_KINDS = registry({
  matmul,
  matvec,
  elementwise,
  expression,
  reduction,
  softmax,
  layernorm,
  conv2d,
  attention,
  fft,
});

/** Workloads that are one operation (one or a few kernels); a pipeline chains these. */
export type KernelWorkloadId = keyof typeof STEP_KINDS;

/** The shape type of each single workload. */
export type ShapeOf = { [K in KernelWorkloadId]: ShapeOfKind<(typeof STEP_KINDS)[K]> };

/** One operation with its shape and data type. */
export type KernelWorkload = { [K in KernelWorkloadId]: { id: K; dtype: Dtype; shape: ShapeOf[K] } }[KernelWorkloadId];

export const KERNEL_WORKLOAD_IDS = Object.keys(STEP_KINDS) as readonly KernelWorkloadId[];

export function isKernelWorkloadId(s: string): s is KernelWorkloadId {
  return Object.hasOwn(STEP_KINDS, s);
}

/** A single kind's definition, as generic code sees it. */
export function stepKind(id: KernelWorkloadId): AnyWorkloadKind {
  return STEP_KINDS[id];
}

/**
 * The workload of kind `id` with `shape`. The one place a shape meets its id without the
 * compiler seeing that they belong together: callers pass a shape the kind's own form or
 * axis produced.
 */
export function kernelWorkload(id: KernelWorkloadId, dtype: Dtype, shape: AnyShape): KernelWorkload {
  return { id, dtype, shape } as KernelWorkload;
}
