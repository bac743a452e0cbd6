/**
 * What a CPU tier worker does with the tiers' requests ('init', 'run'), independent of the
 * worker API: the entries (bench/worker.ts, bench/worker-node.ts) only move messages in
 * and out, and bench/worker-handler.ts routes the workload kernels' requests elsewhere.
 * Every timed kernel output is checked, so a sample is only ever reported for a correct run.
 */
import {
  KERNEL_A,
  KERNEL_M,
  checkClosedForm,
  checkF64AgainstReference,
  checkJsExact,
  checkSimdAgainstReference,
  jsFlopsPerCall,
  jsInitialState,
  jsKernel,
  jsReference,
  JS_CHAINS,
  simdInitialMemory,
} from './kernels.ts';
import {
  TRIAD_S,
  arrayBytesFor,
  checkTriad,
  emitMemKernel,
  fillMemInputs,
  memLayout,
  poisonTriad,
  triadBytesPerPass,
} from './mem-kernel.ts';
import type { BarrierSpec, InitRequest, KernelInfo, RunRequest, WorkerReply } from '../workers/protocol.ts';
import { ensureMemory, instantiateWith } from '../wasm/asm.ts';
import { awaitBarrier } from '../workers/barrier.ts';
import {
  DEFAULT_CHAINS,
  DEFAULT_UNROLL,
  detectSimdSupport,
  emitSimdKernel,
  lanesOf,
  simdFlopsPerCall,
  type SimdKernelShape,
} from './wasm-kernel.ts';

/** Absolute time in ms (timeOrigin + now). */
export type Clock = () => number;

/** The requests a tier worker handles. */
export type TierRequest = InitRequest | RunRequest;

/** Steps used to validate a freshly built kernel against a stepped reference: cheap (< 1 ms). */
const VALIDATION_STEPS = 256;

/** Most chunks one run records (a safety cap; runs aim at tens). */
const MAX_CHUNKS = 100_000;

interface Kernel {
  info: KernelInfo;
  /** Sets up a run (mem: the working set); returns an error message for a bad request. */
  prepare(req: RunRequest): string | undefined;
  /** Runs `reps` reps from a fresh state; returns the work done (FLOPs or counted bytes). */
  run(reps: number): number;
  /** Checks the output of the last `run(reps)`; an error message when it is wrong. */
  check(reps: number): string | undefined;
}

function makeJsKernel(): Kernel {
  const initial = Array.from(jsInitialState());
  const state = new Float64Array(JS_CHAINS);
  const info: KernelInfo = {
    kernel: 'js',
    flavor: 'f64-mul-add',
    precision: 'f64',
    chains: JS_CHAINS,
    unroll: 1,
    lanes: 1,
    flopsPerRep: jsFlopsPerCall(1),
    simdSupported: false,
    relaxedSupported: false,
    validatedAs: 'exact',
  };
  const kernel: Kernel = {
    info,
    prepare: () => undefined,
    run(reps) {
      state.set(initial);
      jsKernel(state, KERNEL_M, KERNEL_A, reps);
      return reps * info.flopsPerRep;
    },
    check(reps) {
      const c = checkClosedForm(state, initial, KERNEL_M, reps);
      return c.ok ? undefined : c.error;
    },
  };
  // Validate a short run against a stepped reference before any timing.
  kernel.run(VALIDATION_STEPS);
  const check = checkJsExact(state, jsReference(initial, KERNEL_M, KERNEL_A, VALIDATION_STEPS));
  if (!check.ok) throw new InvalidKernel(check.error);
  return kernel;
}

/** A kernel whose validation run gave a wrong result. */
class InvalidKernel extends Error {}

async function makeSimdKernel(shape: SimdKernelShape, support: { simd: boolean; relaxed: boolean }): Promise<Kernel> {
  const precision = shape.precision ?? 'f32';
  const bytes = emitSimdKernel(shape);
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module);
  const run = instance.exports['run'];
  const mem = instance.exports['mem'];
  if (typeof run !== 'function' || !(mem instanceof WebAssembly.Memory)) {
    throw new Error('the emitted module lacks its run/mem exports');
  }
  const { floats, initial } = simdInitialMemory(shape.chains, precision);
  const view =
    precision === 'f64'
      ? new Float64Array(mem.buffer, 0, floats.length)
      : new Float32Array(mem.buffer, 0, floats.length);
  const out = view.subarray(0, initial.length);
  const runFn = run as (loops: number) => void;
  const info: KernelInfo = {
    kernel: 'simd',
    flavor: shape.flavor,
    precision,
    chains: shape.chains,
    unroll: shape.unroll,
    lanes: lanesOf(precision),
    flopsPerRep: simdFlopsPerCall(shape, 1),
    simdSupported: support.simd,
    relaxedSupported: support.relaxed,
    validatedAs: 'unset',
  };
  const kernel: Kernel = {
    info,
    prepare: () => undefined,
    run(reps) {
      view.set(floats);
      runFn(reps);
      return reps * info.flopsPerRep;
    },
    check(reps) {
      const c = checkClosedForm(out, initial, KERNEL_M, reps * shape.unroll);
      return c.ok ? undefined : c.error;
    },
  };
  // Validate a short run against a stepped reference before any timing.
  const reps = Math.ceil(VALIDATION_STEPS / shape.unroll);
  kernel.run(reps);
  const steps = reps * shape.unroll;
  const check =
    precision === 'f64'
      ? checkF64AgainstReference(out, initial, KERNEL_M, KERNEL_A, steps)
      : checkSimdAgainstReference(out, initial, KERNEL_M, KERNEL_A, steps);
  if (!check.ok) throw new InvalidKernel(check.error);
  info.validatedAs = check.matched;
  return kernel;
}

