/**
 * Running an expression's generated WGSL kernels on a GPUDevice: the named arrays go up
 * once, every kernel of the plan runs in order with its temporaries left in GPU memory
 * (eager) or none at all (fused), and the result comes back. Returns the output and the
 * GPU time of the kernels (wall clock around one submission; the runner that the registry
 * wires in will time with timestamp queries like the other workloads). Takes the device,
 * never touches the DOM: the same code runs in the page and under Node with Dawn.
 */
import { GpuGuard } from '../../../gpu/errors.ts';
import { createBuffer, createPipeline, readBack, type GpuObjectsContext } from '../../../gpu/gpu-helpers.ts';
import type { Plan } from '../../../../model/workloads/expression/index.ts';
import { elementwiseKernels, type BufferData } from './wasm-host.ts';
import { generateWgslKernel, packParams, WORKGROUP_SIZE } from './wgsl.ts';

/** Workgroups per dispatch; the grid-stride loop covers the rest. */
const MAX_WORKGROUPS = 65_535;

const round16 = (bytes: number): number => Math.max(16, Math.ceil(bytes / 16) * 16);

export interface GpuPlanRun {
  output: BufferData;
  /** Wall-clock seconds from submitting every kernel to the queue being done. */
  kernelSeconds: number;
  launches: number;
}

/** Run every (elementwise) kernel of `plan` on `device` and read the result back. */
export async function runWgslPlan(
  device: GPUDevice,
  plan: Plan,
  arrays: ReadonlyMap<string, Float32Array<ArrayBuffer>>,
  opts: { timeoutMs?: number; signal?: AbortSignal; now?: () => number } = {},
): Promise<GpuPlanRun> {
  const kernels = elementwiseKernels(plan);
  if (!kernels.ok) throw new Error(kernels.reason);
  const guard = new GpuGuard(device, opts.timeoutMs ?? 30_000, opts.signal);
  const owned: { destroy(): void }[] = [];
  const ctx: GpuObjectsContext = { device, guard, owned };
  const now = opts.now ?? (() => performance.now());
  try {
    const buffers = new Map<string, GPUBuffer>();
    for (const input of plan.inputs) {
      const data = arrays.get(input.id);
      if (!data) throw new Error(`no data for ${input.id}`);
      const buffer = await createBuffer(ctx, {
        label: `expression.${input.id}`,
        size: round16(data.byteLength),
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      });
      device.queue.writeBuffer(buffer, 0, data);
      buffers.set(input.id, buffer);
    }
    const encoder = device.createCommandEncoder({ label: 'expression.kernels' });
    const pass = encoder.beginComputePass({ label: 'expression.kernels' });
    for (const k of kernels.kernels) {
      const g = generateWgslKernel(k);
      const label = `expression.${k.output.id}`;
      const pipeline = await createPipeline(ctx, g.code, g.entryPoint, label);
      const bytes = k.output.shape.reduce((p, d) => p * d, 1) * (k.output.type === 'mask' ? 1 : 4);
      const out = await createBuffer(ctx, {
        label,
        size: round16(bytes),
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
      });
      buffers.set(k.output.id, out);
      const workgroups = Math.max(1, Math.min(MAX_WORKGROUPS, Math.ceil(g.groups / WORKGROUP_SIZE)));
      const params = await createBuffer(ctx, {
        label: `${label}.params`,
        size: 16,
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      });
      device.queue.writeBuffer(params, 0, packParams({ groups: g.groups, stride: workgroups * WORKGROUP_SIZE }));
      const entries = [params, ...k.inputs.map((b) => buffers.get(b.id) as GPUBuffer), out].map((buffer, binding) => ({
        binding,
        resource: { buffer },
      }));
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, device.createBindGroup({ label, layout: pipeline.getBindGroupLayout(0), entries }));
      pass.dispatchWorkgroups(workgroups);
    }
    pass.end();
    await guard.wait(device.queue.onSubmittedWorkDone(), 'expression: uploads');
    const t0 = now();
    device.queue.submit([encoder.finish()]);
    await guard.wait(device.queue.onSubmittedWorkDone(), 'expression: kernels');
    const kernelSeconds = (now() - t0) / 1000;
    const n = plan.output.shape.reduce((p, d) => p * d, 1);
    const mask = plan.output.type === 'mask';
    const raw = await readBack(
      ctx,
      buffers.get(plan.output.id) as GPUBuffer,
      0,
      round16(n * (mask ? 1 : 4)),
      'expression',
    );
    const output = mask ? new Uint8Array(raw, 0, n) : new Float32Array(raw, 0, n);
    return { output, kernelSeconds, launches: kernels.kernels.length };
  } finally {
    for (const o of owned) {
      try {
        o.destroy();
      } catch {
        // A lost device may throw on destroy; nothing left to free.
      }
    }
  }
}
