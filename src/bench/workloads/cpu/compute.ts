/**
 * One Wasm instance of the workload kernels and the plans that drive it: the memory layout,
 * packing and loop nest around each kernel, the tails the SIMD loops leave, and the outputs.
 * A plan is built once (memory grown, inputs written: not timed) and `run()` is what a
 * worker times. Used in the workers (one slice each) and directly by the unit tests.
 */
import { ensureMemory, instantiateSync, instantiateWith } from '../../wasm/asm.ts';
import type { SimdFlavor } from '../../cpu/wasm-kernel.ts';
import { MR, NR, SUM_BLOCK, emitWorkloadModule } from './kernels.ts';
import { SEED, SOFTMAX_SCALE, fillInputs } from './reference.ts';

/** Matmul blocking: k in blocks of KC (a B panel KC × 8 touches KC lines: fits L1), rows in blocks of MC. */
export const KC = 128;
export const MC = 32 * MR;

type PanelFn = (ap: number, bp: number, c: number, mb: number, kc: number, ldc: number, ldb: number) => void;
type AxpbFn = (a: number, b: number, c: number, out: number, bytes: number) => void;
type SumFn = (ptr: number, blocks: number) => number;
type SoftmaxFn = (x: number, y: number, rows: number, vecs: number) => void;

const align = (bytes: number): number => Math.ceil(bytes / 64) * 64;

export interface MatmulPlan {
  /** Rows of A and C in this plan (a slice of the global matrix), columns of C, depth. */
  m: number;
  n: number;
  k: number;
  /** Pack A and B into the kernel's layout, zero C, run the micro-kernels. */
  run(a: Float32Array, b: Float32Array): void;
  /** C[i][j] after run (local row i); a plain function, safe to pass on. */
  get: (i: number, j: number) => number;
}

export interface AxpbPlan {
  n: number;
  run(): void;
  /** The output (a view into Wasm memory, valid until the memory grows). */
  out(): Float32Array;
}

export interface SumPlan {
  n: number;
  run(): number;
}

export interface SoftmaxPlan {
  rows: number;
  cols: number;
  run(): void;
  get: (r: number, c: number) => number;
}

/** One instance of the workload module with its own growable memory. */
export class WorkloadInstance {
  private constructor(
    readonly memory: WebAssembly.Memory,
    private readonly exports: WebAssembly.Exports,
    readonly flavor: SimdFlavor,
  ) {}

  static async create(flavor: SimdFlavor): Promise<WorkloadInstance> {
    const memory = new WebAssembly.Memory({ initial: 1 });
    return new WorkloadInstance(memory, await instantiateWith(emitWorkloadModule(flavor), memory), flavor);
  }

  /** Synchronous (tests). */
  static createSync(flavor: SimdFlavor): WorkloadInstance {
    const memory = new WebAssembly.Memory({ initial: 1 });
    return new WorkloadInstance(memory, instantiateSync(emitWorkloadModule(flavor), memory), flavor);
  }

  private fn<F>(name: string): F {
    return this.exports[name] as F;
  }

