/**
 * CPU tier kernels: the Wasm binary emitter, the emitted kernel's arithmetic against the
 * Math.fround reference, the JS kernel against its f64 reference, and the checks' power
 * to reject wrong output.
 */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import {
  KERNEL_A,
  KERNEL_M,
  SIMD_REL_TOL,
  checkClosedForm,
  checkF64AgainstReference,
  checkJsExact,
  checkSimdAgainstReference,
  jsFlopsPerCall,
  jsInitialState,
  jsKernel,
  jsReference,
  simdInitialMemory,
  simdReference,
} from '../../../../src/bench/cpu/kernels.ts';
import {
  detectSimdSupport,
  emitSimdKernel,
  relaxedSimdProbeBytes,
  simdFlopsPerCall,
  simdLayout,
  simdProbeBytes,
  sleb128,
  uleb128,
  type SimdKernelShape,
} from '../../../../src/bench/cpu/wasm-kernel.ts';

/** Instantiate an emitted kernel and return a function running `loops` from the standard start. */
async function instantiate(shape: SimdKernelShape): Promise<{ run: (loops: number) => number[]; initial: number[] }> {
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(emitSimdKernel(shape)));
  const run = instance.exports['run'] as (loops: number) => void;
  const mem = instance.exports['mem'] as WebAssembly.Memory;
  const { floats, initial } = simdInitialMemory(shape.chains);
  return {
    initial,
    run(loops) {
      const view = new Float32Array(mem.buffer, 0, floats.length);
      view.set(floats);
      run(loops);
      return Array.from(view.subarray(0, initial.length));
    },
  };
}

