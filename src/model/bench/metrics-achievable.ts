/**
 * The registry's entries for issue #20: what the page's own workload kernels and copies
 * reach on this machine, measured after the peaks (src/bench/achievable/). Spread into
 * `METRICS` (metrics.ts) like any other metric, so history, CSV, comparison and the CLI
 * carry them. Each kernel-class metric's headline is the rate at the largest size the
 * profile ran; its details hold every size's point (`p<i>.size`, `.shape`, `.flops`,
 * `.bytes`, `.s`), from which the model fits a fixed cost and a share of the roof
 * (src/model/workloads/achievable.ts). Pure data.
 */
import type { MetricSpec } from './metrics.ts';

/** One kernel class on one device: GFLOPS for matmul (compute-bound), GB/s for the streaming classes. */
function kernelClass(device: 'GPU' | 'CPU', what: string, unit: 'GFLOPS' | 'GB/s', short: string): MetricSpec {
  return {
    label: `${device} ${what} kernel, achieved`,
    shortLabel: short,
    unit,
    better: 'higher',
    kind: 'ceiling',
    group:
      unit === 'GFLOPS'
        ? device === 'GPU'
          ? 'gpu-compute'
          : 'cpu-compute'
        : device === 'GPU'
          ? 'gpu-memory'
          : 'cpu-memory',
  };
}

export const ACHIEVABLE_METRIC_TABLE = {
  'gpu.matmul.gflops': kernelClass('GPU', 'matmul', 'GFLOPS', 'GPU matmul'),
  'gpu.matvec.gbps': kernelClass('GPU', 'matrix-vector', 'GB/s', 'GPU matvec'),
  'gpu.elementwise.gbps': kernelClass('GPU', 'elementwise', 'GB/s', 'GPU elementwise'),
  'gpu.reduction.gbps': kernelClass('GPU', 'reduction', 'GB/s', 'GPU reduction'),
  'gpu.rowwise.gbps': kernelClass('GPU', 'softmax / layernorm', 'GB/s', 'GPU rowwise'),
  'gpu.conv2d.gflops': kernelClass('GPU', 'conv2d', 'GFLOPS', 'GPU conv2d'),
  'gpu.attention.gflops': kernelClass('GPU', 'attention', 'GFLOPS', 'GPU attention'),
  'gpu.fft.gflops': kernelClass('GPU', 'FFT', 'GFLOPS', 'GPU FFT'),
  'gpu.copy.upload.gbps': {
    label: 'Upload on the workload path (writeBuffer into new buffers)',
    shortLabel: 'Upload (runs)',
    unit: 'GB/s',
    better: 'higher',
    kind: 'ceiling',
    group: 'transfer',
  },
  'gpu.copy.upload.latency.ms': {
    label: 'Upload latency on the workload path',
    shortLabel: 'Upload latency (runs)',
    unit: 'ms',
    better: 'lower',
    kind: 'latency',
    group: 'transfer',
  },
  'gpu.copy.readback.gbps': {
    label: 'Readback on the workload path (copy, mapAsync, copy out)',
    shortLabel: 'Readback (runs)',
    unit: 'GB/s',
    better: 'higher',
    kind: 'ceiling',
    group: 'transfer',
  },
  'gpu.copy.readback.latency.ms': {
    label: 'Readback latency on the workload path',
    shortLabel: 'Readback latency (runs)',
    unit: 'ms',
    better: 'lower',
    kind: 'latency',
    group: 'transfer',
  },
  'cpu.matmul.gflops': kernelClass('CPU', 'matmul', 'GFLOPS', 'CPU matmul'),
  'cpu.matvec.gbps': kernelClass('CPU', 'matrix-vector', 'GB/s', 'CPU matvec'),
  'cpu.elementwise.gbps': kernelClass('CPU', 'elementwise', 'GB/s', 'CPU elementwise'),
  'cpu.reduction.gbps': kernelClass('CPU', 'reduction', 'GB/s', 'CPU reduction'),
  'cpu.rowwise.gbps': kernelClass('CPU', 'softmax / layernorm', 'GB/s', 'CPU rowwise'),
  'cpu.conv2d.gflops': kernelClass('CPU', 'conv2d', 'GFLOPS', 'CPU conv2d'),
  'cpu.attention.gflops': kernelClass('CPU', 'attention', 'GFLOPS', 'CPU attention'),
  'cpu.fft.gflops': kernelClass('CPU', 'FFT', 'GFLOPS', 'CPU FFT'),
  'cpu.call.us': {
    label: 'CPU cost per parallel call (all workers, tiny work)',
    shortLabel: 'CPU call',
    unit: 'µs',
    better: 'lower',
    kind: 'overhead',
    group: 'cpu-compute',
  },
  'cpu.call1.us': {
    label: 'CPU cost per call on one worker (tiny work)',
    shortLabel: 'CPU call, 1 worker',
    unit: 'µs',
    better: 'lower',
    kind: 'overhead',
    group: 'cpu-compute',
  },
} as const satisfies Record<string, MetricSpec>;
