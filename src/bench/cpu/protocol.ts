/**
 * Messages between the CPU tier runner (page or Node main thread) and its workers (Web
 * Workers or worker_threads). Types only. Every request gets exactly one reply, carrying
 * the request's `seq`; a worker handles one request at a time.
 *
 *   runner → worker                                   worker → runner
 *   { seq, type: 'init', kernel: 'js' }               { seq, type: 'ready', ... } | { seq, type: 'error', ... }
 *   { seq, type: 'init', kernel: 'simd', flavor }     (the worker emits, compiles and instantiates
 *                                                      the Wasm kernel, then validates a short run)
 *   { seq, type: 'run', reps }                        { seq, type: 'sample', ... } | { seq, type: 'error', ... }
 *
 * `reps` is steps per chain for the JS kernel and loop iterations (× unroll steps) for the
 * SIMD kernel. Times are absolute milliseconds (`performance.timeOrigin + performance.now()`)
 * so that samples from several workers share one time line.
 */
import type { SimdFlavor } from './wasm-kernel.ts';

/** Which kernel a worker runs. */
export type KernelKind = 'js' | 'simd';

/** `auto`: relaxed_madd where the engine validates it, mul_add otherwise. */
export type FlavorRequest = SimdFlavor | 'auto';

/** An init request without its sequence number. */
export type InitBody =
  | { type: 'init'; kernel: 'js' }
  | { type: 'init'; kernel: 'simd'; flavor: FlavorRequest; chains?: number; unroll?: number };

export type InitRequest = InitBody & { seq: number };

export interface RunRequest {
  seq: number;
  type: 'run';
  /** Steps per chain (JS) or loop iterations (SIMD). */
  reps: number;
}

export type WorkerRequest = InitRequest | RunRequest;

/** Facts about the kernel a worker set up, for the metric's details. */
export interface KernelInfo {
  kernel: KernelKind;
  /** 'f64-mul-add' for JS; the Wasm flavour otherwise. */
  flavor: SimdFlavor | 'f64-mul-add';
  chains: number;
  /** SIMD only: steps per chain per loop iteration. */
  unroll: number;
  /** Lanes per chain: 1 for JS (scalar f64), 4 for f32x4. */
  lanes: number;
  /** FLOPs per rep. */
  flopsPerRep: number;
  /** Engine support found by WebAssembly.validate (SIMD kernels only). */
  simdSupported: boolean;
  relaxedSupported: boolean;
  /** How the validation run matched the reference: 'exact' (JS), 'fused', 'unfused', 'mixed'. */
  validatedAs: string;
}

export interface ReadyReply {
  seq: number;
  type: 'ready';
  info: KernelInfo;
}

export interface SampleReply {
  seq: number;
  type: 'sample';
  /** Absolute start and end of the kernel call, in ms. */
  startMs: number;
  endMs: number;
  /** FLOPs the call performed. */
  flops: number;
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

export type WorkerReply = ReadyReply | SampleReply | ErrorReply;
