/**
 * Runs the Node CLI end to end on a real WebGPU implementation (Dawn), on SwiftShader
 * when there is no GPU: the one unit test that needs a Vulkan driver.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Metric } from '../../../src/model/bench/metrics.ts';
import { timelineOverlaps, type TimelineStep } from '../../../src/model/bench/timeline.ts';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const haveDriver = Boolean(process.env['VK_ICD_FILENAMES']) || existsSync(ICD);

const GPU_IDS = [
  'gpu.f32.gflops',
  'gpu.upload.gbps',
  'gpu.upload.latency.ms',
  'gpu.readback.gbps',
  'gpu.readback.latency.ms',
  'gpu.device.gbps',
  'gpu.dispatch.us',
  'gpu.encode.us',
  'gpu.roundtrip.ms',
] as const;

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    if (!env['VK_ICD_FILENAMES']) {
      env['VK_ICD_FILENAMES'] = ICD;
      env['LD_LIBRARY_PATH'] = ['/usr/lib/chromium', env['LD_LIBRARY_PATH']].filter(Boolean).join(':');
    }
    const child = spawn('node_modules/.bin/tsx', ['scripts/bench.ts', ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(!haveDriver)('npm run bench (Node CLI, Dawn)', () => {
  it('--json --profile quick prints validated, positive metrics keyed by id', async () => {
    const { code, stdout, stderr } = await runCli(['--json', '--profile', 'quick']);
    expect(code, stderr).toBe(0);
    const doc = JSON.parse(stdout) as {
      metrics: Record<string, Metric>;
      software: boolean;
      profile: string;
      gpu: { timer: string; adapter: { isFallbackAdapter: boolean }; transfers: { path: string }[] };
      environment: { host: string };
      timeline: TimelineStep[];
    };
    expect(doc.profile).toBe('quick');
    expect(doc.environment.host).toBe('node');
    for (const id of GPU_IDS) {
      const m = doc.metrics[id];
      expect(m?.status, `${id}: ${m && 'error' in m ? m.error : ''}`).toBe('ok');
      if (m?.status === 'ok') {
        expect(m.validated).toBe(true);
        expect(Number.isFinite(m.median) && m.median > 0, `${id} median ${m.median}`).toBe(true);
        expect(m.samples.length).toBe(m.n);
      }
    }
    expect(doc.gpu.transfers.map((t) => t.path).sort()).toEqual([
      'readback.mapAsync',
      'upload.mappedRing',
      'upload.staging',
      'upload.writeBuffer',
    ]);
    // Issue #20: the copy path the runs use, and the run's timeline with no CPU step beside a GPU step.
    for (const id of ['gpu.copy.upload.gbps', 'gpu.copy.readback.latency.ms', 'cpu.call.us'] as const) {
      expect(doc.metrics[id]?.status, id).toBe('ok');
    }
    expect(doc.timeline.length).toBeGreaterThan(10);
    expect(timelineOverlaps(doc.timeline)).toEqual([]);
    // On SwiftShader the run must say it is a software adapter.
    if (process.env['VK_ICD_FILENAMES'] === undefined || process.env['VK_ICD_FILENAMES'] === ICD) {
      expect(doc.software).toBe(true);
    }
  }, 180_000);

  it('rejects a kind --verify-sweep does not know, with usage', async () => {
    const { code, stderr } = await runCli(['--verify-sweep', '--kinds', 'matmul,nosuch']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--kinds: not runnable kinds: nosuch/);
  }, 60_000);

  it('rejects an unknown profile with usage', async () => {
    const { code, stderr } = await runCli(['--profile', 'slow']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--profile must be quick or full/);
  }, 60_000);
});
