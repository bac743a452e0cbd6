/**
 * The copy path the workload runs use (issue #20, "one copy path"): the runs' own upload
 * (`uploadInputs`: new buffers, `writeBuffer`, wait for the queue) and readback
 * (`readOutput`: a new MAP_READ buffer, copy, `mapAsync`, copy out), timed the way the runs
 * time them over a sweep of sizes and fitted to latency + bytes ÷ bandwidth across the
 * whole sweep (relative residuals: small and large sizes count alike, because the model
 * predicts both). The suite's transfer step measures the best of three methods into reused
 * buffers, which is not what a run pays; these metrics are.
 *
 * Each round gives one fit per direction, so a metric's samples are the round-to-round
 * spread of its fit, as in the suite. Read-back data is checked against what was written.
 */
import { failedMetric, measuredMetric, type Metric } from '../../model/bench/metrics.ts';
import { fitTransfer, geometricSizes, type TransferPoint } from '../../model/bench/transfer-fit.ts';
import type { BenchProfile } from '../types.ts';
import { GpuBenchError } from '../gpu/errors.ts';
import { readOutput, uploadInputs, workloadContext } from '../workloads/gpu/context.ts';
import { createBuffer } from '../gpu/gpu-helpers.ts';
import { toVerifyError } from '../workloads/errors.ts';

/** Sizes from 4 KiB (latency-bound) to the profile's largest, and rounds of the whole sweep. */
export const COPY_PLANS: { readonly [P in BenchProfile]: { maxBytes: number; factor: number; rounds: number } } = {
  quick: { maxBytes: 16 * 2 ** 20, factor: 4, rounds: 3 },
  full: { maxBytes: 64 * 2 ** 20, factor: 2, rounds: 5 },
};

/** A recognisable value per element: a wrong or stale readback cannot match it. */
function pattern(i: number, round: number): number {
  return ((i * 2654435761 + round * 97) % 65521) - 32760;
}

/** The run's upload and readback, fitted per round: `gpu.copy.*`. Never rejects. */
export async function measureCopyPath(
  device: GPUDevice,
  opts: { profile: BenchProfile; signal?: AbortSignal | undefined; timeoutMs?: number; now?: () => number },
): Promise<Metric[]> {
  const plan = COPY_PLANS[opts.profile];
  const max = Math.min(plan.maxBytes, device.limits.maxBufferSize, device.limits.maxStorageBufferBindingSize);
  const sizes = geometricSizes(4096, max, plan.factor);
  const up: TransferPoint[][] = [];
  const back: TransferPoint[][] = [];
  const ids = [
    'gpu.copy.upload.gbps',
    'gpu.copy.upload.latency.ms',
    'gpu.copy.readback.gbps',
    'gpu.copy.readback.latency.ms',
  ] as const;
  try {
    // One untimed pass first (allocations, first use), then the timed rounds.
    for (let round = -1; round < plan.rounds; round++) {
      const ctx = workloadContext(device, 'bench.copy', opts);
      const ups: TransferPoint[] = [];
      const backs: TransferPoint[] = [];
      try {
        for (const bytes of sizes) {
          ctx.guard.checkAbort();
          const data = new Float32Array(bytes / 4);
          for (let i = 0; i < data.length; i++) data[i] = pattern(i, round);
          const u = await uploadInputs(ctx, [data]);
          ups.push({ bytes, ms: u.seconds * 1000 });
          // The runs read back from a kernel's output buffer; this one holds the data written to it.
          const out = await createBuffer(ctx, {
            label: 'bench.copy.out',
            size: bytes,
            usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
          });
          device.queue.writeBuffer(out, 0, data);
          await ctx.guard.wait(device.queue.onSubmittedWorkDone(), 'bench.copy: fill the readback source');
          const r = await readOutput(ctx, out, data.length, 'f32');
          backs.push({ bytes, ms: r.seconds * 1000 });
          for (const i of [0, data.length >> 1, data.length - 1]) {
            if (r.data[i] !== data[i]) {
              throw new GpuBenchError(
                `readback returned ${r.data[i]} at element ${i} of ${bytes} bytes, expected ${data[i]}`,
                'mismatch',
                false,
              );
            }
          }
        }
      } finally {
        ctx.destroy();
      }
      if (round >= 0) {
        up.push(ups);
        back.push(backs);
      }
    }
  } catch (e) {
    const err = toVerifyError(e, 'GPU');
    const status = err.kind === 'cancelled' ? 'cancelled' : 'failed';
    return ids.map((id) => failedMetric(id, status, err.message));
  }
  return [
    ...direction(
      up,
      'gpu.copy.upload.gbps',
      'gpu.copy.upload.latency.ms',
      'uploadInputs: writeBuffer into new buffers, until the queue is done',
      sizes,
    ),
    ...direction(
      back,
      'gpu.copy.readback.gbps',
      'gpu.copy.readback.latency.ms',
      'readOutput: copy to a new MAP_READ buffer, mapAsync, copy out',
      sizes,
    ),
  ];
}

/** One direction's two metrics from its rounds' fits, the raw points in the details. */
function direction(
  rounds: readonly TransferPoint[][],
  gbpsId: 'gpu.copy.upload.gbps' | 'gpu.copy.readback.gbps',
  latencyId: 'gpu.copy.upload.latency.ms' | 'gpu.copy.readback.latency.ms',
  path: string,
  sizes: readonly number[],
): Metric[] {
  const fits = rounds.map((r) => fitTransfer(r)).filter((f) => f !== undefined);
  if (fits.length === 0) {
    const why = 'the copy times did not fit latency + bytes / bandwidth (bigger copies were not slower)';
    return [failedMetric(gbpsId, 'failed', why), failedMetric(latencyId, 'failed', why)];
  }
  const all = fitTransfer(rounds.flat());
  const details: Record<string, string | number | boolean> = {
    path,
    timer: 'wall clock, as the workload runs time their copies',
    fit: 'latency + bytes / bandwidth over every size, relative residuals (the model predicts small and large copies alike)',
    sizes: `${sizes[0]} … ${sizes[sizes.length - 1]} bytes`,
    rounds: rounds.length,
  };
  if (all) {
    details['allRounds.fitGBps'] = Number(all.gbps.toPrecision(4));
    details['allRounds.fitLatencyMs'] = Number(all.latencyMs.toPrecision(4));
    details['allRounds.r2'] = Number(all.r2.toFixed(4));
  }
  rounds.forEach((r, i) => r.forEach((p) => (details[`r${i}.${p.bytes}.ms`] = Number(p.ms.toPrecision(4)))));
  return [
    measuredMetric(
      gbpsId,
      fits.map((f) => f.gbps),
      details,
    ),
    measuredMetric(
      latencyId,
      fits.map((f) => f.latencyMs),
      details,
    ),
  ];
}
