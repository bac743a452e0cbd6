/**
 * This machine's side of the warnings (issue #19, points 5 and 6): the pitfalls that apply
 * to the answer card's own answer, and the plain statement of how much less WebGPU reaches
 * than CUDA on the same GPU, with the numbers where a Python-probe run measured both. Pure.
 */
import type { Answer } from '../answer/answer.ts';
import { formatPercent } from '../shared/format.ts';
import type { WorkloadCounts } from '../workloads/counts.ts';
import { formatSi } from '../workloads/present.ts';
import type { ProbeGpu } from './compare-devices.ts';
import type { EstimateOptions } from './rates.ts';
import { DEFAULT_ESTIMATE_OPTIONS } from './rates.ts';
import {
  machineTimingFromRoofline,
  pitfallsFor,
  type MachineTiming,
  type Pitfall,
  type ThisMachineGpu,
} from './warnings.ts';

/**
 * The counts of a custom task (the seed's seven fields): one kind of kernel launched
 * `launches` times, its operations spread over the launches, no device traffic counted,
 * the data copied to the GPU.
 */
function customCounts(a: Answer): WorkloadCounts {
  const c = a.counts;
  const launches = Math.max(1, c.launches);
  return {
    flops: c.flops,
    deviceBytes: 0,
    hostToDeviceBytes: c.hostBytes,
    deviceToHostBytes: 0,
    hostBytes: c.hostBytes,
    launches,
    kernels: [{ label: 'task', kernelClass: 'task', flops: c.flops / launches, deviceBytes: 0, count: launches }],
    formulas: { flops: '', deviceBytes: '', hostBytes: '', launches: '' },
    convention: '',
  };
}

/**
 * The pitfalls that apply to this machine's answer: a workload's from its roofline, a
 * custom task's from the seed's times (its data type is not known, so float64 is not
 * assumed).
 */
export function answerPitfalls(
  a: Answer,
  gpu: ThisMachineGpu,
  options: EstimateOptions = DEFAULT_ESTIMATE_OPTIONS,
): Pitfall[] {
  const v = a.view;
  if (v) {
    return pitfallsFor({
      dtype: v.workload.dtype,
      counts: v.estimate.counts,
      device: gpu,
      estimate: machineTimingFromRoofline(v.estimate.roofline.gpu),
      options,
    });
  }
  const o = a.outputs;
  const timing: MachineTiming = {
    kind: 'timing',
    kernelSeconds: o.gpuComputeTime,
    copySeconds: o.transferTime,
    launchSeconds: o.kernelOverhead,
    fixedSeconds: o.kernelOverhead,
    totalSeconds: o.gpuTotalTime,
    memoryBound: false,
  };
  return pitfallsFor({ dtype: 'f32', counts: customCounts(a), device: gpu, estimate: timing, options });
}

/** What the browser measured of this machine's GPU, for the WebGPU-against-CUDA sentence. */
export interface BrowserGpu {
  /** `gpu.f32.gflops` of the browser run, GFLOPS. */
  f32Gflops: number | undefined;
  /** The adapter is a software one (SwiftShader): its figure says nothing about a GPU. */
  software: boolean;
}

/**
 * WebGPU against CUDA, in words: always the general statement; with an imported probe run
 * that measured a float32 matmul, the two figures and the share, said to hold only if both
 * ran on this machine.
 */
export function webgpuVsCuda(browser: BrowserGpu, probes: readonly ProbeGpu[]): string {
  const general =
    'WebGPU reaches less than CUDA on the same GPU: it has no tensor cores, no cuBLAS and no vendor-tuned kernels, and the browser checks every buffer access. Typical WebGPU matmuls reach a fraction of what PyTorch reaches on the same card, so this machine’s row is a lower bound for its GPU.';
  const probe = probes.find((p) => p.measured.matmulF32FlopsPerSecond !== undefined);
  const cuda = probe?.measured.matmulF32FlopsPerSecond;
  if (!probe || cuda === undefined) {
    return `${general} Import a Python probe run from this machine (“Measure with Python”) to see how much less here.`;
  }
  const cudaText = `${probe.measured.label.replace(/^Python probe: /, '')} measured ${formatSi(cuda, 'FLOPS')} in a float32 matmul`;
  if (browser.software) {
    return `${general} Your imported run (${cudaText}); this browser’s GPU is a software adapter, which says nothing about a real GPU, so the two are not compared.`;
  }
  if (browser.f32Gflops === undefined || !(browser.f32Gflops > 0)) {
    return `${general} Your imported run (${cudaText}); this browser has not measured its GPU yet.`;
  }
  const webgpu = browser.f32Gflops * 1e9;
  return `${general} On this machine, if the imported run is from it: ${cudaText}, and this browser’s WebGPU ${formatSi(webgpu, 'FLOPS')} — ${formatPercent((100 * webgpu) / cuda)} of it.`;
}
