/**
 * One WGSL compute kernel per elementwise kernel of an expression's plan: the fused chain
 * (or one eager operator) evaluated on vec4<f32>, one vec4 of output per step of a
 * grid-stride loop, no temporaries in memory. Shapes are baked in as constants (a kernel
 * is generated for one expression over arrays of given shapes); the grid size comes from a
 * uniform packed from its declared layout (gpu/shader.ts `uniformLayout`), the same
 * declaration that writes the WGSL struct, so the two cannot drift apart. Values are
 * stored as `S` (f32, or f16 for a float16 run; gpu/shader.ts `buildShader` puts the alias
 * in front) and computed in f32.
 *
 * Loads: a stream that walks the output's own order reads whole vec4s
 * (array<vec4<f32>>), a stream that is one value everywhere reads it once, any other
 * stream (broadcasting rows or columns, .T) computes each lane's offset from the merged
 * dimensions. Masks are bytes (NumPy's bool) packed four to a u32, the output's vec4 group
 * being exactly one word. Lanes past the end read the last element and are written into
 * the buffers' padding (every buffer is a whole number of 16 bytes).
 */
import type { BufferRef, KernelExpr } from '../../../../model/workloads/expression/index.ts';
import { buildShader, uniformLayout, type GpuDtype } from '../../gpu/shader.ts';
import { kernelLayout, type ElementwiseKernel, type KernelLayout, type Stream } from './layout.ts';

/** Threads per workgroup; a multiple of every GPU's SIMD width. */
export const WORKGROUP_SIZE = 256;

/** The elementwise kernels' uniform: vec4 groups of output, and threads in the dispatch (the grid stride). */
export const EXPRESSION_PARAMS = uniformLayout('Params', { groups: 'u32', stride: 'u32' });

export interface WgslKernel {
  /** The whole module: `enable`, `alias S`, the uniform struct, the kernel. */
  code: string;
  entryPoint: 'main';
  layout: KernelLayout;
  inputs: readonly BufferRef[];
  output: BufferRef;
  /** vec4 groups of output: what `groups` in the uniform must say. */
  groups: number;
  /** Bindings: 0 the uniform, 1 … k the inputs in order, k + 1 the output. */
  outputBinding: number;
}

/** An f32 constant as WGSL: a decimal that rounds to it exactly, or its bits where none is plain. */
export function f32Literal(value: number): string {
  const v = Math.fround(value);
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  if (Number.isFinite(v) && Math.abs(v) >= 1e-30 && Math.abs(v) <= 1e30) {
    const text = String(v);
    return /[.e]/.test(text) ? text : `${text}.0`;
  }
  const bits = new Uint32Array(Float32Array.of(v).buffer)[0] as number;
  return `bitcast<f32>(0x${bits.toString(16).padStart(8, '0')}u)`;
}

type Access = 'aligned' | 'single' | 'general';

function accessOf(stream: Stream, layout: KernelLayout): Access {
  if (stream.strides.every((s) => s === 0)) return 'single';
  if (layout.dims.length === 1 && stream.strides[0] === 1) return 'aligned';
  return 'general';
}

/**
 * How a body finds its elements: `grid`, thread step g covers elements 4g … 4g + 3, so
 * a contiguous stream reads whole vec4s; `free`, the four element indices `e` are set by
 * the caller (a reduction walks its axis) and every stream computes its offsets.
 */
export type Indexing = 'grid' | 'free';

/** Powers by multiplies: the model counts these (flops.ts), for |p| ≤ 16. */
const SQUARING_LIMIT = 16;

/** The body of a kernel as WGSL lines, for the elementwise and the reduction generators. */
export class WgslWriter {
  readonly layout: KernelLayout;
  readonly lines: string[] = [];
  readonly helpers = new Map<string, string>();
  private temps = 0;

  constructor(
    private readonly kernel: ElementwiseKernel,
    private readonly indexing: Indexing = 'grid',
  ) {
    this.layout = kernelLayout(kernel);
  }

  private access(stream: Stream): Access {
    const a = accessOf(stream, this.layout);
    return a === 'aligned' && this.indexing === 'free' ? 'general' : a;
  }

  temp(type: string, expr: string): string {
    const name = `v${this.temps++}`;
    this.lines.push(`    let ${name}: ${type} = ${expr};`);
    return name;
  }

