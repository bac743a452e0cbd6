/**
 * The plain reference measurements BENCHMARKS.md sets beside the headline numbers, to
 * show what a naive port would see: a single-chain scalar FMA loop, copyBufferToBuffer
 * with no kernel, and one dispatch per waited submission. They go to ctx.references,
 * never into metrics, and a failure is only a warning: the headline metric stands
 * without its reference. (The transfer references, one smallest and one largest
 * transfer, fall out of the sweeps and are recorded in transfer.ts.)
 */
import type { ReferenceMeasurement } from '../../model/bench/bench-run.ts';
import { FMA_ADD, closeTo, fmaScalarReference } from '../../model/bench/gpu-reference.ts';
import type { Metric } from '../../model/bench/metrics.ts';
import { GpuBenchError, errorMessage } from './errors.ts';
import { measureFma, type FmaVariant } from './fma.ts';
import { calibrate, checkBufferPattern } from './gpu-helpers.ts';
import type { StepContext } from './step-context.ts';

/** Time the single-chain scalar fma loop and record it against gpu.f32.gflops. */
export async function measureScalarFmaReference(
  ctx: StepContext,
  progressFrom: number,
  progressTo: number,
): Promise<void> {
  const scalar: FmaVariant = {
    label: 'bench.fma.scalar',
    code: ctx.opts.shaders.fma,
    entry: 'fma_scalar',
    flopsPerIteration: 2,
    add: FMA_ADD,
    check: (idx, iterations, got) => {
      const want = fmaScalarReference(idx, iterations);
      const g = got[idx * 4] ?? NaN;
      return closeTo(g, want, 1e-6) ? undefined : `thread ${idx}: got ${g}, expected ${want}`;
    },
  };
  try {
    const ref = await measureFma(ctx, scalar, progressFrom, progressTo);
    ctx.references.push({
      id: 'ref.f32.scalar',
      label: 'single-chain scalar fma loop',
      unit: 'GFLOPS',
      value: Math.max(...ref.gflops),
      comparedTo: 'gpu.f32.gflops',
    });
  } catch (e) {
    if (e instanceof GpuBenchError && e.fatal) throw e;
    ctx.warnings.push(`reference scalar kernel: ${errorMessage(e)}`);
  }
}

/**
 * Time copyBufferToBuffer of `bytes` from `src` (holding the pattern for `seed`) to `dst`,
 * record it against gpu.device.gbps and return the best GB/s; undefined when it failed
 * (the warning says why).
 */
export async function measureCopyBufferToBufferReference(
  ctx: StepContext,
  src: GPUBuffer,
  dst: GPUBuffer,
  bytes: number,
  seed: number,
): Promise<number | undefined> {
  // copyBufferToBuffer, bracketed by two empty timed passes.
  const clear = ctx.device.createCommandEncoder({ label: 'bench.copy.clear' });
  clear.clearBuffer(dst);
  ctx.device.queue.submit([clear.finish()]);
  const copyAt = (n: number) =>
    ctx.timer.time((encoder, w) => {
      if (w)
        encoder
          .beginComputePass({
            label: 'bench.c2b.begin',
            timestampWrites: { querySet: w.querySet, beginningOfPassWriteIndex: 0 },
          })
          .end();
      for (let r = 0; r < n; r++) encoder.copyBufferToBuffer(src, 0, dst, 0, bytes);
      if (w)
        encoder
          .beginComputePass({
            label: 'bench.c2b.end',
            timestampWrites: { querySet: w.querySet, endOfPassWriteIndex: 1 },
          })
          .end();
    }, 'bench.copyBufferToBuffer');
  try {
    const c = await calibrate(ctx, copyAt, 1, 256);
    const c2b: number[] = [];
    for (let s = 0; s < Math.max(3, Math.floor(ctx.cfg.samples / 2)); s++) {
      ctx.guard.checkAbort();
      const t = await copyAt(c.reps);
      c2b.push((2 * bytes * c.reps) / (t.ms * 1e6));
    }
    await checkBufferPattern(ctx, dst, bytes, seed, 'copyBufferToBuffer');
    ctx.references.push({
      id: 'ref.device.copyBufferToBuffer',
      label: 'copyBufferToBuffer (no kernel)',
      unit: 'GB/s',
      value: Math.max(...c2b),
      comparedTo: 'gpu.device.gbps',
    });
    return Math.max(...c2b);
  } catch (e) {
    if (e instanceof GpuBenchError && e.fatal) throw e;
    ctx.warnings.push(`copyBufferToBuffer: ${errorMessage(e)}`);
    return undefined;
  }
}

/**
 * Derived naive counterpart of the dispatch metric (no extra GPU work): one dispatch per
 * submission, waited for, versus many dispatches in one pass. Undefined unless both the
 * round-trip and dispatch metrics succeeded.
 */
export function perSubmitReference(metrics: readonly Metric[]): ReferenceMeasurement | undefined {
  const roundtrip = metrics.find((m) => m.id === 'gpu.roundtrip.ms');
  if (roundtrip?.status === 'ok' && metrics.some((m) => m.id === 'gpu.dispatch.us' && m.status === 'ok')) {
    return {
      id: 'ref.dispatch.perSubmit',
      label: 'one dispatch per submit, waited for',
      unit: 'µs',
      value: roundtrip.median * 1000,
      comparedTo: 'gpu.dispatch.us',
    };
  }
  return undefined;
}
