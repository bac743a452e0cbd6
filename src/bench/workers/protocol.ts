/**
 * Messages between the CPU tier runner (page or Node main thread) and its workers (Web
 * Workers or worker_threads). Types only. Every request gets exactly one reply, carrying
 * the request's `seq`; a worker handles one request at a time.
 *
 *   runner → worker                                   worker → runner
 *   { seq, type: 'init', kernel: 'js' }               { seq, type: 'ready', ... } | { seq, type: 'error', ... }
 *   { seq, type: 'init', kernel: 'simd', flavor }     (the worker emits, compiles and instantiates
 *                                                      the Wasm kernel, then validates a short run)
 *   { seq, type: 'init', kernel: 'mem', ... }         (allocates and fills the triad's arrays)
 *   { seq, type: 'run', reps, durationMs, sync }      { seq, type: 'sample', ... } | { seq, type: 'error', ... }
 *
 * A run is a series of equal chunks of `reps` (steps per chain for JS, loop iterations ×
 * unroll for SIMD, passes for mem) lasting `durationMs`; each chunk's end time comes back so
 * the runner can count only the work done while every worker was running. Times are absolute milliseconds (`performance.timeOrigin + performance.now()`)
 * so that samples from several workers share one time line.
 */
import type { Precision, SimdFlavor } from '../wasm/simd.ts';

/** Which kernel a worker runs: FLOP kernels (`js`, `simd`) or the memory-bandwidth triad. */
export type KernelKind = 'js' | 'simd' | 'mem';

/** `auto`: relaxed_madd where the engine validates it, mul_add otherwise. */
export type FlavorRequest = SimdFlavor | 'auto';

/**
 * A start barrier shared by the workers of one tier (where SharedArrayBuffer exists: Node,
 * cross-origin-isolated pages). Int32 slot 0 counts arrivals, slot 1 is the generation the
 * last arrival bumps; the others sleep in `Atomics.wait` (not spinning, so the thread that
 * posts the requests is not starved) until then. The runner resets slot 0 before each round.
 */
export interface BarrierSpec {
  buffer: SharedArrayBuffer;
  parties: number;
}

/** An init request without its sequence number. */
export type InitBody = (
  | { type: 'init'; kernel: 'js' }
  | {
      type: 'init';
      kernel: 'simd';
      flavor: FlavorRequest;
      precision?: Precision;
      chains?: number;
      unroll?: number;
    }
  | {
      type: 'init';
      kernel: 'mem';
      /** Largest working set (bytes, all three arrays) this worker will be asked to stream. */
      maxWorkingSetBytes: number;
    }
) & { barrier?: BarrierSpec };

export type InitRequest = InitBody & { seq: number };

export interface RunRequest {
  seq: number;
  type: 'run';
  /** Per chunk: steps per chain (JS), loop iterations (SIMD) or passes over the arrays (mem). */
  reps: number;
  /**
   * Keep running chunks of `reps` until this many ms have passed since the start (at least
   * one chunk). 0 or absent: exactly one chunk.
   */
  durationMs?: number;
  /** Wait at the barrier first (all workers of the tier start together). */
  sync?: boolean;
  /** mem only: bytes of all three arrays for this run (≤ the init's maximum). */
  workingSetBytes?: number;
}

/**
 * A slice of a workload (issue 13) for one worker: the kind, and the numbers that say which
 * part (matmul rows [r0, r0 + rows) of C; elements [first, first + count) of a·b + c).
 * Each kind's CPU part defines its own (src/bench/workloads/kinds/<kind>/cpu.ts). Workers
 * build their own inputs from the global indices (src/bench/workloads/inputs.ts).
 */
export interface WorkloadSlice {
  kind: string;
  [field: string]: string | number;
}

/** Build the slice's inputs and kernel plan (not timed). */
export interface WorkloadPrepareRequest {
  seq: number;
  type: 'wl-prepare';
  slice: WorkloadSlice;
  /** The type the kernel stores and computes in. */
  dtype: Precision;
  flavor: FlavorRequest;
  barrier?: BarrierSpec;
}

/** Run the slice once (timed), then check sampled outputs against the reference (not timed). */
export interface WorkloadRunRequest {
  seq: number;
  type: 'wl-run';
  sync?: boolean;
}

export type WorkerRequest = InitRequest | RunRequest | WorkloadPrepareRequest | WorkloadRunRequest;

/** Facts about the kernel a worker set up, for the metric's details. */
export interface KernelInfo {
  kernel: KernelKind;
  /** 'f64-mul-add' for JS; 'triad' for mem; the Wasm flavour otherwise. */
  flavor: SimdFlavor | 'f64-mul-add' | 'triad';
  precision: Precision;
  chains: number;
  /** SIMD only: steps per chain per loop iteration. */
  unroll: number;
  /** Lanes per chain: 1 for JS (scalar f64), 4 for f32x4, 2 for f64x2. */
  lanes: number;
  /** FLOPs per rep (FLOP kernels; 0 for mem, whose work depends on the working set). */
  flopsPerRep: number;
  /** Engine support found by WebAssembly.validate (SIMD kernels only). */
  simdSupported: boolean;
  relaxedSupported: boolean;
  /** How the validation run matched the reference: 'exact' (JS), 'fused', 'unfused', 'mixed'. */
  validatedAs: string;
  /** mem only: the working set the worker could allocate (may be below the request). */
  maxWorkingSetBytes?: number;
}

export interface ReadyReply {
  seq: number;
  type: 'ready';
  info: KernelInfo;
}

export interface SampleReply {
  seq: number;
  type: 'sample';
  /** Absolute start of the first chunk and end of the last, in ms. */
  startMs: number;
  endMs: number;
  /** Work done: FLOPs (FLOP kernels) or counted bytes (mem). */
  work: number;
  /** Absolute end time of every chunk (equal work each), for the overlap window. */
  chunkEnds: number[];
  /** How the start was synchronised: 'barrier', 'timeout' (waited, gave up) or 'none'. */
  barrier: 'barrier' | 'timeout' | 'none';
}

/** Why a request failed; `no-simd` lets the runner skip spawning more SIMD workers. */
export type WorkerErrorCode = 'no-simd' | 'invalid' | 'exception';

export interface ErrorReply {
  seq: number;
  type: 'error';
  code: WorkerErrorCode;
  /** Plain words, shown to the user. */
  message: string;
}

export interface WorkloadReadyReply {
  seq: number;
  type: 'wl-ready';
  flavor: SimdFlavor;
  /** Where slices combine into one result (the reduction): the slice's reference (f64) and Σ|terms|, for the runner's check of the total. */
  refSum?: number;
  refAbsSum?: number;
}

export interface WorkloadSampleReply {
  seq: number;
  type: 'wl-sample';
  startMs: number;
  endMs: number;
  /** Where slices combine into one result (the reduction): this slice's part. */
  value?: number;
  /** Outputs compared with the reference after this run. */
  checked: number;
  barrier: SampleReply['barrier'];
}

export type WorkerReply = ReadyReply | SampleReply | ErrorReply | WorkloadReadyReply | WorkloadSampleReply;
