/**
 * Running generated expression kernels in one WebAssembly instance on this thread: lay the
 * buffers out in memory (16-byte aligned, padded), call `run` over a range of the output,
 * copy the result out. Used by the tests and the checks; a worker pool can split the same
 * call into slabs of `begin`/`end`. Values in a Float32Array (float32) or a Float64Array
 * (float64), masks in a Uint8Array.
 */
import { ensureMemory, instantiateSync } from '../../../wasm/asm.ts';
import type { BufferRef, Plan } from '../../../../model/workloads/expression/index.ts';
import { F32, type Lanes } from '../../cpu/lanes.ts';
import type { ElementwiseKernel } from './layout.ts';
import { generateWasmKernel, WASM_PADDING_BYTES, type WasmKernel } from './wasm.ts';
import { vecFor } from './wasm-vec.ts';

/** A buffer's contents: float32 or float64 values, or mask bytes. */
export type BufferData = Float32Array | Float64Array | Uint8Array;

/** Wasm memory is addressed with i32 here: every buffer of one call must fit in 2 GiB. */
export const WASM_MAX_BYTES = 2 ** 31 - 1;

function elements(b: BufferRef): number {
  return b.shape.reduce((p, d) => p * d, 1);
}

function bytesOf(b: BufferRef, L: Lanes): number {
  return elements(b) * (b.type === 'mask' ? 1 : L.bytes);
}

/** An empty buffer of `b`'s type and size, its values of `L`'s type (float32 by default). */
export function allocate(b: BufferRef, L: Lanes = F32): BufferData {
  if (b.type === 'mask') return new Uint8Array(elements(b));
  return L.dtype === 'f64' ? new Float64Array(elements(b)) : new Float32Array(elements(b));
}

/** Run one generated kernel over its whole output (or [begin, end) of its outermost merged dimension). */
export function runWasmKernel(
  kernel: WasmKernel,
  inputs: readonly BufferData[],
  range?: { begin: number; end: number },
): BufferData {
  if (inputs.length !== kernel.inputs.length) {
    throw new RangeError(`expected ${kernel.inputs.length} input buffers, got ${inputs.length}`);
  }
  const offsets: number[] = [];
  let top = 0;
  const place = (bytes: number): number => {
    const at = top;
    top += Math.ceil((bytes + WASM_PADDING_BYTES) / 16) * 16;
    return at;
  };
  inputs.forEach((data, i) => {
    const want = bytesOf(kernel.inputs[i] as BufferRef, kernel.lanes);
    if (data.byteLength !== want) {
      throw new RangeError(`input ${kernel.inputs[i]?.id}: ${data.byteLength} bytes, expected ${want}`);
    }
    offsets.push(place(data.byteLength));
  });
  const outBytes = bytesOf(kernel.output, kernel.lanes);
  const outAt = place(outBytes);
  if (top > WASM_MAX_BYTES) {
    throw new RangeError(`this kernel's buffers need ${top} bytes; one WebAssembly call takes at most 2 GiB`);
  }
  const memory = new WebAssembly.Memory({ initial: 1 });
  ensureMemory(memory, top);
  inputs.forEach((data, i) => {
    new Uint8Array(memory.buffer, offsets[i], data.byteLength).set(
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
  });
  const run = instantiateSync(kernel.bytes, memory)[kernel.exportName] as (...args: number[]) => void;
  const { begin, end } = range ?? { begin: 0, end: kernel.layout.dims[0] as number };
  run(...offsets, outAt, begin, end);
  const out = allocate(kernel.output, kernel.lanes);
  new Uint8Array(out.buffer).set(new Uint8Array(memory.buffer, outAt, outBytes));
  return out;
}

/** The elementwise kernels of a plan, or the reason the plan cannot run as generated kernels yet. */
export function elementwiseKernels(
  plan: Plan,
): { ok: true; kernels: ElementwiseKernel[] } | { ok: false; reason: string } {
  const other = plan.kernels.find((k) => k.kind !== 'elementwise');
  if (other) {
    return {
      ok: false,
      reason: `${other.label} is a ${other.kernelClass}: expressions with reductions or matmuls run once the existing ${other.kernelClass} kernels take their inputs from an expression`,
    };
  }
  return { ok: true, kernels: plan.kernels as ElementwiseKernel[] };
}

/**
 * Run every kernel of a plan in order (each temporary kept for the kernels after it) and
 * return the result buffer, in `L`'s type (float32 by default; `arrays` hold that type).
 * Only plans of elementwise kernels (see `elementwiseKernels`).
 */
export function runWasmPlan(
  plan: Plan,
  arrays: ReadonlyMap<string, Float32Array | Float64Array>,
  L: Lanes = F32,
): BufferData {
  const kernels = elementwiseKernels(plan);
  if (!kernels.ok) throw new Error(kernels.reason);
  const buffers = new Map<string, BufferData>(arrays);
  for (const k of kernels.kernels) {
    const inputs = k.inputs.map((b) => {
      const data = buffers.get(b.id);
      if (!data) throw new Error(`no data for ${b.id}`);
      return data;
    });
    buffers.set(k.output.id, runWasmKernel(generateWasmKernel(k, vecFor(L.dtype)), inputs));
  }
  return buffers.get(plan.output.id) as BufferData;
}
