/** What the CPU kernel tests run over: both SIMD flavours where the engine has relaxed SIMD, both CPU types. */
import { setFlagsFromString } from 'node:v8';
import { detectSimdSupport } from '../../../../../src/bench/wasm/simd.ts';
import { lanesFor, type CpuDtype } from '../../../../../src/bench/workloads/cpu/lanes.ts';

setFlagsFromString('--experimental-wasm-relaxed-simd'); // Node 20; on by default in Chromium and Node 22

export const FLAVORS = detectSimdSupport().relaxed ? (['mul_add', 'relaxed_madd'] as const) : (['mul_add'] as const);
export const CPU_DTYPES: readonly CpuDtype[] = ['f32', 'f64'];

/** Every (type, flavour) pair, as `describe.each` rows. */
export const CASES = CPU_DTYPES.flatMap((dtype) => FLAVORS.map((flavor) => [dtype, flavor, lanesFor(dtype)] as const));
