/**
 * Element types of a workload (`w.dtype`), their byte sizes and the names a Python
 * developer knows them by. Its own module so the kinds can use it without the unions
 * that are derived from them (types.ts). Pure.
 */

/** Element types, by their URL names (`w.dtype`). NumPy's default is f64; PyTorch's is f32. */
export const DTYPES = ['f32', 'f16', 'bf16', 'f64'] as const;

export type Dtype = (typeof DTYPES)[number];

export function isDtype(s: string): s is Dtype {
  return (DTYPES as readonly string[]).includes(s);
}

/** Bytes per element (a complex element is two of these). */
export const DTYPE_BYTES: Readonly<Record<Dtype, number>> = Object.freeze({ f32: 4, f16: 2, bf16: 2, f64: 8 });

/** The names a Python developer knows them by (NumPy / PyTorch). */
export const DTYPE_LABELS: Readonly<Record<Dtype, string>> = Object.freeze({
  f32: 'float32',
  f16: 'float16',
  bf16: 'bfloat16',
  f64: 'float64',
});
