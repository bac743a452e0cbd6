/**
 * What the page can learn about the machine without measuring: the "Your hardware"
 * report's types and the GPU's name. Gathering it is src/bench/detect.ts; the browser's
 * name from its user agent is browser.ts; the report as text is hardware-text.ts. Pure.
 */
import type { BrowserId } from './browser.ts';

/** WebGPU facts as the browser reports them. */
export type GpuReport =
  | {
      available: true;
      vendor: string;
      architecture: string;
      device: string;
      description: string;
      isFallbackAdapter: boolean;
      /** The browser reported no device name or description (privacy). */
      nameHidden: boolean;
      features: { timestampQuery: boolean; shaderF16: boolean; subgroups: boolean; all: string[] };
      limits: {
        maxBufferSize: number;
        maxStorageBufferBindingSize: number;
        maxComputeWorkgroupsPerDimension: number;
        maxComputeInvocationsPerWorkgroup: number;
        maxComputeWorkgroupSizeX: number;
      };
    }
  | {
      available: false;
      reason: 'no-webgpu' | 'insecure-context' | 'no-adapter' | 'error';
      message: string;
    };

export interface HardwareReport {
  /** ISO time the report was made. */
  detectedAt: string;
  gpu: GpuReport;
  logicalCores: number;
  browser: BrowserId;
  userAgent: string;
  platform: string;
  crossOriginIsolated: boolean;
  secureContext: boolean;
}

/** The GPU's name as the browser gives it, or an honest "hidden" note. */
export function gpuDisplayName(gpu: GpuReport): string {
  if (!gpu.available) return 'No WebGPU';
  if (gpu.description) return gpu.description;
  const parts = [gpu.vendor, gpu.architecture, gpu.device].filter(Boolean);
  if (parts.length) return `${parts.join(' ')} (the browser hides the exact model)`;
  return 'Hidden by the browser';
}
