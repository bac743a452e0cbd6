/**
 * How a generated elementwise kernel walks its data, shared by the WGSL and the Wasm
 * generators: the output's index space with size-1 dimensions dropped and neighbouring
 * dimensions merged wherever every load walks them as one (so `a*b+c` on any shape is one
 * flat loop, and `x + bias` is rows × columns), and the distinct (buffer, strides) pairs
 * the body loads, called streams. Pure (no GPU, no Wasm), so it is tested on its own.
 */
import type { ElementType, KernelExpr, PlanKernel } from '../../../../model/workloads/expression/index.ts';

/** An elementwise kernel of a plan: the kind the generators take. */
export type ElementwiseKernel = Extract<PlanKernel, { kind: 'elementwise' }>;

/** One distinct way the body reads a buffer. */
export interface Stream {
  /** Index into the kernel's inputs. */
  input: number;
  type: ElementType;
  /** Element strides over the merged dimensions (0 = broadcast). */
  strides: number[];
}

export interface KernelLayout {
  /** Merged dimensions of the output, outermost first; at least one (a scalar output is [1]). */
  dims: number[];
  /** Output elements (the product of dims). */
  elements: number;
  streams: Stream[];
  /** The stream each load of the body reads (by identity of the load node). */
  streamOf: ReadonlyMap<KernelExpr, number>;
}

/** Every load of the body, in evaluation order. */
export function loadsOf(e: KernelExpr): Extract<KernelExpr, { k: 'load' }>[] {
  switch (e.k) {
    case 'load':
      return [e];
    case 'const':
      return [];
    case 'unary':
      return loadsOf(e.arg);
    case 'binary':
      return [...loadsOf(e.left), ...loadsOf(e.right)];
    case 'where':
      return [...loadsOf(e.cond), ...loadsOf(e.a), ...loadsOf(e.b)];
  }
}

/** The layout of an elementwise kernel. */
export function kernelLayout(kernel: ElementwiseKernel): KernelLayout {
  const loads = loadsOf(kernel.body);
  // Drop size-1 dimensions: their index is always 0, so their strides never matter.
  const keep = kernel.output.shape.map((d, i) => (d === 1 ? -1 : i)).filter((i) => i >= 0);
  let dims = keep.map((i) => kernel.output.shape[i] as number);
  let strides = loads.map((l) => keep.map((i) => l.strides[i] as number));
  // Merge dimension d into d+1 where every load steps over d as one more run of d+1.
  for (let d = dims.length - 2; d >= 0; d--) {
    const inner = dims[d + 1] as number;
    if (strides.every((s) => s[d] === (s[d + 1] as number) * inner)) {
      dims = [...dims.slice(0, d), (dims[d] as number) * inner, ...dims.slice(d + 2)];
      strides = strides.map((s) => [...s.slice(0, d), s[d + 1] as number, ...s.slice(d + 2)]);
    }
  }
  if (dims.length === 0) {
    dims = [1];
    strides = strides.map(() => [0]);
  }
  const streams: Stream[] = [];
  const streamOf = new Map<KernelExpr, number>();
  loads.forEach((l, i) => {
    const s = strides[i] as number[];
    let at = streams.findIndex((t) => t.input === l.input && t.strides.every((v, d) => v === s[d]));
    if (at < 0) at = streams.push({ input: l.input, type: l.type, strides: s }) - 1;
    streamOf.set(l, at);
  });
  return { dims, elements: dims.reduce((p, d) => p * d, 1), streams, streamOf };
}

/** A reduction kernel of a plan. */
export type ReductionKernel = Extract<PlanKernel, { kind: 'reduction' }>;

/** A matmul kernel of a plan. */
export type MatmulKernel = Extract<PlanKernel, { kind: 'matmul' }>;

/** A body's loads with their strides reordered by `order` (new dimension d is old `order[d]`). */
function permuteLoads(e: KernelExpr, order: readonly number[]): KernelExpr {
  switch (e.k) {
    case 'load':
      return { ...e, strides: order.map((d) => e.strides[d] as number) };
    case 'const':
      return e;
    case 'unary':
      return { ...e, arg: permuteLoads(e.arg, order) };
    case 'binary':
      return { ...e, left: permuteLoads(e.left, order), right: permuteLoads(e.right, order) };
    case 'where':
      return { ...e, cond: permuteLoads(e.cond, order), a: permuteLoads(e.a, order), b: permuteLoads(e.b, order) };
  }
}

/**
 * A reduction's values before they are reduced, as an elementwise kernel over its input
 * shape with the reduced axis moved last: element o·extent + r is the r-th value of
 * output o. Both generators evaluate this body and reduce each run of `extent` values.
 */
export function reductionValues(k: ReductionKernel): { values: ElementwiseKernel; outputs: number; extent: number } {
  const rank = k.inShape.length;
  const order =
    k.axis === null
      ? k.inShape.map((_, i) => i)
      : [...Array.from({ length: rank }, (_, i) => i).filter((i) => i !== k.axis), k.axis];
  const shape = order.map((d) => k.inShape[d] as number);
  const elements = shape.reduce((p, d) => p * d, 1);
  const extent = k.axis === null ? elements : (k.inShape[k.axis] as number);
  const values: ElementwiseKernel = {
    kind: 'elementwise',
    kernelClass: 'elementwise',
    label: `values of ${k.label}`,
    flops: 0,
    deviceBytes: 0,
    inputs: k.inputs,
    output: { id: `${k.output.id}.values`, role: 'temp', shape, type: 'float' },
    body: permuteLoads(k.body, order),
  };
  return { values, outputs: extent === 0 ? 0 : elements / extent, extent };
}
