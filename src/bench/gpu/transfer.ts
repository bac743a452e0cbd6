/**
 * Host ↔ device transfer steps. Each path is timed by wall clock over a geometric sweep
 * of sizes and fitted to latency + bytes / bandwidth (src/model/bench/transfer-fit.ts); each
 * sweep round gives one (latency, bandwidth) sample, so the metrics' spread is the
 * round-to-round spread of the fit. Data is checked against the pattern after each path.
 */
import type { TransferCurve } from '../../model/bench/bench-run.ts';
import { checkPattern, fillPattern } from '../../model/bench/gpu-reference.ts';
import type { Metric, MetricId } from '../../model/bench/metrics.ts';
import {
  fitTransferForBandwidth as fitTransfer,
  geometricSizes,
  type TransferPoint,
} from '../../model/bench/transfer-fit.ts';
import { GpuBenchError, errorMessage, yieldToEventLoop } from './errors.ts';
import { checkBufferPattern, createBuffer, writePattern } from './gpu-helpers.ts';
import { failedMetric, median, mib, ok, type StepContext } from './step-context.ts';

/** Sweep sizes for one path; returns the curve and per-round fits. */
async function sweep(
  ctx: StepContext,
  sizes: number[],
  measure: (bytes: number) => Promise<number>,
  progressFrom: number,
  progressTo: number,
): Promise<{ points: TransferPoint[]; roundFits: { latencyMs: number; gbps: number }[] }> {
  const points: TransferPoint[] = [];
  const roundFits: { latencyMs: number; gbps: number }[] = [];
  const total = ctx.cfg.transferRounds * sizes.length;
  let done = 0;
  // One untimed pass over every size first: allocations, page faults and first-use costs.
  for (const bytes of sizes) await measure(bytes);
  for (let round = 0; round < ctx.cfg.transferRounds; round++) {
    const roundPoints: TransferPoint[] = [];
    for (const bytes of sizes) {
      ctx.guard.checkAbort();
      const ms = await measure(bytes);
      roundPoints.push({ bytes, ms });
      done++;
      ctx.progress(progressFrom + ((progressTo - progressFrom) * done) / total);
    }
    points.push(...roundPoints);
    const fit = fitTransfer(roundPoints);
    if (fit) roundFits.push({ latencyMs: fit.latencyMs, gbps: fit.gbps });
    await yieldToEventLoop();
  }
  return { points, roundFits };
}

/** Sweep sizes: geometric from 4 KiB to the profile maximum (or the device limit). */
function transferSizes(ctx: StepContext): number[] {
  // 4 KiB: below it, every transfer costs the same fixed latency.
  const max = Math.min(ctx.cfg.transferMaxBytes, ctx.device.limits.maxBufferSize);
  return geometricSizes(4096, max, ctx.cfg.transferFactor);
}

/** Bandwidth and latency metrics from the best-fitting path, with every path's fit in the details. */
function curveMetrics(
  ctx: StepContext,
  gbpsId: MetricId,
  latencyId: MetricId,
  curves: { curve: TransferCurve; roundFits: { latencyMs: number; gbps: number }[] }[],
): Metric[] {
  const usable = curves.filter((c) => c.curve.fit && c.roundFits.length > 0);
  if (usable.length === 0) {
    const why = 'the transfer times did not fit latency + bytes / bandwidth (bigger transfers were not slower)';
    return [failedMetric(gbpsId, 'failed', why), failedMetric(latencyId, 'failed', why)];
  }
  // Headline path: the one with the higher fitted bandwidth (what a careful port would use).
  const best = usable.reduce((a, b) => ((b.curve.fit?.gbps ?? 0) > (a.curve.fit?.gbps ?? 0) ? b : a));
  const details: Record<string, string | number | boolean> = {
    path: best.curve.path,
    timer: 'wall-clock',
    sizes: `${mib(best.curve.points[0]?.bytes ?? 0)} … ${mib(Math.max(...best.curve.points.map((p) => p.bytes)))}`,
  };
  for (const c of curves) {
    if (c.curve.fit) {
      details[`${c.curve.path}.fitGBps`] = Number(c.curve.fit.gbps.toFixed(3));
      details[`${c.curve.path}.fitLatencyMs`] = Number(c.curve.fit.latencyMs.toFixed(4));
      details[`${c.curve.path}.r2`] = Number(c.curve.fit.r2.toFixed(4));
    }
  }
  void ctx;
  return [
    ok(
      gbpsId,
      best.roundFits.map((f) => f.gbps),
      details,
    ),
    ok(
      latencyId,
      best.roundFits.map((f) => f.latencyMs),
      details,
    ),
  ];
}

