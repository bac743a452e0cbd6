/**
 * What the page can learn about the machine without measuring: the "Your hardware"
 * report. Pure types and parsing; gathering it is src/bench/detect.ts.
 */

export interface BrowserId {
  name: string;
  version: string;
}

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

/**
 * Browser name and full version from a user-agent string; the one parser the app uses
 * (history labels build on it). Order matters: Edge, Opera and Samsung carry "Chrome/",
 * Chrome carries "Safari/". No match gives an empty name.
 */
export function parseBrowser(userAgent: string): BrowserId {
  const ua = userAgent.slice(0, 4096);
  const rules: [string, RegExp][] = [
    ['Node', /^node\s+v?([\d.]+)/i],
    ['Edge', /Edg(?:e|A|iOS)?\/([\d.]+)/],
    ['Opera', /OPR\/([\d.]+)/],
    ['Samsung Internet', /SamsungBrowser\/([\d.]+)/],
    ['Firefox', /(?:Firefox|FxiOS)\/([\d.]+)/],
    ['Chrome', /CriOS\/([\d.]+)/],
    ['Headless Chrome', /HeadlessChrome\/([\d.]+)/],
    ['Chrome', /Chrome\/([\d.]+)/],
    ['Chromium', /Chromium\/([\d.]+)/],
    ['Safari', /Version\/([\d.]+).*Safari\//],
  ];
  for (const [name, re] of rules) {
    const m = re.exec(ua);
    if (m?.[1]) return { name, version: m[1] };
  }
  return { name: '', version: '' };
}

/** Bytes as "1 GiB", "128 MiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number(v.toPrecision(3))} ${units[i]}`;
}

/** The GPU's name as the browser gives it, or an honest "hidden" note. */
export function gpuDisplayName(gpu: GpuReport): string {
  if (!gpu.available) return 'No WebGPU';
  if (gpu.description) return gpu.description;
  const parts = [gpu.vendor, gpu.architecture, gpu.device].filter(Boolean);
  if (parts.length) return `${parts.join(' ')} (the browser hides the exact model)`;
  return 'Hidden by the browser';
}

/** Plain-text version of the report for "Copy". */
export function hardwareReportText(r: HardwareReport): string {
  const lines = ['Your hardware (as the browser reports it)', ''];
  if (r.gpu.available) {
    const g = r.gpu;
    lines.push(
      `GPU: ${gpuDisplayName(g)}`,
      `  vendor: ${g.vendor || '(not reported)'}`,
      `  architecture: ${g.architecture || '(not reported)'}`,
      `  device: ${g.device || '(not reported)'}`,
      `  description: ${g.description || '(not reported)'}`,
      `  software / fallback adapter: ${g.isFallbackAdapter ? 'yes — GPU numbers come from a CPU emulation' : 'no'}`,
      `  timestamp-query: ${g.features.timestampQuery ? 'yes' : 'no'}`,
      `  shader-f16: ${g.features.shaderF16 ? 'yes' : 'no'}`,
      `  max buffer size: ${formatBytes(g.limits.maxBufferSize)}`,
      `  max storage binding: ${formatBytes(g.limits.maxStorageBufferBindingSize)}`,
      `  max workgroups per dimension: ${g.limits.maxComputeWorkgroupsPerDimension}`,
      `  max invocations per workgroup: ${g.limits.maxComputeInvocationsPerWorkgroup}`,
    );
  } else {
    lines.push(`GPU: WebGPU unavailable — ${r.gpu.message}`);
  }
  lines.push(
    `CPU logical cores: ${r.logicalCores}`,
    `Browser: ${r.browser.name || 'unknown'} ${r.browser.version}`.trimEnd(),
    `Platform: ${r.platform || '(not reported)'}`,
    `Cross-origin isolated: ${r.crossOriginIsolated ? 'yes (5 µs timers)' : 'no (100 µs timers)'}`,
    `Secure context: ${r.secureContext ? 'yes' : 'no'}`,
    `Detected: ${r.detectedAt}`,
  );
  return lines.join('\n');
}
