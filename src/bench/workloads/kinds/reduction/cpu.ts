/**
 * The reduction's CPU part: every worker sums its share of x; the runner adds the parts and
 * checks the total. `sum(ptr, blocks)` → f64 sums `blocks` blocks of 2 KiB (512 float32
 * or 256 float64): within a block four v128 accumulators (each float32 lane sums 32
 * values), then each block's total is added in float64 (f64x2.promote_low_f32x4 for
 * float32), so the result is accurate at any length (NumPy's pairwise summation is
 * comparable; a plain float32 running sum is not).
 */
import type { ReductionShape } from '../../../../model/workloads/kinds/reduction.ts';
import { HIGH_HALF_TO_LOW, I, SIMD, T, countdownLoop, type FuncDef } from '../../../wasm/asm.ts';
import { SEED, fillInputs, roundingOf, type Check } from '../../inputs.ts';
import { WorkloadInstance, align64 } from '../../cpu/instance.ts';
import { splitRange, type CpuKernel } from '../../cpu/kernel.ts';
import { lanesFor, type Lanes } from '../../cpu/lanes.ts';
import { sumReference } from './reference.ts';

/** Bytes per sum block. */
export const SUM_BLOCK_BYTES = 2048;

export function sumFunc(L: Lanes): FuncDef {
  // params 0 ptr, 1 blocks; locals 2 i, 3..6 acc (v128), 7 tot (f64x2), 8 blockSum (v128)
  const [ptr, blocks, i] = [0, 1, 2];
  const acc = (k: number): number => 3 + k;
  const [tot, bs] = [7, 8];
  const inner: number[] = [];
  for (let k = 0; k < 4; k++) {
    inner.push(...I.get(acc(k)), ...I.get(ptr), ...I.v128Load(16 * k), ...L.add, ...I.set(acc(k)));
  }
  inner.push(...I.get(ptr), ...I.i32(64), ...I.i32Add(), ...I.set(ptr));
  const zero = I.v128ConstF32([0, 0, 0, 0]);
  const block: number[] = [];
  for (let k = 0; k < 4; k++) block.push(...zero, ...I.set(acc(k)));
  block.push(...I.i32(SUM_BLOCK_BYTES / 64), ...I.set(i), ...countdownLoop(i, inner));
  block.push(...I.get(acc(0)), ...I.get(acc(1)), ...L.add);
  block.push(...I.get(acc(2)), ...I.get(acc(3)), ...L.add, ...L.add, ...I.set(bs));
  if (L.dtype === 'f32') {
    // Both halves of the f32x4 block sum, promoted to f64x2 and added to the total.
    block.push(...I.get(tot), ...I.get(bs), ...I.simd(SIMD.f64x2PromoteLowF32x4), ...I.simd(SIMD.f64x2Add));
    block.push(...I.get(bs), ...I.get(bs), ...I.shuffle(HIGH_HALF_TO_LOW), ...I.simd(SIMD.f64x2PromoteLowF32x4));
    block.push(...I.simd(SIMD.f64x2Add), ...I.set(tot));
  } else {
    block.push(...I.get(tot), ...I.get(bs), ...I.simd(SIMD.f64x2Add), ...I.set(tot));
  }
  const body = [
    ...zero,
    ...I.set(tot),
    ...countdownLoop(blocks, block),
    ...I.get(tot),
    ...I.f64x2ExtractLane(0),
    ...I.get(tot),
    ...I.f64x2ExtractLane(1),
    ...I.f64Add(),
  ];
  return {
    name: 'sum',
    params: [T.i32, T.i32],
    results: [T.f64],
    locals: [T.i32, T.v128, T.v128, T.v128, T.v128, T.v128, T.v128],
    body,
  };
}

type SumFn = (ptr: number, blocks: number) => number;

export interface SumPlan {
  n: number;
  run(): number;
}

/** Σ x over elements [first, first + n) of the global x. */
export function sumPlan(inst: WorkloadInstance, L: Lanes, n: number, first: number): SumPlan {
  inst.ensure(align64(n * L.bytes));
  fillInputs(inst.view(L, 0, n), SEED.x, first, L.dtype);
  const fn = inst.fn<SumFn>('sum');
  const perBlock = SUM_BLOCK_BYTES / L.bytes;
  const blocks = Math.floor(n / perBlock);
  return {
    n,
    run: () => {
      let total = fn(0, blocks);
      const x = inst.view(L, 0, n);
      for (let i = blocks * perBlock; i < n; i++) total += x[i] as number;
      return total;
    },
  };
}

/**
 * Tolerance of the kernel's sum: each block is summed in the element type (32 values per
 * lane, then 4 lanes and 4 accumulators: ≤ 38 additions deep) and the blocks in f64, so
 * the error is ≤ 38·u·Σ|x| plus the f64 additions of the blocks.
 */
export function sumTolerance(absSum: number, n: number, dtype: 'f32' | 'f64'): number {
  const blocks = Math.ceil((n * (dtype === 'f64' ? 8 : 4)) / SUM_BLOCK_BYTES);
  return (38 * roundingOf(dtype).compute + blocks * 2 ** -53) * absSum + 1e-12;
}

/** Elements [first, first + count) of Σx. */
export type ReductionSlice = { kind: 'reduction'; first: number; count: number };

export const reductionCpu: CpuKernel<ReductionShape, ReductionSlice> = {
  slices: (s, threads) =>
    splitRange(s.elements, threads, 16).map((r) => ({ kind: 'reduction', first: r.start, count: r.count })),
  async prepare(slice, dtype) {
    const L = lanesFor(dtype);
    const plan = sumPlan(await WorkloadInstance.create([sumFunc(L)]), L, slice.count, slice.first);
    return {
      run: () => plan.run(),
      // Each slice's part is checked as part of the total (checkTotal): a part alone says nothing.
      check: (): Check => ({ ok: true, checked: 0 }),
      reference: sumReference(slice.first, slice.count, dtype),
    };
  },
  checkTotal(total, reference, shape, dtype): Check {
    return Math.abs(total - reference.value) <= sumTolerance(reference.absSum, shape.elements, dtype)
      ? { ok: true, checked: 1 }
      : { ok: false, error: `the sum is ${total}; the reference gives ${reference.value}` };
  },
};
