/**
 * The matmul's CPU part: C = A·B on every core, split by whole blocks of rows, with a Wasm
 * SIMD micro-kernel written once for float32 (f32x4) and float64 (f64x2).
 *
 * `panel(ap, bp, c, mb, kc, ldc, ldb)` is register-tiled MR × NR (MR = 4 rows; NR = two
 * v128 of columns: 8 in float32, 4 in float64; 6 × 8 spilled registers in V8 and ran
 * ≈ 40 % slower here). For `mb` blocks of 4 rows it keeps the MR × NR block of C in 8
 * accumulators, and for each of `kc` steps loads two v128 of B and broadcasts 4 values of
 * packed A, 8 multiply-adds per step: 8 accumulators + 2 B vectors + 1 broadcast stay within
 * x86-64's 16 xmm registers. Packed A is [row block][k][4 rows]; B is read in place,
 * row-major with `ldb` bytes per row (a packed B panel was tried first, but every worker then
 * packs all of B in JavaScript, a cost that does not shrink with threads); C is row-major
 * with `ldc` bytes per row, read at the start and written at the end (so k splits into blocks).
 */
import type { MatmulShape } from '../../../../model/workloads/kinds/matmul.ts';
import { I, T, countdownLoop, type FuncDef } from '../../../wasm/asm.ts';
import type { SimdFlavor } from '../../../wasm/simd.ts';
import { SEED, fillInputs, roundingOf } from '../../inputs.ts';
import { WorkloadInstance, align64 } from '../../cpu/instance.ts';
import { splitRange, type CpuKernel } from '../../cpu/kernel.ts';
import { lanesFor, type Lanes } from '../../cpu/lanes.ts';
import { checkMatmul } from './reference.ts';

/** Micro-kernel rows. */
export const MR = 4;
/** Matmul blocking: k in blocks of KC (a B panel KC × NR touches KC lines: fits L1), rows in blocks of MC. */
export const KC = 128;
export const MC = 32 * MR;

/** Micro-kernel columns: two v128 of the element type. */
export const nrOf = (L: Lanes): number => 2 * L.lanes;

export function matmulPanel(L: Lanes, flavor: SimdFlavor): FuncDef {
  // params 0 ap, 1 bp, 2 c, 3 mb, 4 kc, 5 ldc, 6 ldb; locals 7 p, 8 a, 9 b, 10.. MR−1 row
  // pointers, then 2·MR accumulators, b0, b1, s
  const [ap, bp, c, mb, kc, ldc, ldb, p, a, b] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const rowPtr = [c, ...Array.from({ length: MR - 1 }, (_, r) => 10 + r)];
  const accBase = 10 + MR - 1;
  const acc = (k: number): number => accBase + k;
  const [b0, b1, s] = [accBase + 2 * MR, accBase + 2 * MR + 1, accBase + 2 * MR + 2];
  const step: number[] = [...I.get(b), ...I.v128Load(0), ...I.set(b0), ...I.get(b), ...I.v128Load(16), ...I.set(b1)];
  for (let r = 0; r < MR; r++) {
    step.push(...I.get(a), ...L.loadSplat(L.bytes * r), ...I.set(s));
    step.push(...L.madd(flavor, s, b0, acc(2 * r)), ...I.set(acc(2 * r)));
    step.push(...L.madd(flavor, s, b1, acc(2 * r + 1)), ...I.set(acc(2 * r + 1)));
  }
  step.push(...I.get(a), ...I.i32(L.bytes * MR), ...I.i32Add(), ...I.set(a));
  step.push(...I.get(b), ...I.get(ldb), ...I.i32Add(), ...I.set(b));

  const block: number[] = [];
  // Row pointers of this MR-row block.
  for (let r = 1; r < MR; r++) {
    block.push(...I.get(rowPtr[r - 1] as number), ...I.get(ldc), ...I.i32Add(), ...I.set(rowPtr[r] as number));
  }
  for (let r = 0; r < MR; r++) {
    block.push(...I.get(rowPtr[r] as number), ...I.v128Load(0), ...I.set(acc(2 * r)));
    block.push(...I.get(rowPtr[r] as number), ...I.v128Load(16), ...I.set(acc(2 * r + 1)));
  }
  block.push(...I.get(bp), ...I.set(b), ...I.get(kc), ...I.set(p));
  block.push(...countdownLoop(p, step));
  for (let r = 0; r < MR; r++) {
    block.push(...I.get(rowPtr[r] as number), ...I.get(acc(2 * r)), ...I.v128Store(0));
    block.push(...I.get(rowPtr[r] as number), ...I.get(acc(2 * r + 1)), ...I.v128Store(16));
  }
  block.push(...I.get(rowPtr[MR - 1] as number), ...I.get(ldc), ...I.i32Add(), ...I.set(c));

  return {
    name: 'panel',
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32],
    results: [],
    locals: [...Array<typeof T.i32>(3 + MR - 1).fill(T.i32), ...Array<typeof T.v128>(2 * MR + 3).fill(T.v128)],
    body: [...I.get(ap), ...I.set(a), ...countdownLoop(mb, block)],
  };
}

