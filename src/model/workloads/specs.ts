/**
 * What the page knows of each workload kind, read from the registry (kinds/index.ts):
 * names and examples for the picker, each kind's shape fields, default workloads; and the
 * two memory-bandwidth fields of issue #12. Each kind states these once, in
 * kinds/<kind>.ts. Pure.
 */
import type { NumericLimits } from '../estimator/fields.ts';
import type { Dtype } from './dtype.ts';
import { defaultsOf } from './kinds/form.ts';
import { WORKLOAD_IDS, WORKLOAD_KINDS, kindOf, workloadOf, type Workload, type WorkloadId } from './kinds/index.ts';
import { DTYPE_PARAM } from './kinds/params.ts';
import { defaultPipelineShape } from './kinds/pipeline.ts';
import { kernelWorkload, stepKind, type KernelWorkload, type KernelWorkloadId, type ShapeOf } from './kinds/steps.ts';

export { DTYPE_PARAM, type ParamSpec, type NumberParamSpec, type FlagParamSpec } from './kinds/params.ts';
export {
  MAX_PIPELINE_STEPS,
  PIPELINE_REPEAT_SPEC,
  PIPELINE_STAY_SPEC,
  PIPELINE_STEPS_PARAM,
  stepParam,
} from './kinds/pipeline.ts';

/** Names and one-line descriptions for the workload picker. */
export const WORKLOAD_INFO = Object.fromEntries(
  WORKLOAD_IDS.map((id) => [id, { label: WORKLOAD_KINDS[id].label, example: WORKLOAD_KINDS[id].example }]),
) as { readonly [K in WorkloadId]: { label: string; example: string } };

/** The default shape of one single workload, from its fields' defaults. */
export function defaultShape<K extends KernelWorkloadId>(id: K): ShapeOf[K] {
  return defaultsOf(stepKind(id).params) as ShapeOf[K];
}

export function defaultKernelWorkload(id: KernelWorkloadId, dtype: Dtype = DTYPE_PARAM.defaultValue): KernelWorkload {
  return kernelWorkload(id, dtype, defaultsOf(stepKind(id).params));
}

/**
 * The default pipeline: one step of training a 4096-wide linear layer on a batch of 1024,
 * 100 times: the matmul, a ReLU-like elementwise pass, a softmax over the outputs.
 */
export function defaultPipeline(dtype: Dtype = DTYPE_PARAM.defaultValue): Extract<Workload, { id: 'pipeline' }> {
  return { id: 'pipeline', dtype, shape: defaultPipelineShape(dtype) };
}

/** The workload a fresh pick of `id` starts with. */
export function defaultWorkload(id: WorkloadId, dtype: Dtype = DTYPE_PARAM.defaultValue): Workload {
  const kind = kindOf(id);
  const d = kind.takesDtype === false ? DTYPE_PARAM.defaultValue : dtype;
  return workloadOf(id, d, kind.defaultShape ? kind.defaultShape(d) : defaultsOf(kind.params));
}

/** The two memory-bandwidth fields of issue #12, in the estimator's field style. */
export interface BandwidthFieldSpec extends NumericLimits {
  key: 'cpuMemGBps' | 'gpuMemGBps';
  param: 'cpuMem' | 'gpuMem';
  label: string;
  help: string;
  defaultValue: number;
}

/**
 * Defaults: dual-channel DDR4/DDR5 desktop streaming (about 20 GB/s for NumPy on one
 * core), and a mid-range discrete GPU (RTX 3060 class, 360 GB/s) to match the estimator's
 * 10 TFLOPS default. Up to 10^6 GB/s (1 PB/s), like the other rates.
 */
export const BANDWIDTH_FIELDS: readonly BandwidthFieldSpec[] = [
  {
    key: 'cpuMemGBps',
    param: 'cpuMem',
    label: 'CPU Memory Bandwidth (GB/s)',
    help: 'How fast the CPU streams arrays far larger than its caches. Typical: 15 – 100 GB/s.',
    unit: 'GB/s',
    min: 0,
    minExclusive: true,
    floor: 1e-6,
    max: 1e6,
    integer: false,
    defaultValue: 20,
  },
  {
    key: 'gpuMemGBps',
    param: 'gpuMem',
    label: 'GPU Memory Bandwidth (GB/s)',
    help: 'How fast GPU kernels read and write GPU memory. Typical: 100 – 3350 GB/s (integrated to H100).',
    unit: 'GB/s',
    min: 0,
    minExclusive: true,
    floor: 1e-6,
    max: 1e6,
    integer: false,
    defaultValue: 360,
  },
];
