/**
 * The CPU memory-bandwidth kernel: a STREAM-style triad `c[i] = a[i]·s + b[i]` over f32
 * arrays in a Wasm memory, with f32x4 loads and stores, four vectors (64 bytes, one cache
 * line) per loop iteration. Counted bytes per pass: 2 reads + 1 write per element (12 bytes),
 * the STREAM convention — the write-allocate read of `c` that a CPU performs is not counted,
 * exactly as it is not counted for NumPy's `np.add(a, b, out=c)`, so the figure predicts
 * array code honestly. Pure: emits bytes and builds references; no timers.
 *
 * ```wat
 * (func (export "triad") (param $a i32) (param $b i32) (param $c i32) (param $bytes i32)
 *                        (param $passes i32) (param $s f32) (local $o i32) (local $vs v128)
 *   (local.set $vs (f32x4.splat (local.get $s)))
 *   (loop $pass                                     ;; $passes times (≥ 1)
 *     (local.set $o (i32.const 0))
 *     (loop $line                                   ;; one 64-byte line of each array
 *       (v128.store offset=0 (i32.add $c $o)
 *         (f32x4.add (f32x4.mul (v128.load offset=0 (i32.add $a $o)) $vs) (v128.load offset=0 (i32.add $b $o))))
 *       ... offsets 16, 32, 48 ...
 *       (br_if $line (i32.lt_u (local.tee $o (i32.add $o (i32.const 64))) $bytes)))
 *     (br_if $pass (local.tee $passes (i32.sub $passes 1)))))
 * ```
 * Plain mul then add (not relaxed_madd): the result is then exactly `fround(fround(a·s) + b)`,
 * and bandwidth, not arithmetic, is what is measured.
 */
import { I, SIMD, T, assembleModule, countdownLoop } from '../wasm/asm.ts';

/** Bytes one triad loop iteration moves per array (one cache line). */
export const MEM_LINE = 64;

/** The triad's scalar. */
export const TRIAD_S = 0.5;

/** Emit the bandwidth module: `triad(a, b, c, bytesPerArray, passes, s)`. */
export function emitMemKernel(): Uint8Array<ArrayBuffer> {
  // params: 0 a, 1 b, 2 c, 3 bytes, 4 passes, 5 s; locals: 6 o, 7 vs
  const [a, b, c, bytes, passes, s, o, vs] = [0, 1, 2, 3, 4, 5, 6, 7];
  const line: number[] = [];
  for (let k = 0; k < 4; k++) {
    const off = 16 * k;
    line.push(...I.get(c), ...I.get(o), ...I.i32Add());
    line.push(...I.get(a), ...I.get(o), ...I.i32Add(), ...I.v128Load(off), ...I.get(vs), ...I.simd(SIMD.f32x4Mul));
    line.push(...I.get(b), ...I.get(o), ...I.i32Add(), ...I.v128Load(off), ...I.simd(SIMD.f32x4Add));
    line.push(...I.v128Store(off));
  }
  const pass = [
    ...I.i32(0),
    ...I.set(o),
    ...I.loop(),
    ...line,
    ...I.get(o),
    ...I.i32(MEM_LINE),
    ...I.i32Add(),
    ...I.tee(o),
    ...I.get(bytes),
    ...I.i32LtU(),
    ...I.brIf(0),
    ...I.end(),
  ];
  const body = [...I.get(s), ...I.simd(SIMD.f32x4Splat), ...I.set(vs), ...countdownLoop(passes, pass)];
  return assembleModule([
    {
      name: 'triad',
      params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.f32],
      results: [],
      locals: [T.i32, T.v128],
      body,
    },
  ]);
}

/** Where the three arrays live for a given largest working set (3 arrays, 64-byte aligned). */
export interface MemLayout {
  a: number;
  b: number;
  c: number;
  /** Largest bytes per array. */
  maxArrayBytes: number;
  /** Total memory needed. */
  totalBytes: number;
}

export function memLayout(maxWorkingSetBytes: number): MemLayout {
  const maxArrayBytes = Math.max(MEM_LINE, Math.floor(maxWorkingSetBytes / 3 / MEM_LINE) * MEM_LINE);
  return { a: 0, b: maxArrayBytes, c: 2 * maxArrayBytes, maxArrayBytes, totalBytes: 3 * maxArrayBytes };
}

/** Bytes per array for a working set (whole cache lines, at least one). */
export function arrayBytesFor(workingSetBytes: number): number {
  return Math.max(MEM_LINE, Math.floor(workingSetBytes / 3 / MEM_LINE) * MEM_LINE);
}

/** Counted bytes of one pass over arrays of `arrayBytes`: 2 reads + 1 write. */
export function triadBytesPerPass(arrayBytes: number): number {
  return 3 * arrayBytes;
}

/** Deterministic input values in [1, 2): exact in f32, distinct along the array. */
export function memInput(i: number, which: 0 | 1): number {
  return 1 + (((i * (which === 0 ? 2654435761 : 40503)) >>> 0) % 4096) / 4096;
}

/** Fill `a` and `b` in `buffer` (f32, `elements` each) with the deterministic inputs. */
export function fillMemInputs(buffer: ArrayBuffer, layout: MemLayout, elements: number): void {
  const a = new Float32Array(buffer, layout.a, elements);
  const b = new Float32Array(buffer, layout.b, elements);
  for (let i = 0; i < elements; i++) {
    a[i] = memInput(i, 0);
    b[i] = memInput(i, 1);
  }
}

/** The triad's exact f32 result for element `i`. */
export function triadReference(i: number): number {
  return Math.fround(Math.fround(memInput(i, 0) * TRIAD_S) + memInput(i, 1));
}

/** The indices {@link checkTriad} probes: up to `probes` spread indices and the last. */
export function triadProbes(elements: number, probes = 64): number[] {
  const step = Math.max(1, Math.floor(elements / probes));
  const out: number[] = [];
  for (let i = 0; i < elements; i += step) out.push(i);
  if (out.at(-1) !== elements - 1) out.push(elements - 1);
  return out;
}

/** Overwrite the probed elements of `c` with NaN, so a run that skipped writing them is caught. */
export function poisonTriad(c: Float32Array, elements: number, probes = 64): void {
  for (const i of triadProbes(elements, probes)) c[i] = Number.NaN;
}

/**
 * Check `c` (f32, `elements` long) at the probe indices; the triad is exact (plain mul then
 * add), so every probed value must match bit for bit.
 */
export function checkTriad(
  c: Float32Array,
  elements: number,
  probes = 64,
): { ok: true } | { ok: false; error: string } {
  for (const i of triadProbes(elements, probes)) {
    const want = triadReference(i);
    const got = c[i];
    if (got !== want) return { ok: false, error: `element ${i} of ${elements} gave ${got}; expected ${want}` };
  }
  return { ok: true };
}

/** Prefix of the cache-sweep keys in a memory metric's details: `sweepGBps.<bytes>` → GB/s. */
export const SWEEP_KEY = 'sweepGBps.';