type PanelFn = (ap: number, bp: number, c: number, mb: number, kc: number, ldc: number, ldb: number) => void;

export interface MatmulPlan {
  /** Rows of A and C in this plan (a slice of the global matrix), columns of C, depth. */
  m: number;
  n: number;
  k: number;
  /** Pack A and B into the kernel's layout, zero C, run the micro-kernels. */
  run(a: Float32Array | Float64Array, b: Float32Array | Float64Array): void;
  /** C[i][j] after run (local row i); a plain function, safe to pass on. */
  get: (i: number, j: number) => number;
  /** C after run, rows padded to `ldc` elements (a view into Wasm memory: copy rows out of it). */
  c(): { data: Float32Array | Float64Array; ldc: number };
}

/**
 * C (m×n) = A (m×k) · B (k×n), all row-major. Memory: packed A (m rounded up to MR rows ×
 * k), B copied row by row (k × n rounded up to NR columns), C padded likewise. Padding rows
 * and columns are zeros, so any shape works (1×1, tall-skinny, non-multiples of the tile).
 */
export function matmulPlan(inst: WorkloadInstance, L: Lanes, m: number, n: number, k: number): MatmulPlan {
  const NR = nrOf(L);
  const mp = Math.ceil(m / MR) * MR;
  const np = Math.ceil(n / NR) * NR;
  // B's row stride: a multiple of 512 bytes would put the KC rows a B panel touches into a
  // few L1 sets (4 KiB aliasing; 1024³ ran 30 % slower), so such strides get one more line.
  const ldbF = (np * L.bytes) % 512 === 0 ? np + 64 / L.bytes : np;
  const apOff = 0;
  const bpOff = align64(apOff + mp * k * L.bytes);
  const cOff = align64(bpOff + k * ldbF * L.bytes);
  inst.ensure(cOff + mp * np * L.bytes);
  const panel = inst.fn<PanelFn>('panel');
  const ldc = np * L.bytes;
  const pack = (a: Float32Array | Float64Array, b: Float32Array | Float64Array): void => {
    const ap = inst.view(L, apOff, mp * k);
    const bp = inst.view(L, bpOff, k * ldbF);
    if (ldbF !== n) bp.fill(0);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      // A block: [row block][p][MR rows]
      let o = pc * mp;
      for (let ib = 0; ib < mp; ib += MR) {
        for (let p = 0; p < kc; p++) {
          for (let r = 0; r < MR; r++) {
            const row = ib + r;
            ap[o++] = row < m ? (a[row * k + pc + p] as number) : 0;
          }
        }
      }
    }
    // B: row-major, rows padded to whole NR-column panels (padding columns stay zero).
    if (ldbF === n) bp.set(b);
    else for (let p = 0; p < k; p++) bp.set(b.subarray(p * n, p * n + n), p * ldbF);
  };
  return {
    m,
    n,
    k,
    run: (a, b) => {
      pack(a, b);
      inst.view(L, cOff, mp * np).fill(0);
      for (let pc = 0; pc < k; pc += KC) {
        const kc = Math.min(KC, k - pc);
        for (let ic = 0; ic < mp; ic += MC) {
          const mb = Math.min(MC, mp - ic) / MR;
          const ap = apOff + (pc * mp + ic * kc) * L.bytes;
          for (let jp = 0; jp < np; jp += NR) {
            panel(ap, bpOff + (pc * ldbF + jp) * L.bytes, cOff + (ic * np + jp) * L.bytes, mb, kc, ldc, ldbF * L.bytes);
          }
        }
      }
    },
    get: (i, j) => inst.view(L, cOff, mp * np)[i * np + j] as number,
    c: () => ({ data: inst.view(L, cOff, mp * np), ldc: np }),
  };
}

/** Rows [r0, r0 + rows) of C = A·B. */
export type MatmulSlice = { kind: 'matmul'; m: number; n: number; k: number; r0: number; rows: number };

export const matmulCpu: CpuKernel<MatmulShape, MatmulSlice> = {
  // Whole micro-kernel row blocks per worker.
  slices: (s, threads) =>
    splitRange(s.m, threads, MR).map((r) => ({ kind: 'matmul', m: s.m, n: s.n, k: s.k, r0: r.start, rows: r.count })),
  async prepare(slice, dtype, flavor) {
    const { m, n, k, r0, rows } = slice;
    if (!(r0 >= 0 && rows >= 0 && r0 + rows <= m)) throw new Error(`rows ${r0}..${r0 + rows} outside 0..${m}`);
    const L = lanesFor(dtype);
    const inst = await WorkloadInstance.create([matmulPanel(L, flavor)]);
    const make = (len: number) => (dtype === 'f64' ? new Float64Array(len) : new Float32Array(len));
    const a = make(rows * k);
    const b = make(k * n);
    fillInputs(a, SEED.a, r0 * k, dtype);
    fillInputs(b, SEED.b, 0, dtype);
    const plan = matmulPlan(inst, L, rows, n, k);
    return {
      run: () => {
        plan.run(a, b);
        return undefined;
      },
      check: () => checkMatmul((i, j) => plan.get(i - r0, j), r0, rows, n, k, dtype, roundingOf(dtype)),
    };
  },
};
