/**
 * The elementwise's CPU part: out = a·b + c on every core, split by whole cache lines.
 * `axpb(a, b, c, out, bytes)` runs over `bytes` of each array, 64 bytes per array per
 * iteration, a plain mul then add (exactly round(round(a·b) + c)); the tail past the last
 * whole 64 bytes runs in JavaScript with the same rounding.
 */
import type { ElementwiseShape } from '../../../../model/workloads/kinds/elementwise.ts';
import { I, T, type FuncDef } from '../../../wasm/asm.ts';
import { SEED, fillInputs } from '../../inputs.ts';
import { WorkloadInstance, align64 } from '../../cpu/instance.ts';
import { splitRange, type CpuKernel } from '../../cpu/kernel.ts';
import { lanesFor, type Lanes } from '../../cpu/lanes.ts';
import { checkAxpb } from './reference.ts';

export function axpbFunc(L: Lanes): FuncDef {
  // params 0 a, 1 b, 2 c, 3 out, 4 bytes; local 5 o
  const [a, b, c, out, bytes, o] = [0, 1, 2, 3, 4, 5];
  const line: number[] = [];
  for (let k = 0; k < 4; k++) {
    const off = 16 * k;
    line.push(...I.get(out), ...I.get(o), ...I.i32Add());
    line.push(...I.get(a), ...I.get(o), ...I.i32Add(), ...I.v128Load(off));
    line.push(...I.get(b), ...I.get(o), ...I.i32Add(), ...I.v128Load(off), ...L.mul);
    line.push(...I.get(c), ...I.get(o), ...I.i32Add(), ...I.v128Load(off), ...L.add);
    line.push(...I.v128Store(off));
  }
  const body = [
    ...I.block(),
    ...I.get(bytes),
    ...I.i32Eqz(),
    ...I.brIf(0),
    ...I.loop(),
    ...line,
    ...I.get(o),
    ...I.i32(64),
    ...I.i32Add(),
    ...I.tee(o),
    ...I.get(bytes),
    ...I.i32LtU(),
    ...I.brIf(0),
    ...I.end(),
    ...I.end(),
  ];
  return { name: 'axpb', params: [T.i32, T.i32, T.i32, T.i32, T.i32], results: [], locals: [T.i32], body };
}

type AxpbFn = (a: number, b: number, c: number, out: number, bytes: number) => void;

export interface AxpbPlan {
  n: number;
  run(): void;
  /** The output (a view into Wasm memory, valid until the memory grows). */
  out(): Float32Array | Float64Array;
}

/** out = a·b + c over elements [first, first + n) of the global arrays. */
export function axpbPlan(inst: WorkloadInstance, L: Lanes, n: number, first: number): AxpbPlan {
  const bytes = align64(n * L.bytes);
  const [aOff, bOff, cOff, outOff] = [0, bytes, 2 * bytes, 3 * bytes];
  inst.ensure(4 * bytes);
  fillInputs(inst.view(L, aOff, n), SEED.a, first, L.dtype);
  fillInputs(inst.view(L, bOff, n), SEED.b, first, L.dtype);
  fillInputs(inst.view(L, cOff, n), SEED.c, first, L.dtype);
  const fn = inst.fn<AxpbFn>('axpb');
  const perLine = 64 / L.bytes;
  const simdElems = n - (n % perLine);
  const round = L.dtype === 'f32' ? Math.fround : (x: number) => x;
  return {
    n,
    run: () => {
      fn(aOff, bOff, cOff, outOff, simdElems * L.bytes);
      if (simdElems < n) {
        const [a, b, c, out] = [aOff, bOff, cOff, outOff].map((o) => inst.view(L, o, n)) as [
          Float32Array,
          Float32Array,
          Float32Array,
          Float32Array,
        ];
        for (let i = simdElems; i < n; i++)
          out[i] = round(round((a[i] as number) * (b[i] as number)) + (c[i] as number));
      }
    },
    out: () => inst.view(L, outOff, n),
  };
}

/** Elements [first, first + count) of out = a·b + c. */
export type ElementwiseSlice = { kind: 'elementwise'; first: number; count: number };

export const elementwiseCpu: CpuKernel<ElementwiseShape, ElementwiseSlice> = {
  // Whole 64-byte lines per worker (16 floats), so no two workers write one cache line.
  slices: (s, threads) =>
    splitRange(s.elements, threads, 16).map((r) => ({ kind: 'elementwise', first: r.start, count: r.count })),
  async prepare(slice, dtype) {
    const L = lanesFor(dtype);
    const plan = axpbPlan(await WorkloadInstance.create([axpbFunc(L)]), L, slice.count, slice.first);
    return {
      run: () => {
        plan.run();
        return undefined;
      },
      check: () => checkAxpb(plan.out(), slice.first, dtype),
    };
  },
};
