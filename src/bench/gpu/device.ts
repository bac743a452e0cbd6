/**
 * Device acquisition: one function that returns ok-with-a-device or unavailable-with-a-
 * reason instead of throwing into the UI (webgpu-samples' util.ts pattern).
 */
import type { GpuAdapterFacts } from '../../model/bench/bench-run.ts';
import { errorMessage } from './errors.ts';

/** Why WebGPU could not be used. */
export type GpuUnavailableReason = 'no-webgpu' | 'insecure-context' | 'no-adapter' | 'device-failed';

export type GpuAcquireResult =
  | {
      ok: true;
      device: GPUDevice;
      adapter: GPUAdapter;
      info: GpuAdapterFacts;
      /** The limits requested (and granted) that the suite depends on. */
      limits: Record<string, number>;
    }
  | { ok: false; reason: GpuUnavailableReason; message: string };

export interface AcquireOptions {
  /** The GPU entry point: navigator.gpu in a page (the default), Dawn's under Node. */
  gpu?: GPU | undefined;
  /** Whether the caller runs in a secure context (defaults to globalThis.isSecureContext). */
  secureContext?: boolean | undefined;
  /** Give up on requestAdapter/requestDevice after this long (ms). */
  timeoutMs?: number;
}

/** Optional features worth having: timers and half precision. */
const WANTED_FEATURES: GPUFeatureName[] = ['timestamp-query', 'shader-f16'];

/** Limits the suite raises to the adapter's maximum (defaults are 256 MiB / 128 MiB). */
const WANTED_LIMITS = ['maxBufferSize', 'maxStorageBufferBindingSize'] as const;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Read the adapter's identity, tolerating older implementations. */
export function adapterFacts(adapter: GPUAdapter, device?: GPUDevice): GpuAdapterFacts {
  const info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean } = adapter.info ?? {};
  const legacyFallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallbackAdapter:
      Boolean(info.isFallbackAdapter ?? legacyFallback ?? false) || info.architecture === 'swiftshader',
    features: device ? [...device.features].map(String).sort() : [],
  };
}

/** Adapter only (no device, no GPU work): instant, for the hardware report. */
export type GpuAdapterResult =
  | { ok: true; adapter: GPUAdapter; info: GpuAdapterFacts }
  | { ok: false; reason: GpuUnavailableReason; message: string };

/**
 * Find a high-performance adapter, or say in plain words why there is none
 * (no WebGPU in this browser, not a secure context, no adapter).
 */
export async function acquireGpuAdapter(options: AcquireOptions = {}): Promise<GpuAdapterResult> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  const gpu = options.gpu ?? nav?.gpu;
  const secure = options.secureContext ?? (globalThis as { isSecureContext?: boolean }).isSecureContext;
  if (!gpu) {
    if (secure === false) {
      return {
        ok: false,
        reason: 'insecure-context',
        message:
          'WebGPU needs a secure context: open this page over https:// or from http://localhost, not plain http:// or file://.',
      };
    }
    return {
      ok: false,
      reason: 'no-webgpu',
      message:
        'This browser does not expose WebGPU. Use a current Chrome, Edge or Safari (18+), or Firefox 141+ on Windows; on Linux Chrome may need chrome://flags/#enable-unsafe-webgpu.',
    };
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await withTimeout(
      gpu.requestAdapter({ powerPreference: 'high-performance' }),
      timeoutMs,
      'requestAdapter',
    );
  } catch (e) {
    return { ok: false, reason: 'no-adapter', message: `No GPU adapter: ${errorMessage(e)}` };
  }
  if (!adapter) {
    return {
      ok: false,
      reason: 'no-adapter',
      message:
        'WebGPU is present but offered no adapter: the GPU or its driver may be blocklisted. Update the graphics driver, enable hardware acceleration in the browser settings, or try another browser.',
    };
  }
  return { ok: true, adapter, info: adapterFacts(adapter) };
}

/**
 * Ask for a high-performance adapter and a device with 'timestamp-query' and 'shader-f16'
 * when the adapter has them, and its largest buffer limits.
 */
export async function acquireGpu(options: AcquireOptions = {}): Promise<GpuAcquireResult> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const found = await acquireGpuAdapter(options);
  if (!found.ok) return found;
  const { adapter } = found;
  const requiredFeatures = WANTED_FEATURES.filter((f) => adapter.features.has(f));
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) requiredLimits[name] = adapter.limits[name];
  let device: GPUDevice;
  try {
    device = await withTimeout(
      adapter.requestDevice({ label: 'bench.device', requiredFeatures, requiredLimits }),
      timeoutMs,
      'requestDevice',
    );
  } catch (e) {
    return { ok: false, reason: 'device-failed', message: `The GPU adapter refused a device: ${errorMessage(e)}` };
  }
  const limits: Record<string, number> = {};
  for (const name of [
    ...WANTED_LIMITS,
    'maxComputeWorkgroupsPerDimension',
    'maxComputeInvocationsPerWorkgroup',
  ] as const) {
    limits[name] = device.limits[name];
  }
  return { ok: true, device, adapter, info: adapterFacts(adapter, device), limits };
}
