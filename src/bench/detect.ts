/**
 * Gather the "Your hardware" report: WebGPU adapter identity, features and limits, CPU
 * cores, browser, isolation. Asks for an adapter only (no device, no GPU work), so it is
 * instant and safe to run on every page visit.
 */
import { parseBrowser } from '../model/bench/browser.ts';
import type { GpuReport, HardwareReport } from '../model/bench/hardware.ts';
import { acquireGpuAdapter } from './gpu/device.ts';

export interface DetectOptions {
  gpu?: GPU | undefined;
  timeoutMs?: number;
}

export async function detectGpu(options: DetectOptions = {}): Promise<GpuReport> {
  const got = await acquireGpuAdapter({ gpu: options.gpu, timeoutMs: options.timeoutMs ?? 10_000 });
  if (!got.ok) {
    return {
      available: false,
      reason: got.reason === 'device-failed' ? 'error' : got.reason,
      message: got.message,
    };
  }
  const { adapter, info } = got;
  const all = [...adapter.features].map(String).sort();
  const l = adapter.limits;
  return {
    available: true,
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: info.isFallbackAdapter,
    nameHidden: !info.description && !info.device,
    features: {
      timestampQuery: adapter.features.has('timestamp-query'),
      shaderF16: adapter.features.has('shader-f16'),
      subgroups: adapter.features.has('subgroups'),
      all,
    },
    limits: {
      maxBufferSize: l.maxBufferSize,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
    },
  };
}

/** The whole report, in a page. */
export async function detectHardware(options: DetectOptions = {}): Promise<HardwareReport> {
  const nav = globalThis.navigator as Navigator & { userAgentData?: { platform?: string } };
  const userAgent = nav?.userAgent ?? '';
  return {
    detectedAt: new Date().toISOString(),
    gpu: await detectGpu(options),
    logicalCores: nav?.hardwareConcurrency ?? 1,
    browser: parseBrowser(userAgent),
    userAgent,
    platform: nav?.userAgentData?.platform ?? nav?.platform ?? '',
    crossOriginIsolated: Boolean(globalThis.crossOriginIsolated),
    secureContext: Boolean(globalThis.isSecureContext),
  };
}
