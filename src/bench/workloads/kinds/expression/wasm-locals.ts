/**
 * The locals of a WebAssembly function being generated: fresh ones, one per named role
 * (so a math routine reuses its own working locals and never clobbers a caller's), and a
 * pool of v128 constants (f32, i32, f64 or i64 lanes) set once before the loops. Pure.
 */
import { T, type ValType } from '../../../wasm/asm.ts';
import { J } from './wasm-ops.ts';

/** Locals of a function being generated: fresh ones, and one per named role (reused). */
export class Locals {
  readonly types: ValType[] = [];
  private readonly byRole = new Map<string, number>();
  constructor(private readonly params: number) {}

  add(type: ValType): number {
    this.types.push(type);
    return this.params + this.types.length - 1;
  }

  role(name: string, type: ValType = T.v128): number {
    let i = this.byRole.get(name);
    if (i === undefined) {
      i = this.add(type);
      this.byRole.set(name, i);
    }
    return i;
  }

  private readonly constants = new Map<string, { local: number; init: number[] }>();

  /** A v128 constant, read from a local set once before the loops: x86 has no 128-bit immediates, so a v128.const inside the loop can cost several instructions at every use. */
  private constant(key: string, init: number[]): number[] {
    let c = this.constants.get(key);
    if (!c) {
      c = { local: this.add(T.v128), init };
      this.constants.set(key, c);
    }
    return J.get(c.local);
  }

  /** Four f32 lanes of `x`. */
  f32(x: number): number[] {
    return this.constant(`f${Object.is(x, -0) ? '-0' : String(x)}`, J.splat(x));
  }

  /** Four i32 lanes of `x`. */
  i32(x: number): number[] {
    return this.constant(`i${x | 0}`, J.splatI32(x));
  }

  /** Two f64 lanes of `x`. */
  f64(x: number): number[] {
    return this.constant(`d${Object.is(x, -0) ? '-0' : String(x)}`, J.splatF64(x));
  }

  /** Two i64 lanes of the 64-bit pattern `x`. */
  i64(x: bigint): number[] {
    return this.constant(`l${BigInt.asIntN(64, x)}`, J.splatI64(x));
  }

  /** Code setting every constant's local: run it once, first. */
  prologue(): number[] {
    return [...this.constants.values()].flatMap((c) => [...c.init, ...J.set(c.local)]);
  }
}
