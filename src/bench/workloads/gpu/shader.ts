/**
 * What every workload shader gets in front of its own code: the `enable` directives, the
 * storage type `S` (f32, or f16 where the run is float16) and its uniform structs, each
 * generated from one declared layout that also packs the values in TypeScript (TypeGPU's
 * idea: one schema, both sides), so the two can never drift apart. Kernels compute in f32
 * whatever `S` is, as PyTorch computes float16 tensors. Pure.
 */

/** A uniform field: every one is a 4-byte scalar, so offsets are 4·index (WGSL aligns them so). */
export type UniformType = 'u32' | 'i32' | 'f32';

/** A declared uniform struct: its WGSL text, its size and its packing. */
export interface UniformLayout<F extends Record<string, UniformType>> {
  name: string;
  fields: F;
  /** The WGSL struct, padded to a multiple of 16 bytes as uniform buffers need. */
  wgsl: string;
  byteSize: number;
  /** The values, by name, at their offsets (little-endian, as WebGPU reads them). */
  pack(values: { readonly [K in keyof F]: number }): ArrayBuffer;
}

/** Declare a uniform struct: field order is declaration order. */
export function uniformLayout<const F extends Record<string, UniformType>>(name: string, fields: F): UniformLayout<F> {
  const names = Object.keys(fields);
  const words = Math.max(4, Math.ceil(names.length / 4) * 4);
  const lines = names.map((n) => `  ${n}: ${fields[n]},`);
  for (let i = names.length; i < words; i++) lines.push(`  _pad${i - names.length}: u32,`);
  return {
    name,
    fields,
    wgsl: `struct ${name} {\n${lines.join('\n')}\n}\n`,
    byteSize: words * 4,
    pack(values) {
      const buffer = new ArrayBuffer(words * 4);
      const view = new DataView(buffer);
      names.forEach((n, i) => {
        const v = (values as Readonly<Record<string, number>>)[n] as number;
        const type = fields[n];
        if (type === 'f32') view.setFloat32(4 * i, v, true);
        else if (type === 'i32') view.setInt32(4 * i, v, true);
        else {
          if (!(Number.isInteger(v) && v >= 0 && v <= 0xffffffff))
            throw new RangeError(`${name}.${n} = ${v} is not a u32`);
          view.setUint32(4 * i, v, true);
        }
      });
      return buffer;
    },
  };
}

/** Element types a workload kernel stores on the GPU. */
export type GpuDtype = 'f32' | 'f16';

/** Bytes of one stored element. */
export function gpuBytes(dtype: GpuDtype): number {
  return dtype === 'f16' ? 2 : 4;
}

/**
 * The module source for `code`: its own `enable` directives moved to the top (WGSL wants
 * them before any declaration), `enable f16` for float16, then `alias S = <type>;` and the
 * uniform structs, then the code.
 */
export function buildShader(
  code: string,
  opts: { dtype: GpuDtype; uniforms?: readonly UniformLayout<Record<string, UniformType>>[] },
): string {
  const enables: string[] = opts.dtype === 'f16' ? ['enable f16;'] : [];
  const body = code.replace(/^[ \t]*enable[ \t]+[^;]+;[ \t]*$/gm, (line) => {
    enables.push(line.trim());
    return '';
  });
  return [...enables, `alias S = ${opts.dtype};`, ...(opts.uniforms ?? []).map((u) => u.wgsl), body].join('\n');
}
