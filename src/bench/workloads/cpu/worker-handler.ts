/**
 * The worker side of the CPU workloads: build one slice's inputs and plan ('wl-prepare',
 * not timed) through its kind's CPU part, then run it on request ('wl-run'): wait at the
 * start barrier, time the kernel, check sampled outputs against the reference (not timed).
 * A wrong output is an 'invalid' error, never a time. Reached through the worker's handler
 * (bench/worker-handler.ts), so the page and Node need no second worker script.
 */
import { isRunnableWorkloadId } from '../../../model/workloads/runnable.ts';
import { detectSimdSupport, type SimdFlavor } from '../../wasm/simd.ts';
import type {
  BarrierSpec,
  SampleReply,
  WorkerReply,
  WorkloadPrepareRequest,
  WorkloadRunRequest,
} from '../../workers/protocol.ts';
import { benchKind } from '../kinds/index.ts';
import type { PreparedSlice } from './kernel.ts';

export function createWorkloadHandler(
  clock: () => number,
  awaitBarrier: (b: BarrierSpec | undefined) => SampleReply['barrier'],
): (req: WorkloadPrepareRequest | WorkloadRunRequest) => Promise<WorkerReply> {
  let prepared: PreparedSlice | undefined;
  let barrier: BarrierSpec | undefined;
  return async (req) => {
    const seq = req.seq;
    try {
      if (req.type === 'wl-prepare') {
        prepared = undefined;
        barrier = req.barrier;
        const support = detectSimdSupport();
        if (!support.simd)
          return { seq, type: 'error', code: 'no-simd', message: 'this engine has no WebAssembly SIMD support' };
        const flavor: SimdFlavor =
          req.flavor === 'auto'
            ? support.relaxed
              ? 'relaxed_madd'
              : 'mul_add'
            : req.flavor === 'relaxed_madd' && !support.relaxed
              ? 'mul_add'
              : req.flavor;
        const kind = req.slice.kind;
        if (!isRunnableWorkloadId(kind))
          return { seq, type: 'error', code: 'exception', message: `no CPU kernel for ${kind}` };
        prepared = await benchKind(kind).cpu.prepare(req.slice, req.dtype, flavor);
        const ref = prepared.reference;
        return { seq, type: 'wl-ready', flavor, ...(ref ? { refSum: ref.value, refAbsSum: ref.absSum } : {}) };
      }
      if (!prepared) return { seq, type: 'error', code: 'exception', message: 'run before prepare' };
      const sync = req.sync ? awaitBarrier(barrier) : 'none';
      const startMs = clock();
      const value = prepared.run();
      const endMs = clock();
      const check = prepared.check();
      if (!check.ok) {
        prepared = undefined;
        return { seq, type: 'error', code: 'invalid', message: `the workload's output is wrong: ${check.error}` };
      }
      return {
        seq,
        type: 'wl-sample',
        startMs,
        endMs,
        checked: check.checked,
        barrier: sync,
        ...(value !== undefined ? { value } : {}),
      };
    } catch (err) {
      return { seq, type: 'error', code: 'exception', message: err instanceof Error ? err.message : String(err) };
    }
  };
}