/** Largest-size raw bandwidth of a curve: the "one big transfer" reference. */
function largestTransferGBps(points: readonly TransferPoint[]): number {
  const maxBytes = Math.max(...points.map((p) => p.bytes));
  return Math.max(...points.filter((p) => p.bytes === maxBytes).map((p) => p.bytes / (p.ms * 1e6)));
}

/**
 * Host → device upload: three paths (writeBuffer, a fresh mapped staging buffer, a reused
 * mapAsync(WRITE) ring) swept over sizes; the headline is the path with the best fit.
 */
export async function stepUpload(ctx: StepContext): Promise<Metric[]> {
  const sizes = transferSizes(ctx);
  const maxBytes = sizes[sizes.length - 1] as number;
  const dst = await createBuffer(ctx, {
    label: 'bench.upload.dst',
    size: maxBytes,
    usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
  });
  // A staging buffer kept and refilled through mapAsync(WRITE): the ring-buffer pattern.
  const ring = await createBuffer(ctx, {
    label: 'bench.upload.ring',
    size: maxBytes,
    usage: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC,
  });
  const data = new Uint32Array(maxBytes / 4);
  const { device, guard, now } = ctx;

  const paths: { path: string; label: string; seed: number; measure: (bytes: number) => Promise<number> }[] = [
    {
      path: 'upload.writeBuffer',
      label: 'queue.writeBuffer',
      seed: 0x0bad_f00d,
      measure: async (bytes) => {
        const t0 = now();
        device.queue.writeBuffer(dst, 0, data, 0, bytes / 4);
        await guard.wait(device.queue.onSubmittedWorkDone(), 'upload.writeBuffer');
        return now() - t0;
      },
    },
    {
      path: 'upload.staging',
      label: 'mapped staging + copy',
      seed: 0x5ca1_ab1e,
      measure: async (bytes) => {
        const t0 = now();
        const staging = device.createBuffer({
          label: 'bench.upload.staging',
          size: bytes,
          usage: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC,
          mappedAtCreation: true,
        });
        new Uint32Array(staging.getMappedRange()).set(data.subarray(0, bytes / 4));
        staging.unmap();
        const encoder = device.createCommandEncoder({ label: 'bench.upload.staging' });
        encoder.copyBufferToBuffer(staging, 0, dst, 0, bytes);
        device.queue.submit([encoder.finish()]);
        await guard.wait(device.queue.onSubmittedWorkDone(), 'upload.staging');
        const ms = now() - t0;
        staging.destroy();
        return ms;
      },
    },
    {
      path: 'upload.mappedRing',
      label: 'reused staging (mapAsync WRITE) + copy',
      seed: 0x0f1e_2d3c,
      measure: async (bytes) => {
        const t0 = now();
        await guard.wait(ring.mapAsync(GPUMapMode.WRITE, 0, bytes), 'upload.mappedRing mapAsync');
        new Uint32Array(ring.getMappedRange(0, bytes)).set(data.subarray(0, bytes / 4));
        ring.unmap();
        const encoder = device.createCommandEncoder({ label: 'bench.upload.ring' });
        encoder.copyBufferToBuffer(ring, 0, dst, 0, bytes);
        device.queue.submit([encoder.finish()]);
        await guard.wait(device.queue.onSubmittedWorkDone(), 'upload.mappedRing');
        return now() - t0;
      },
    },
  ];
  const curves: { curve: TransferCurve; roundFits: { latencyMs: number; gbps: number }[] }[] = [];
  for (const [i, p] of paths.entries()) {
    ctx.progress(i / paths.length, p.label);
    fillPattern(data, p.seed);
    try {
      const { points, roundFits } = await sweep(ctx, sizes, p.measure, i / paths.length, (i + 1) / paths.length);
      // The largest size was written last and covers the whole buffer.
      await checkBufferPattern(ctx, dst, maxBytes, p.seed, p.label);
      const fit = fitTransfer(points);
      const curve: TransferCurve = { path: p.path, label: p.label, points, ...(fit ? { fit } : {}) };
      ctx.transfers.push(curve);
      curves.push({ curve, roundFits });
      if (p.path === 'upload.writeBuffer') {
        const smallest = points.filter((q) => q.bytes === sizes[0]).map((q) => q.ms);
        ctx.references.push({
          id: 'ref.upload.smallest',
          label: `time of one ${mib(sizes[0] as number)} writeBuffer (naive latency)`,
          unit: 'ms',
          value: median(smallest),
          comparedTo: 'gpu.upload.latency.ms',
        });
        ctx.references.push({
          id: 'ref.upload.single',
          label: `one writeBuffer of ${mib(maxBytes)}`,
          unit: 'GB/s',
          value: largestTransferGBps(points),
          comparedTo: 'gpu.upload.gbps',
        });
      }
    } catch (e) {
      if (e instanceof GpuBenchError && e.fatal) throw e;
      ctx.warnings.push(`${p.label}: ${errorMessage(e)}`);
      if (e instanceof GpuBenchError && e.kind === 'mismatch') {
        const why = `${p.label}: ${errorMessage(e)}`;
        return [failedMetric('gpu.upload.gbps', 'failed', why), failedMetric('gpu.upload.latency.ms', 'failed', why)];
      }
    }
  }
  return curveMetrics(ctx, 'gpu.upload.gbps', 'gpu.upload.latency.ms', curves);
}