  /** Floats view at a byte offset (re-created after growth). */
  private f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  /**
   * C (m×n) = A (m×k) · B (k×n), all row-major. Memory: packed A (m rounded up to 4 rows ×
   * k), B copied row by row (k × n rounded up to 8 columns), C padded likewise. Padding rows and
   * columns are zeros, so any shape works (1×1, tall-skinny, non-multiples of the tile).
   */
  matmul(m: number, n: number, k: number): MatmulPlan {
    const mp = Math.ceil(m / MR) * MR;
    const np = Math.ceil(n / NR) * NR;
    // B's row stride: a multiple of 512 bytes would put the KC rows a B panel touches into a
    // few L1 sets (4 KiB aliasing; 1024³ ran 30 % slower), so such strides get one more line.
    const ldbF = (np * 4) % 512 === 0 ? np + 16 : np;
    const apOff = 0;
    const bpOff = align(apOff + mp * k * 4);
    const cOff = align(bpOff + k * ldbF * 4);
    ensureMemory(this.memory, cOff + mp * np * 4);
    const panel = this.fn<PanelFn>('panel');
    const ldc = np * 4;
    const pack = (a: Float32Array, b: Float32Array): void => {
      const ap = this.f32(apOff, mp * k);
      const bp = this.f32(bpOff, k * ldbF);
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
      // B: row-major, rows padded to whole 8-column panels (padding columns stay zero).
      if (ldbF === n) {
        bp.set(b);
      } else {
        for (let p = 0; p < k; p++) bp.set(b.subarray(p * n, p * n + n), p * ldbF);
      }
    };
    return {
      m,
      n,
      k,
      run: (a, b) => {
        pack(a, b);
        this.f32(cOff, mp * np).fill(0);
        for (let pc = 0; pc < k; pc += KC) {
          const kc = Math.min(KC, k - pc);
          for (let ic = 0; ic < mp; ic += MC) {
            const mb = Math.min(MC, mp - ic) / MR;
            const ap = apOff + (pc * mp + ic * kc) * 4;
            for (let jp = 0; jp < np; jp += NR) {
              panel(ap, bpOff + (pc * ldbF + jp) * 4, cOff + (ic * np + jp) * 4, mb, kc, ldc, ldbF * 4);
            }
          }
        }
      },
      get: (i, j) => this.f32(cOff, mp * np)[i * np + j] as number,
    };
  }

  /** out = a·b + c over elements [first, first + n) of the global arrays. */
  axpb(n: number, first: number): AxpbPlan {
    const bytes = align(n * 4);
    const [aOff, bOff, cOff, outOff] = [0, bytes, 2 * bytes, 3 * bytes];
    ensureMemory(this.memory, 4 * bytes);
    fillInputs(this.f32(aOff, n), SEED.a, first);
    fillInputs(this.f32(bOff, n), SEED.b, first);
    fillInputs(this.f32(cOff, n), SEED.c, first);
    const fn = this.fn<AxpbFn>('axpb');
    const simdElems = n - (n % 16);
    return {
      n,
      run: () => {
        fn(aOff, bOff, cOff, outOff, simdElems * 4);
        if (simdElems < n) {
          const [a, b, c, out] = [this.f32(aOff, n), this.f32(bOff, n), this.f32(cOff, n), this.f32(outOff, n)];
          for (let i = simdElems; i < n; i++) {
            out[i] = Math.fround(Math.fround((a[i] as number) * (b[i] as number)) + (c[i] as number));
          }
        }
      },
      out: () => this.f32(outOff, n),
    };
  }

  /** Σ x over elements [first, first + n) of the global x. */
  sum(n: number, first: number): SumPlan {
    ensureMemory(this.memory, align(n * 4));
    fillInputs(this.f32(0, n), SEED.x, first);
    const fn = this.fn<SumFn>('sum');
    const blocks = Math.floor(n / SUM_BLOCK);
    return {
      n,
      run: () => {
        let total = fn(0, blocks);
        const x = this.f32(0, n);
        for (let i = blocks * SUM_BLOCK; i < n; i++) total += x[i] as number;
        return total;
      },
    };
  }

  /** Softmax of each row of `rows` × `cols`, rows [r0, r0 + rows) of the global input. */
  softmax(rows: number, cols: number, r0: number): SoftmaxPlan {
    const vecs = Math.ceil(cols / 4);
    const stride = vecs * 4;
    const bytes = align(rows * stride * 4);
    ensureMemory(this.memory, 2 * bytes);
    const x = this.f32(0, rows * stride);
    x.fill(-3.4028234663852886e38); // padding lanes: −FLT_MAX, so they change neither max nor sum
    for (let r = 0; r < rows; r++)
      fillInputs(x.subarray(r * stride, r * stride + cols), SEED.x, (r0 + r) * cols, SOFTMAX_SCALE);
    const fn = this.fn<SoftmaxFn>('softmax');
    return {
      rows,
      cols,
      run: () => fn(0, bytes, rows, vecs),
      get: (r, c) => this.f32(bytes, rows * stride)[r * stride + c] as number,
    };
  }
}