/** Smallest working set a mem worker accepts before giving up on allocating (bytes). */
const MEM_MIN_BYTES = 16 * 2 ** 20;

async function makeMemKernel(maxWorkingSetBytes: number): Promise<Kernel> {
  // Grow on demand, halving the request when the engine refuses (browsers cap Wasm memory).
  const memory = new WebAssembly.Memory({ initial: 1 });
  let want = Math.max(MEM_MIN_BYTES, maxWorkingSetBytes);
  let layout = memLayout(want);
  for (;;) {
    try {
      ensureMemory(memory, layout.totalBytes);
      break;
    } catch (err) {
      if (want / 2 < MEM_MIN_BYTES) throw err;
      want /= 2;
      layout = memLayout(want);
    }
  }
  fillMemInputs(memory.buffer, layout, layout.maxArrayBytes / 4);
  const exports = await instantiateWith(emitMemKernel(), memory);
  const triad = exports['triad'] as (a: number, b: number, c: number, bytes: number, passes: number, s: number) => void;
  let arrayBytes = layout.maxArrayBytes;
  const cView = (): Float32Array => new Float32Array(memory.buffer, layout.c, arrayBytes / 4);
  const info: KernelInfo = {
    kernel: 'mem',
    flavor: 'triad',
    precision: 'f32',
    chains: 0,
    unroll: 4,
    lanes: 4,
    flopsPerRep: 0,
    simdSupported: true,
    relaxedSupported: false,
    validatedAs: 'exact',
    maxWorkingSetBytes: layout.totalBytes,
  };
  const kernel: Kernel = {
    info,
    prepare(req) {
      const ws = req.workingSetBytes ?? layout.totalBytes;
      if (!(ws > 0 && ws <= layout.totalBytes)) return `working set ${ws} bytes is outside 1..${layout.totalBytes}`;
      arrayBytes = arrayBytesFor(ws);
      return undefined;
    },
    run(reps) {
      poisonTriad(cView(), arrayBytes / 4);
      triad(layout.a, layout.b, layout.c, arrayBytes, reps, TRIAD_S);
      return reps * triadBytesPerPass(arrayBytes);
    },
    check() {
      const c = checkTriad(cView(), arrayBytes / 4);
      return c.ok ? undefined : c.error;
    },
  };
  // Validate one pass over a small working set.
  arrayBytes = arrayBytesFor(64 * 1024);
  kernel.run(1);
  const err = kernel.check(1);
  if (err) throw new InvalidKernel(err);
  arrayBytes = layout.maxArrayBytes;
  return kernel;
}

/**
 * A message handler holding one kernel at a time. Returns the reply for each request;
 * never throws (exceptions become `error` replies with plain-words messages).
 */
export function createTierHandler(clock: Clock): (req: TierRequest) => Promise<WorkerReply> {
  let kernel: Kernel | undefined;
  let barrier: BarrierSpec | undefined;
  return async (req) => {
    const seq = req.seq;
    const invalid = (error: string): WorkerReply => {
      kernel = undefined;
      return { seq, type: 'error', code: 'invalid', message: `the kernel's output is wrong: ${error}` };
    };
    try {
      if (req.type === 'init') {
        kernel = undefined;
        barrier = req.barrier;
        if (req.kernel === 'js') {
          kernel = makeJsKernel();
        } else {
          const support = detectSimdSupport();
          if (!support.simd) {
            return { seq, type: 'error', code: 'no-simd', message: 'this engine has no WebAssembly SIMD support' };
          }
          if (req.kernel === 'mem') {
            kernel = await makeMemKernel(req.maxWorkingSetBytes);
          } else {
            if (req.flavor === 'relaxed_madd' && !support.relaxed) {
              return {
                seq,
                type: 'error',
                code: 'no-simd',
                message: 'this engine has no WebAssembly relaxed SIMD support',
              };
            }
            const flavor = req.flavor === 'auto' ? (support.relaxed ? 'relaxed_madd' : 'mul_add') : req.flavor;
            const precision = req.precision ?? 'f32';
            kernel = await makeSimdKernel(
              {
                flavor,
                precision,
                chains: req.chains ?? DEFAULT_CHAINS,
                unroll: req.unroll ?? DEFAULT_UNROLL,
              },
              support,
            );
          }
        }
        return { seq, type: 'ready', info: { ...kernel.info } };
      }
      if (!kernel) return { seq, type: 'error', code: 'exception', message: 'run before init' };
      if (!(Number.isInteger(req.reps) && req.reps >= 1 && req.reps <= 2 ** 31 - 1)) {
        return { seq, type: 'error', code: 'exception', message: `bad repetition count ${req.reps}` };
      }
      const bad = kernel.prepare(req);
      if (bad) return { seq, type: 'error', code: 'exception', message: bad };
      const duration = req.durationMs ?? 0;
      const sync = req.sync ? awaitBarrier(barrier) : 'none';
      const chunkEnds: number[] = [];
      let work = 0;
      const startMs = clock();
      let endMs = startMs;
      do {
        work += kernel.run(req.reps);
        endMs = clock();
        chunkEnds.push(endMs);
        // Every chunk restarts from a fresh state, so every chunk's output can be checked.
        const wrong = kernel.check(req.reps);
        if (wrong) {
          return { seq, type: 'error', code: 'invalid', message: `a timed run gave a wrong result: ${wrong}` };
        }
      } while (endMs - startMs < duration && chunkEnds.length < MAX_CHUNKS);
      return { seq, type: 'sample', startMs, endMs, work, chunkEnds, barrier: sync };
    } catch (err) {
      if (err instanceof InvalidKernel) return invalid(err.message);
      return { seq, type: 'error', code: 'exception', message: err instanceof Error ? err.message : String(err) };
    }
  };
}
