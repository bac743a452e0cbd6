/**
 * The shape of one measured metric, shared by the GPU suite, the CPU tiers, the UI's
 * results table and (later) the history store. Pure types plus small helpers.
 */
import { summarize, type Better, type SampleSummary } from './stats.ts';

/** Metric ids, as named in the issues and used for `data-metric` in the page. */
export type MetricId =
  | 'gpu.f32.gflops'
  | 'gpu.f16.gflops'
  | 'gpu.upload.gbps'
  | 'gpu.upload.latency.ms'
  | 'gpu.readback.gbps'
  | 'gpu.readback.latency.ms'
  | 'gpu.device.gbps'
  | 'gpu.dispatch.us'
  | 'gpu.encode.us'
  | 'gpu.roundtrip.ms'
  | 'cpu.js.gflops'
  | 'cpu.simd1.gflops'
  | 'cpu.simdAll.gflops';

/** A metric that was measured and validated. */
export interface MetricOk extends SampleSummary {
  id: MetricId;
  status: 'ok';
  /** Display unit, e.g. 'GFLOPS', 'GB/s', 'ms', 'µs'. */
  unit: string;
  better: Better;
  /** Raw samples in `unit`, in the order they were taken. */
  samples: number[];
  /** The kernel's output matched the CPU reference (always true for an ok metric). */
  validated: true;
  /** Free-form facts about how it was measured (timer, sizes, thread count, ...). */
  details?: Record<string, string | number | boolean>;
}

/** A metric that could not be measured; carries the reason instead of a number. */
export interface MetricFailed {
  id: MetricId;
  status: 'failed' | 'skipped' | 'cancelled';
  unit: string;
  better: Better;
  /** Plain-words reason, shown in the results table. */
  error: string;
}

export type Metric = MetricOk | MetricFailed;

/** Build an ok metric from raw samples. */
export function okMetric(
  id: MetricId,
  unit: string,
  better: Better,
  samples: readonly number[],
  details?: Record<string, string | number | boolean>,
): MetricOk {
  const metric: MetricOk = {
    id,
    status: 'ok',
    unit,
    better,
    samples: [...samples],
    validated: true,
    ...summarize(samples, better),
  };
  if (details) metric.details = details;
  return metric;
}

/** The value a metric is quoted by: best for ceilings, median for latencies. */
export function headlineValue(m: MetricOk): number {
  return m.better === 'higher' ? m.best : m.median;
}