  /** WGSL for the element offset of stream `s` at element index `e` (u32). */
  private offset(s: number, e: string): string {
    const { dims } = this.layout;
    const st = this.layout.streams[s] as Stream;
    const terms: string[] = [];
    let inner = 1;
    for (let d = dims.length - 1; d >= 0; d--) {
      const stride = st.strides[d] as number;
      if (stride !== 0) {
        const q = inner === 1 ? e : `(${e} / ${inner}u)`;
        const idx = d === 0 ? q : `(${q} % ${dims[d]}u)`;
        terms.push(stride === 1 ? idx : `${idx} * ${stride}u`);
      }
      inner *= dims[d] as number;
    }
    return terms.length === 0 ? '0u' : terms.reverse().join(' + ');
  }

  private load(e: Extract<KernelExpr, { k: 'load' }>): string {
    const s = this.layout.streamOf.get(e) as number;
    const stream = this.layout.streams[s] as Stream;
    const buf = `in${stream.input}`;
    const access = this.access(stream);
    if (stream.type === 'mask') {
      const name = `mask_byte${stream.input}`;
      this.helpers.set(name, `fn ${name}(o: u32) -> u32 {\n  return (${buf}[o >> 2u] >> ((o & 3u) * 8u)) & 0xffu;\n}`);
      if (access === 'aligned') {
        const w = this.temp('u32', `${buf}[g]`);
        return this.temp(
          'vec4<bool>',
          `vec4<u32>(${w} & 0xffu, (${w} >> 8u) & 0xffu, (${w} >> 16u) & 0xffu, ${w} >> 24u) != vec4<u32>(0u)`,
        );
      }
      const lanes = ['x', 'y', 'z', 'w'].map((l) => `${name}(${this.offset(s, `e.${l}`)})`);
      return this.temp('vec4<bool>', `vec4<u32>(${lanes.join(', ')}) != vec4<u32>(0u)`);
    }
    if (access === 'aligned') return this.temp('vec4<f32>', `vec4<f32>(${buf}[g])`);
    if (access === 'single') {
      return this.temp(
        'vec4<f32>',
        `vec4<f32>(f32(${this.vectorBinding(stream.input) ? `${buf}[0].x` : `${buf}[0]`}))`,
      );
    }
    const lanes = ['x', 'y', 'z', 'w'].map((l) => `f32(${buf}[${this.offset(s, `e.${l}`)}])`);
    return this.temp('vec4<f32>', `vec4<f32>(${lanes.join(', ')})`);
  }

  /** Whether input `i` is bound as array<vec4<f32>> (every stream on it aligned or single). */
  vectorBinding(i: number): boolean {
    const streams = this.layout.streams.filter((s) => s.input === i);
    return (
      this.kernel.inputs[i]?.type === 'float' &&
      streams.some((s) => this.access(s) === 'aligned') &&
      streams.every((s) => this.access(s) !== 'general')
    );
  }

  /** WGSL for the body's value (vec4<f32>, or vec4<bool> for a comparison), after `lines`. */
  value(e: KernelExpr): string {
    switch (e.k) {
      case 'load':
        return this.load(e);
      case 'const':
        return `vec4<f32>(${f32Literal(e.value)})`;
      case 'where': {
        const [c, a, b] = [this.value(e.cond), this.value(e.a), this.value(e.b)];
        return this.temp('vec4<f32>', `select(${b}, ${a}, ${c})`);
      }
      case 'unary': {
        const x = this.value(e.arg);
        return this.temp('vec4<f32>', e.fn === 'neg' ? `-${x}` : `${e.fn}(${x})`);
      }
      case 'binary':
        return this.binary(e);
    }
  }