describe('LEB128 encoders', () => {
  it('encodes unsigned values as the spec examples do', () => {
    expect(uleb128(0)).toEqual([0x00]);
    expect(uleb128(127)).toEqual([0x7f]);
    expect(uleb128(128)).toEqual([0x80, 0x01]);
    expect(uleb128(0x105)).toEqual([0x85, 0x02]); // f32x4.relaxed_madd's sub-opcode
    expect(uleb128(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(() => uleb128(-1)).toThrow(RangeError);
  });
  it('encodes signed values', () => {
    expect(sleb128(0)).toEqual([0x00]);
    expect(sleb128(1)).toEqual([0x01]);
    expect(sleb128(-1)).toEqual([0x7f]);
    expect(sleb128(63)).toEqual([0x3f]);
    expect(sleb128(64)).toEqual([0xc0, 0x00]);
    expect(sleb128(-64)).toEqual([0x40]);
    expect(sleb128(-65)).toEqual([0xbf, 0x7f]);
  });
});

describe('Wasm SIMD emitter', () => {
  it('emits a module WebAssembly.validate accepts, for several shapes', () => {
    for (const chains of [1, 8, 12, 16]) {
      for (const unroll of [1, 4]) {
        expect(WebAssembly.validate(emitSimdKernel({ flavor: 'mul_add', chains, unroll }))).toBe(true);
      }
    }
  });
  it('starts with the Wasm magic and version', () => {
    const bytes = emitSimdKernel({ flavor: 'mul_add', chains: 2, unroll: 1 });
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  });
  it('rejects silly shapes', () => {
    expect(() => emitSimdKernel({ flavor: 'mul_add', chains: 0, unroll: 1 })).toThrow(RangeError);
    expect(() => emitSimdKernel({ flavor: 'mul_add', chains: 4, unroll: 1.5 })).toThrow(RangeError);
  });
  it('detects SIMD in Node 20, and relaxed SIMD exactly when the V8 flag is on', () => {
    expect(WebAssembly.validate(simdProbeBytes())).toBe(true);
    const before = detectSimdSupport();
    expect(before.simd).toBe(true);
    setFlagsFromString('--experimental-wasm-relaxed-simd'); // Node 20 (V8 11.3) ships it off
    expect(WebAssembly.validate(relaxedSimdProbeBytes())).toBe(true);
    expect(detectSimdSupport()).toEqual({ simd: true, relaxed: true });
    expect(WebAssembly.validate(emitSimdKernel({ flavor: 'relaxed_madd', chains: 12, unroll: 4 }))).toBe(true);
  });
  it('counts FLOPs as 2 × 4 lanes per multiply-add', () => {
    expect(simdFlopsPerCall({ flavor: 'mul_add', chains: 12, unroll: 4 }, 10)).toBe(10 * 4 * 12 * 8);
    expect(simdLayout(12)).toEqual({ accOffset: 0, mOffset: 192, aOffset: 208, bytes: 224 });
  });
});

describe('Wasm SIMD kernel output', () => {
  it('mul_add matches the unfused Math.fround reference bit for bit', async () => {
    const shape: SimdKernelShape = { flavor: 'mul_add', chains: 12, unroll: 4 };
    const k = await instantiate(shape);
    for (const loops of [1, 3, 64]) {
      const out = k.run(loops);
      expect(out).toEqual(simdReference(k.initial, KERNEL_M, KERNEL_A, loops * shape.unroll, false));
      const check = checkSimdAgainstReference(out, k.initial, KERNEL_M, KERNEL_A, loops * shape.unroll);
      expect(check.ok).toBe(true);
    }
  });
  it('run(0) leaves the accumulators untouched', async () => {
    const k = await instantiate({ flavor: 'mul_add', chains: 3, unroll: 2 });
    expect(k.run(0)).toEqual(k.initial);
  });
  it('relaxed_madd matches the fused or the unfused reference within tolerance', async () => {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
    const shape: SimdKernelShape = { flavor: 'relaxed_madd', chains: 12, unroll: 4 };
    const k = await instantiate(shape);
    // Call repeatedly so the optimizing tier (which may fuse) also gets checked.
    for (let i = 0; i < 50; i++) {
      const out = k.run(64);
      const check = checkSimdAgainstReference(out, k.initial, KERNEL_M, KERNEL_A, 256);
      expect(check.ok).toBe(true);
    }
  });
  it('rejects output one step short, and NaN', async () => {
    const k = await instantiate({ flavor: 'mul_add', chains: 12, unroll: 4 });
    const out = k.run(64);
    const check = checkSimdAgainstReference(out, k.initial, KERNEL_M, KERNEL_A, 255);
    expect(check.ok).toBe(false);
    const withNaN = [...out];
    withNaN[5] = Number.NaN;
    expect(checkSimdAgainstReference(withNaN, k.initial, KERNEL_M, KERNEL_A, 256).ok).toBe(false);
  });
  it('the fused and unfused references differ, so accepting either is a real choice', () => {
    const initial = simdInitialMemory(12).initial;
    const u = simdReference(initial, KERNEL_M, KERNEL_A, 256, false);
    const f = simdReference(initial, KERNEL_M, KERNEL_A, 256, true);
    expect(u).not.toEqual(f);
    // ... but by far less than the tolerance.
    u.forEach((x, i) => expect(Math.abs(x - (f[i] as number))).toBeLessThan(SIMD_REL_TOL * Math.abs(x)));
  });
  it('passes the closed-form check after a long run and fails it for a short one', async () => {
    const k = await instantiate({ flavor: 'mul_add', chains: 12, unroll: 4 });
    const out = k.run(100_000);
    expect(checkClosedForm(out, k.initial, KERNEL_M, 400_000).ok).toBe(true);
    expect(checkClosedForm(k.run(100), k.initial, KERNEL_M, 400_000).ok).toBe(false);
  });
});

describe('plain-JS kernel', () => {
  it('matches its f64 reference exactly', () => {
    const state = jsInitialState();
    const initial = Array.from(state);
    jsKernel(state, KERNEL_M, KERNEL_A, 1000);
    expect(checkJsExact(state, jsReference(initial, KERNEL_M, KERNEL_A, 1000))).toEqual({ ok: true });
    expect(new Set(initial).size).toBe(initial.length); // distinct chains
  });
  it('rejects a one-ulp difference', () => {
    const state = jsInitialState();
    const initial = Array.from(state);
    jsKernel(state, KERNEL_M, KERNEL_A, 10);
    const expected = jsReference(initial, KERNEL_M, KERNEL_A, 10);
    state[3] = (state[3] as number) * (1 + Number.EPSILON);
    expect(checkJsExact(state, expected).ok).toBe(false);
  });
  it('counts 2 f64 FLOPs per chain per step', () => {
    expect(jsFlopsPerCall(1000)).toBe(1000 * 12 * 2);
  });
});

describe('f64x2 throughput kernel', () => {
  it('emits a valid module whose lanes match the f64 reference, and counts 2 lanes', async () => {
    for (const flavor of ['mul_add', 'relaxed_madd'] as const) {
      if (flavor === 'relaxed_madd' && !detectSimdSupport().relaxed) continue;
      const shape: SimdKernelShape = { flavor, chains: 5, unroll: 2, precision: 'f64' };
      const instance = await WebAssembly.instantiate(await WebAssembly.compile(emitSimdKernel(shape)));
      const run = instance.exports['run'] as (loops: number) => void;
      const mem = instance.exports['mem'] as WebAssembly.Memory;
      const { floats, initial } = simdInitialMemory(5, 'f64');
      expect(initial).toHaveLength(10);
      new Float64Array(mem.buffer, 0, floats.length).set(floats);
      run(128);
      const out = Array.from(new Float64Array(mem.buffer, 0, initial.length));
      const check = checkF64AgainstReference(out, initial, KERNEL_M, KERNEL_A, 256);
      expect(check.ok).toBe(true);
      // mul then add in f64 is exactly JavaScript's arithmetic.
      if (flavor === 'mul_add') expect(check).toEqual({ ok: true, matched: 'exact' });
      // One step fewer is caught.
      expect(checkF64AgainstReference(out, initial, KERNEL_M, KERNEL_A, 255).ok).toBe(false);
    }
    expect(simdFlopsPerCall({ flavor: 'mul_add', chains: 5, unroll: 2, precision: 'f64' }, 3)).toBe(3 * 2 * 5 * 2 * 2);
  });
});
