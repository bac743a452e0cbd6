/**
 * What this engine's WebAssembly offers: fixed-width SIMD (v128) and relaxed SIMD
 * (`relaxed_madd`), found by `WebAssembly.validate` of two tiny modules. Shared by the CPU
 * tiers (bench/cpu) and the workload kernels (bench/workloads). Pure.
 */
import { I, SIMD, assembleModule } from './asm.ts';

/** How a kernel computes `x·y + z`: relaxed_madd (fused or not, the engine's choice) or mul then add. */
export type SimdFlavor = 'relaxed_madd' | 'mul_add';

/** Lane type of a SIMD kernel. */
export type Precision = 'f32' | 'f64';

const ZERO = I.v128ConstF32([0, 0, 0, 0]);

function probe(body: number[]): Uint8Array<ArrayBuffer> {
  return assembleModule([{ name: 'probe', params: [], results: [], locals: [], body: [...body, ...I.drop()] }]);
}

/** Bytes of a module that validates only where fixed-width SIMD (v128) is supported. */
export function simdProbeBytes(): Uint8Array<ArrayBuffer> {
  return probe([...ZERO, ...ZERO, ...I.simd(SIMD.f32x4Add)]);
}

/** Bytes of a module that validates only where relaxed SIMD (relaxed_madd) is supported. */
export function relaxedSimdProbeBytes(): Uint8Array<ArrayBuffer> {
  return probe([...ZERO, ...ZERO, ...ZERO, ...I.simd(SIMD.f32x4RelaxedMadd)]);
}

/** What this engine supports, by `WebAssembly.validate` of the probe modules. */
export function detectSimdSupport(): { simd: boolean; relaxed: boolean } {
  if (typeof WebAssembly === 'undefined' || typeof WebAssembly.validate !== 'function') {
    return { simd: false, relaxed: false };
  }
  const simd = safeValidate(simdProbeBytes());
  return { simd, relaxed: simd && safeValidate(relaxedSimdProbeBytes()) };
}

function safeValidate(bytes: Uint8Array<ArrayBuffer>): boolean {
  try {
    return WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}