  private binary(e: Extract<KernelExpr, { k: 'binary' }>): string {
    if (e.fn === 'pow' && e.right.k === 'const' && Number.isInteger(e.right.value)) {
      const p = e.right.value;
      if (Math.abs(p) <= SQUARING_LIMIT) return this.integerPower(this.value(e.left), p);
    }
    const [a, b] = [this.value(e.left), this.value(e.right)];
    const infix: Partial<Record<typeof e.fn, string>> = {
      add: '+',
      sub: '-',
      mul: '*',
      div: '/',
      lt: '<',
      gt: '>',
      le: '<=',
      ge: '>=',
      eq: '==',
      ne: '!=',
    };
    const op = infix[e.fn];
    if (op) return this.temp(['+', '-', '*', '/'].includes(op) ? 'vec4<f32>' : 'vec4<bool>', `${a} ${op} ${b}`);
    if (e.fn === 'pow') {
      this.helpers.set(
        'npow',
        [
          '// NumPy power: |x|^y, negated for x < 0 and odd whole y; 1 for y = 0.',
          'fn npow(x: vec4<f32>, y: vec4<f32>) -> vec4<f32> {',
          '  let r = exp2(y * log2(abs(x)));',
          '  let odd = (y == round(y)) & (0.5 * y != round(0.5 * y));',
          '  return select(select(r, -r, (x < vec4<f32>(0.0)) & odd), vec4<f32>(1.0), y == vec4<f32>(0.0));',
          '}',
        ].join('\n'),
      );
      return this.temp('vec4<f32>', `npow(${a}, ${b})`);
    }
    return this.temp('vec4<f32>', `${e.fn === 'maximum' ? 'max' : 'min'}(${a}, ${b})`);
  }

  /** x**p by repeated squaring, as the model counts it. */
  private integerPower(x: string, p: number): string {
    if (p === 0) return 'vec4<f32>(1.0)';
    let base = x;
    let result: string | undefined;
    let m = Math.abs(p);
    while (m > 0) {
      if (m & 1) result = result === undefined ? base : this.temp('vec4<f32>', `${result} * ${base}`);
      m >>>= 1;
      if (m > 0) base = this.temp('vec4<f32>', `${base} * ${base}`);
    }
    return p < 0 ? this.temp('vec4<f32>', `vec4<f32>(1.0) / ${result as string}`) : (result as string);
  }

  /** The input bindings, from binding 1: masks as u32 words, floats as vec4<S> where every read is whole vec4s. */
  bindings(): string[] {
    return this.kernel.inputs.map((b, i) => {
      const type = b.type === 'mask' ? 'array<u32>' : this.vectorBinding(i) ? 'array<vec4<S>>' : 'array<S>';
      return `@group(0) @binding(${i + 1}) var<storage, read> in${i}: ${type}; // ${b.id}: (${b.shape.join(', ')}) ${b.type}`;
    });
  }

  generate(dtype: GpuDtype): WgslKernel {
    const k = this.kernel;
    const result = this.value(k.body);
    const mask = k.output.type === 'mask';
    const store = mask
      ? `out[g] = dot(select(vec4<u32>(0u), vec4<u32>(1u), ${result}), vec4<u32>(1u, 0x100u, 0x10000u, 0x1000000u));`
      : `out[g] = vec4<S>(${result});`;
    const outBinding = k.inputs.length + 1;
    const code = [
      `// ${k.label}`,
      '// Generated by src/bench/workloads/kinds/expression/wgsl.ts: one thread step = one vec4 of output.',
      '@group(0) @binding(0) var<uniform> params: Params;',
      ...this.bindings(),
      `@group(0) @binding(${outBinding}) var<storage, read_write> out: ${mask ? 'array<u32>' : 'array<vec4<S>>'}; // ${k.output.id}: (${k.output.shape.join(', ')})`,
      '',
      `const ELEMENTS: u32 = ${this.layout.elements}u;`,
      `override WORKGROUP_SIZE: u32 = ${WORKGROUP_SIZE}u;`,
      '',
      ...[...this.helpers.values()].flatMap((h) => [h, '']),
      '@compute @workgroup_size(WORKGROUP_SIZE)',
      'fn main(@builtin(global_invocation_id) gid: vec3<u32>) {',
      '  for (var g = gid.x; g < params.groups; g = g + params.stride) {',
      '    // Element indices of the four lanes; lanes past the end repeat the last element.',
      '    let e = min(vec4<u32>(4u * g) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(ELEMENTS - 1u));',
      ...this.lines,
      `    ${store}`,
      '  }',
      '}',
      '',
    ].join('\n');
    return {
      code: buildShader(code, { dtype, uniforms: [EXPRESSION_PARAMS] }),
      entryPoint: 'main',
      layout: this.layout,
      inputs: k.inputs,
      output: k.output,
      groups: Math.ceil(this.layout.elements / 4),
      outputBinding: outBinding,
    };
  }
}

/** The WGSL kernel of one elementwise kernel of a plan (values stored as `dtype`, byte masks). */
export function generateWgslKernel(kernel: ElementwiseKernel, dtype: GpuDtype = 'f32'): WgslKernel {
  return new WgslWriter(kernel).generate(dtype);
}
