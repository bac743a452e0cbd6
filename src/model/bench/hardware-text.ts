/** The "Your hardware" report as plain text, for its "Copy" button. Pure. */
import { gpuDisplayName, type HardwareReport } from './hardware.ts';

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
