/**
 * One Wasm instance of a kind's CPU kernel with its own growable memory: a plan lays its
 * arrays out in it, grows it once (not timed) and runs the exported functions. Used in the
 * workers (one slice each) and directly by the unit tests.
 */
import { assembleModule, ensureMemory, instantiateSync, instantiateWith, type FuncDef } from '../../wasm/asm.ts';
import type { Lanes } from './lanes.ts';

export class WorkloadInstance {
  private constructor(
    readonly memory: WebAssembly.Memory,
    private readonly exports: WebAssembly.Exports,
  ) {}

  static async create(funcs: readonly FuncDef[]): Promise<WorkloadInstance> {
    const memory = new WebAssembly.Memory({ initial: 1 });
    return new WorkloadInstance(memory, await instantiateWith(assembleModule(funcs), memory));
  }

  /** Synchronous (tests). */
  static createSync(funcs: readonly FuncDef[]): WorkloadInstance {
    const memory = new WebAssembly.Memory({ initial: 1 });
    return new WorkloadInstance(memory, instantiateSync(assembleModule(funcs), memory));
  }

  /** An exported function. */
  fn<F>(name: string): F {
    const f = this.exports[name];
    if (typeof f !== 'function') throw new Error(`the workload module has no function ${name}`);
    return f as F;
  }

  /** Grow the memory to hold `bytes` (a plain-words error when the engine refuses). */
  ensure(bytes: number): void {
    ensureMemory(this.memory, bytes);
  }

  /** A typed view at a byte offset (re-create after growth). */
  view(L: Lanes, byteOffset: number, length: number): Float32Array | Float64Array {
    return L.view(this.memory.buffer, byteOffset, length);
  }
}

/** Round up to a whole 64-byte cache line. */
export const align64 = (bytes: number): number => Math.ceil(bytes / 64) * 64;
