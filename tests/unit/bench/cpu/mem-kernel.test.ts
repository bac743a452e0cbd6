/**
 * The memory-bandwidth triad: the emitted module computes c = a·s + b exactly (checked
 * against the JS reference at every element for small sizes), the checks reject wrong or
 * missing output, and the sweep helpers read the details back.
 */
import { describe, expect, it } from 'vitest';
import {
  MEM_LINE,
  TRIAD_S,
  arrayBytesFor,
  checkTriad,
  emitMemKernel,
  fillMemInputs,
  memLayout,
  poisonTriad,
  triadBytesPerPass,
  triadReference,
} from '../../../../src/bench/cpu/mem-kernel.ts';
import { ensureMemory, instantiateSync } from '../../../../src/bench/wasm/asm.ts';

function setup(maxWs: number) {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const layout = memLayout(maxWs);
  ensureMemory(memory, layout.totalBytes);
  fillMemInputs(memory.buffer, layout, layout.maxArrayBytes / 4);
  const triad = instantiateSync(emitMemKernel(), memory)['triad'] as (
    a: number,
    b: number,
    c: number,
    bytes: number,
    passes: number,
    s: number,
  ) => void;
  return { memory, layout, triad };
}

describe('triad kernel', () => {
  it('validates as WebAssembly and computes every element exactly', () => {
    expect(WebAssembly.validate(emitMemKernel())).toBe(true);
    const { memory, layout, triad } = setup(3 * 4096);
    const bytes = arrayBytesFor(3 * 4096);
    triad(layout.a, layout.b, layout.c, bytes, 3, TRIAD_S);
    const c = new Float32Array(memory.buffer, layout.c, bytes / 4);
    for (let i = 0; i < c.length; i++) expect(c[i]).toBe(triadReference(i));
    expect(checkTriad(c, c.length)).toEqual({ ok: true });
  });

  it('writes only the requested working set (whole lines)', () => {
    const { memory, layout, triad } = setup(3 * 8192);
    const c = new Float32Array(memory.buffer, layout.c, layout.maxArrayBytes / 4);
    c.fill(-1);
    triad(layout.a, layout.b, layout.c, MEM_LINE, 1, TRIAD_S);
    expect(c[15]).toBe(triadReference(15));
    expect(c[16]).toBe(-1);
  });

  it('catches a run that skipped writing (poisoned probes) and a wrong value', () => {
    const { memory, layout } = setup(3 * 4096);
    const c = new Float32Array(memory.buffer, layout.c, 1024);
    for (let i = 0; i < c.length; i++) c[i] = triadReference(i);
    expect(checkTriad(c, c.length).ok).toBe(true);
    poisonTriad(c, c.length);
    expect(checkTriad(c, c.length)).toMatchObject({ ok: false, error: expect.stringMatching(/gave NaN/) });
    for (let i = 0; i < c.length; i++) c[i] = triadReference(i);
    c[c.length - 1] = (c[c.length - 1] as number) + 1;
    expect(checkTriad(c, c.length).ok).toBe(false);
  });

  it('counts 2 reads + 1 write per element and lays out three line-aligned arrays', () => {
    expect(triadBytesPerPass(4096)).toBe(3 * 4096);
    const l = memLayout(256 * 2 ** 20);
    expect(l.b % MEM_LINE).toBe(0);
    expect(l.c).toBe(2 * l.b);
    expect(l.totalBytes).toBeLessThanOrEqual(256 * 2 ** 20);
  });
});
