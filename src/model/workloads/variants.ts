/**
 * The same workload run different ways, side by side (issue #18: "show both, side by
 * side, with the kernel list"): a kind whose choice field is marked `sideBySide` (the
 * expression's eager or fused) gets, for each choice, its kernels with their FLOPs and
 * bytes, the totals, and the model's CPU and GPU times at the page's rates. The answer
 * itself stays the one for the choice in the form. Pure.
 */
import { workloadCounts, type WorkloadCounts } from './counts.ts';
import { kindOf, workloadOf, type Workload } from './kinds/index.ts';
import type { ChoiceParamSpec } from './kinds/params.ts';
import type { MachineRates } from './precision.ts';
import { estimateWorkload } from './roofline.ts';

export interface WorkloadVariant {
  /** The choice's value (`fused`) and its label ('Fused (torch.compile, jax.jit)'). */
  value: string;
  label: string;
  /** The choice the form holds: what the answer is about. */
  chosen: boolean;
  workload: Workload;
  counts: WorkloadCounts;
  cpuSeconds: number;
  gpuSeconds: number;
  /** Each kernel's time on each device (launches × max(compute, memory)). */
  kernelSeconds: { cpu: number; gpu: number }[];
}

export interface WorkloadVariants {
  /** The field the variants differ in ('How it runs'). */
  label: string;
  variants: WorkloadVariant[];
}

/** The workload under each choice of its side-by-side field, or undefined for a kind without one. */
export function workloadVariants(w: Workload, machine: MachineRates): WorkloadVariants | undefined {
  const kind = kindOf(w.id);
  const spec = kind.params.find(
    (p): p is ChoiceParamSpec<Record<string, unknown>> => p.kind === 'choice' && p.sideBySide === true,
  );
  if (!spec) return undefined;
  const current = (w.shape as Record<string, unknown>)[spec.key];
  const variants = spec.choices.map((c): WorkloadVariant => {
    const workload = workloadOf(w.id, w.dtype, { ...(w.shape as Record<string, unknown>), [spec.key]: c.value });
    const estimate = estimateWorkload(workload, machine);
    const r = estimate.roofline;
    return {
      value: c.value,
      label: c.label,
      chosen: c.value === current,
      workload,
      counts: workloadCounts(workload),
      cpuSeconds: r.cpu.totalSeconds,
      gpuSeconds: r.gpu.totalSeconds,
      kernelSeconds: r.cpu.kernels.map((k, i) => ({ cpu: k.totalSeconds, gpu: r.gpu.kernels[i]?.totalSeconds ?? 0 })),
    };
  });
  return { label: spec.label, variants };
}
