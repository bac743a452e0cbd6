/**
 * The `expression` workload kind's runnable parts (issue #18): a WGSL kernel and a Wasm SIMD
 * loop generated for every elementwise kernel of a plan (one per fused chain, or one per
 * eager operator), runners for both, and the CPU reference that checks their outputs.
 * Reductions and matmuls inside an expression are counted by the model but not generated
 * here: `elementwiseKernels` says so for such plans.
 */
export { kernelLayout, loadsOf } from './layout.ts';
export type { ElementwiseKernel, KernelLayout, Stream } from './layout.ts';
export { EXPRESSION_PARAMS, f32Literal, generateWgslKernel, packParams, WORKGROUP_SIZE } from './wgsl.ts';
export type { ExpressionParams, WgslKernel } from './wgsl.ts';
export { generateWasmKernel, WASM_PADDING_BYTES } from './wasm.ts';
export type { WasmKernel } from './wasm.ts';
export { allocate, elementwiseKernels, runWasmKernel, runWasmPlan, WASM_MAX_BYTES } from './wasm-host.ts';
export type { BufferData } from './wasm-host.ts';
export { runWgslPlan } from './gpu-run.ts';
export type { GpuPlanRun } from './gpu-run.ts';
export { Reference, WASM_ACCURACY, WGSL_ACCURACY } from './reference.ts';
export type { Accuracy } from './reference.ts';
export { checkAgainstReference, checkPlanOutput, outputNode } from './check.ts';
export type { CheckResult } from './check.ts';
export { expressionInputs } from './inputs.ts';
