/**
 * The `expression` workload kind's runnable parts (issue #18): a WGSL kernel and a Wasm SIMD
 * loop generated for every elementwise kernel of a plan (one per fused chain, or one per
 * eager operator; the Wasm in float32 or float64), generated WGSL reductions (two passes)
 * and matmuls, the Wasm plan (cpu-plan.ts: reductions through a cached scratch block,
 * matmuls through the matmul kind's micro-kernel), the registry's GPU and CPU parts
 * (gpu.ts, cpu.ts), and the CPU reference that checks their outputs.
 */
export { kernelLayout, loadsOf, reductionValues } from './layout.ts';
export type { ElementwiseKernel, KernelLayout, MatmulKernel, ReductionKernel, Stream } from './layout.ts';
export { EXPRESSION_PARAMS, f32Literal, generateWgslKernel, WORKGROUP_SIZE } from './wgsl.ts';
export type { WgslKernel } from './wgsl.ts';
export { generateWgslReduction, REDUCE_PARAMS } from './wgsl-reduce.ts';
export { generateWgslMatmul } from './wgsl-matmul.ts';
export { CpuPlan } from './cpu-plan.ts';
export { expressionCpu, type ExpressionSlice } from './cpu.ts';
export { expressionGpu } from './gpu.ts';
export { generateWasmKernel, WASM_PADDING_BYTES } from './wasm.ts';
export type { WasmKernel } from './wasm.ts';
export { VEC_F32, VEC_F64, vecFor } from './wasm-vec.ts';
export type { VecType } from './wasm-vec.ts';
export { allocate, elementwiseKernels, runWasmKernel, runWasmPlan, WASM_MAX_BYTES } from './wasm-host.ts';
export type { BufferData } from './wasm-host.ts';
export { Reference } from './reference.ts';
export { WASM_ACCURACY, WASM_F64_ACCURACY, WGSL_ACCURACY, wasmAccuracy } from './accuracy.ts';
export type { Accuracy } from './accuracy.ts';
export { checkAgainstReference, checkOutputs, checkPlanOutput, outputNode } from './check.ts';
export type { CheckResult } from './check.ts';
export { expressionInputs, expressionSource, expressionValue, fillSlab } from './inputs.ts';
