/** Plain-words names for metric ids (results table, CLI, charts). */
import type { MetricId } from './metrics.ts';

export const METRIC_LABELS: Record<MetricId, string> = {
  'gpu.f32.gflops': 'GPU f32 throughput',
  'gpu.f16.gflops': 'GPU f16 throughput',
  'gpu.upload.gbps': 'Upload bandwidth (CPU → GPU)',
  'gpu.upload.latency.ms': 'Upload latency',
  'gpu.readback.gbps': 'Readback bandwidth (GPU → CPU)',
  'gpu.readback.latency.ms': 'Readback latency',
  'gpu.device.gbps': 'GPU memory bandwidth',
  'gpu.dispatch.us': 'GPU cost per dispatch',
  'gpu.encode.us': 'CPU cost to encode a dispatch',
  'gpu.roundtrip.ms': 'Submit → done round trip',
  'cpu.js.gflops': 'CPU, plain JavaScript, 1 thread',
  'cpu.simd1.gflops': 'CPU, Wasm SIMD, 1 thread',
  'cpu.simdAll.gflops': 'CPU, Wasm SIMD, all cores',
};
