/**
 * What a CPU tier worker does, independent of the worker API: the browser entry
 * (worker.ts) and the Node entry (worker-node.ts) only move messages in and out.
 * Every timed kernel output is checked, so a sample is only ever reported for a correct run.
 */
import {
  KERNEL_A,
  KERNEL_M,
  checkClosedForm,
  checkJsExact,
  checkSimdAgainstReference,
  jsFlopsPerCall,
  jsInitialState,
  jsKernel,
  jsReference,
  JS_CHAINS,
  simdInitialMemory,
} from './kernels.ts';
import type { KernelInfo, WorkerReply, WorkerRequest } from './protocol.ts';
import {
  DEFAULT_CHAINS,
  DEFAULT_UNROLL,
  LANES,
  detectSimdSupport,
  emitSimdKernel,
  simdFlopsPerCall,
  type SimdKernelShape,
} from './wasm-kernel.ts';

/** Absolute time in ms (timeOrigin + now). */
export type Clock = () => number;

/** Steps used to validate a freshly built kernel against a stepped reference: cheap (< 1 ms). */
const VALIDATION_STEPS = 256;

interface Kernel {
  info: KernelInfo;
  /** Runs `reps` reps from a fresh state; returns the state's values afterwards. */
  run(reps: number): ArrayLike<number>;
  /** Steps per chain that `reps` reps perform. */
  stepsFor(reps: number): number;
  initial: number[];
}

function makeJsKernel(): Kernel {
  const initial = Array.from(jsInitialState());
  const state = new Float64Array(JS_CHAINS);
  return {
    initial,
    stepsFor: (reps) => reps,
    run(reps) {
      state.set(initial);
      jsKernel(state, KERNEL_M, KERNEL_A, reps);
      return state;
    },
    info: {
      kernel: 'js',
      flavor: 'f64-mul-add',
      chains: JS_CHAINS,
      unroll: 1,
      lanes: 1,
      flopsPerRep: jsFlopsPerCall(1),
      simdSupported: false,
      relaxedSupported: false,
      validatedAs: 'exact',
    },
  };
}

async function makeSimdKernel(shape: SimdKernelShape, support: { simd: boolean; relaxed: boolean }): Promise<Kernel> {
  const bytes = emitSimdKernel(shape);
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module);
  const run = instance.exports['run'];
  const mem = instance.exports['mem'];
  if (typeof run !== 'function' || !(mem instanceof WebAssembly.Memory)) {
    throw new Error('the emitted module lacks its run/mem exports');
  }
  const { floats, initial } = simdInitialMemory(shape.chains);
  const view = new Float32Array(mem.buffer, 0, floats.length);
  const runFn = run as (loops: number) => void;
  return {
    initial,
    stepsFor: (reps) => reps * shape.unroll,
    run(reps) {
      view.set(floats);
      runFn(reps);
      return view.subarray(0, initial.length);
    },
    info: {
      kernel: 'simd',
      flavor: shape.flavor,
      chains: shape.chains,
      unroll: shape.unroll,
      lanes: LANES,
      flopsPerRep: simdFlopsPerCall(shape, 1),
      simdSupported: support.simd,
      relaxedSupported: support.relaxed,
      validatedAs: 'unset',
    },
  };
}

/**
 * A message handler holding one kernel at a time. Returns the reply for each request;
 * never throws (exceptions become `error` replies with plain-words messages).
 */
export function createWorkerHandler(clock: Clock): (req: WorkerRequest) => Promise<WorkerReply> {
  let kernel: Kernel | undefined;
  return async (req) => {
    const seq = req.seq;
    const invalid = (error: string): WorkerReply => {
      kernel = undefined;
      return { seq, type: 'error', code: 'invalid', message: `the kernel's output is wrong: ${error}` };
    };
    try {
      if (req.type === 'init') {
        if (req.kernel === 'js') {
          kernel = makeJsKernel();
        } else {
          const support = detectSimdSupport();
          if (!support.simd) {
            return { seq, type: 'error', code: 'no-simd', message: 'this engine has no WebAssembly SIMD support' };
          }
          if (req.flavor === 'relaxed_madd' && !support.relaxed) {
            return {
              seq,
              type: 'error',
              code: 'no-simd',
              message: 'this engine has no WebAssembly relaxed SIMD support',
            };
          }
          const flavor = req.flavor === 'auto' ? (support.relaxed ? 'relaxed_madd' : 'mul_add') : req.flavor;
          kernel = await makeSimdKernel(
            { flavor, chains: req.chains ?? DEFAULT_CHAINS, unroll: req.unroll ?? DEFAULT_UNROLL },
            support,
          );
        }
        // Validate a short run against a stepped reference before any timing.
        const k = kernel;
        const steps = VALIDATION_STEPS;
        const reps = Math.ceil(steps / k.stepsFor(1));
        const out = k.run(reps);
        if (k.info.kernel === 'js') {
          const check = checkJsExact(out, jsReference(k.initial, KERNEL_M, KERNEL_A, k.stepsFor(reps)));
          if (!check.ok) return invalid(check.error);
        } else {
          const check = checkSimdAgainstReference(out, k.initial, KERNEL_M, KERNEL_A, k.stepsFor(reps));
          if (!check.ok) return invalid(check.error);
          k.info.validatedAs = check.matched;
        }
        return { seq, type: 'ready', info: { ...k.info } };
      }
      if (!kernel) return { seq, type: 'error', code: 'exception', message: 'run before init' };
      if (!(Number.isInteger(req.reps) && req.reps >= 1 && req.reps <= 2 ** 31 - 1)) {
        return { seq, type: 'error', code: 'exception', message: `bad repetition count ${req.reps}` };
      }
      const startMs = clock();
      const out = kernel.run(req.reps);
      const endMs = clock();
      const check = checkClosedForm(out, kernel.initial, KERNEL_M, kernel.stepsFor(req.reps));
      if (!check.ok) {
        return { seq, type: 'error', code: 'invalid', message: `a timed run gave a wrong result: ${check.error}` };
      }
      return { seq, type: 'sample', startMs, endMs, flops: req.reps * kernel.info.flopsPerRep };
    } catch (err) {
      return { seq, type: 'error', code: 'exception', message: err instanceof Error ? err.message : String(err) };
    }
  };
}
