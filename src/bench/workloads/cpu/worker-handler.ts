/**
 * The worker side of the CPU workloads: build one slice's inputs and plan ('wl-prepare', not
 * timed), then run it on request ('wl-run'): wait at the tier's start barrier, time the
 * kernel, check sampled outputs against the JavaScript reference (not timed). A wrong output
 * is an 'invalid' error, never a time. Reached through the CPU tier worker's handler, so the
 * page and Node need no second worker script.
 */
import type {
  BarrierSpec,
  SampleReply,
  WorkerReply,
  WorkloadPrepareRequest,
  WorkloadRunRequest,
  WorkloadSlice,
} from '../../workers/protocol.ts';
import { detectSimdSupport, type SimdFlavor } from '../../cpu/wasm-kernel.ts';
import { WorkloadInstance } from './compute.ts';
import { SEED, checkAxpb, checkMatmul, checkSoftmax, fillInputs, sumReference, type Check } from './reference.ts';

interface Prepared {
  run(): number | undefined;
  check(): Check;
}

async function prepare(
  slice: WorkloadSlice,
  flavor: SimdFlavor,
): Promise<{ p: Prepared; ref?: { value: number; absSum: number } }> {
  const inst = await WorkloadInstance.create(flavor);
  switch (slice.kind) {
    case 'matmul': {
      const { m, n, k, r0, rows } = slice;
      if (!(r0 >= 0 && rows >= 0 && r0 + rows <= m)) throw new Error(`rows ${r0}..${r0 + rows} outside 0..${m}`);
      const a = new Float32Array(rows * k);
      const b = new Float32Array(k * n);
      fillInputs(a, SEED.a, r0 * k);
      fillInputs(b, SEED.b, 0);
      const plan = inst.matmul(rows, n, k);
      return {
        p: {
          run: () => {
            plan.run(a, b);
            return undefined;
          },
          check: () => checkMatmul((i, j) => plan.get(i - r0, j), r0, rows, n, k),
        },
      };
    }
    case 'elementwise': {
      const plan = inst.axpb(slice.count, slice.first);
      return {
        p: {
          run: () => {
            plan.run();
            return undefined;
          },
          check: () => checkAxpb(plan.out(), slice.first),
        },
      };
    }
    case 'reduction': {
      const plan = inst.sum(slice.count, slice.first);
      return {
        p: { run: () => plan.run(), check: () => ({ ok: true, checked: 0 }) },
        ref: sumReference(slice.first, slice.count),
      };
    }
    case 'softmax': {
      const { cols, r0, rows } = slice;
      const plan = inst.softmax(rows, cols, r0);
      return {
        p: {
          run: () => (plan.run(), undefined),
          check: () => checkSoftmax((r, c) => plan.get(r - r0, c), r0, rows, cols),
        },
      };
    }
  }
}

export function createWorkloadHandler(
  clock: () => number,
  awaitBarrier: (b: BarrierSpec | undefined) => SampleReply['barrier'],
): (req: WorkloadPrepareRequest | WorkloadRunRequest) => Promise<WorkerReply> {
  let prepared: Prepared | undefined;
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
        const { p, ref } = await prepare(req.slice, flavor);
        prepared = p;
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