/** Device → host readback through a reused MAP_READ staging buffer, swept over sizes. */
export async function stepReadback(ctx: StepContext): Promise<Metric[]> {
  const sizes = transferSizes(ctx);
  const maxBytes = sizes[sizes.length - 1] as number;
  const seed = 0x00c0_ffee;
  const src = await createBuffer(ctx, {
    label: 'bench.readback.src',
    size: maxBytes,
    usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  // A reused MAP_READ staging buffer, as an application would keep one.
  const staging = await createBuffer(ctx, {
    label: 'bench.readback.staging',
    size: maxBytes,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  writePattern(ctx, src, maxBytes, seed);
  await ctx.guard.wait(ctx.device.queue.onSubmittedWorkDone(), 'fill readback source');
  const out = new Uint32Array(maxBytes / 4);
  const { device, guard, now } = ctx;
  let mismatch: string | undefined;
  const measure = async (bytes: number): Promise<number> => {
    const t0 = now();
    const encoder = device.createCommandEncoder({ label: 'bench.readback' });
    encoder.copyBufferToBuffer(src, 0, staging, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await guard.wait(staging.mapAsync(GPUMapMode.READ, 0, bytes), 'readback mapAsync');
    // The copy out of the mapped range is part of the cost: the range detaches on unmap.
    out.set(new Uint32Array(staging.getMappedRange(0, bytes)));
    staging.unmap();
    const ms = now() - t0;
    const words = bytes / 4;
    const n = Math.min(words, 64);
    mismatch ??=
      checkPattern(out.subarray(0, n), seed, 0) ?? checkPattern(out.subarray(words - n, words), seed, words - n);
    return ms;
  };
  const { points, roundFits } = await sweep(ctx, sizes, measure, 0, 1);
  if (mismatch) {
    const why = `readback returned wrong data (${mismatch})`;
    return [failedMetric('gpu.readback.gbps', 'failed', why), failedMetric('gpu.readback.latency.ms', 'failed', why)];
  }
  const fit = fitTransfer(points);
  const curve: TransferCurve = {
    path: 'readback.mapAsync',
    label: 'copy + mapAsync + copy out',
    points,
    ...(fit ? { fit } : {}),
  };
  ctx.transfers.push(curve);
  ctx.references.push({
    id: 'ref.readback.single',
    label: `one mapAsync readback of ${mib(maxBytes)}`,
    unit: 'GB/s',
    value: largestTransferGBps(points),
    comparedTo: 'gpu.readback.gbps',
  });
  return curveMetrics(ctx, 'gpu.readback.gbps', 'gpu.readback.latency.ms', [{ curve, roundFits }]);
}
