/**
 * A fake GPUDevice for the suite's control-flow tests: buffers are ArrayBuffers, copies
 * and clears really copy, and three kernels are emulated (dispatch_count counts, copy_vec4
 * copies, the elementwise workload's axpb computes a * b + c). Other kernels do nothing, so their output fails the CPU check — exactly what a
 * wrong GPU result must do. Faults are switched on by options.
 */

/** WebGPU's flag values, installed on globalThis when Node lacks them. */
export function installGpuGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  g['GPUBufferUsage'] ??= {
    MAP_READ: 1,
    MAP_WRITE: 2,
    COPY_SRC: 4,
    COPY_DST: 8,
    INDEX: 16,
    VERTEX: 32,
    UNIFORM: 64,
    STORAGE: 128,
    INDIRECT: 256,
    QUERY_RESOLVE: 512,
  };
  g['GPUMapMode'] ??= { READ: 1, WRITE: 2 };
}

export interface FakeDeviceOptions {
  /** Delay before onSubmittedWorkDone / mapAsync resolve, ms (default 1). */
  workMs?: number;
  /** onSubmittedWorkDone never resolves. */
  hangOnSubmittedWorkDone?: boolean;
  /** mapAsync never resolves. */
  hangMapAsync?: boolean;
  /** Lose the device at this submit (1-based); later GPU promises never resolve. */
  loseAtSubmit?: number;
  /** Buffers whose label matches get an out-of-memory error from popErrorScope. */
  oomLabel?: RegExp;
  /** Shader modules whose code contains this get a compile error. */
  compileErrorIn?: string;
  features?: string[];
  /** Entry points run as one of the emulated kernels ({ main: 'axpb' }: a generated kernel of a·b + c). */
  runAs?: Record<string, 'axpb' | 'copy_vec4' | 'dispatch_count'>;
}

interface FakeBuffer {
  label: string;
  size: number;
  usage: number;
  data: Uint8Array<ArrayBuffer>;
  mapAsync(mode: number, offset?: number, size?: number): Promise<void>;
  getMappedRange(offset?: number, size?: number): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}

interface FakePipeline {
  entry: string;
  getBindGroupLayout(i: number): object;
}

interface FakeBindGroup {
  entries: { binding: number; resource: { buffer: FakeBuffer } }[];
}

type Command = () => void;

const never = <T>() => new Promise<T>(() => undefined);

/** Build a fake device; `fake.submits` counts queue submissions. */
export function createFakeDevice(options: FakeDeviceOptions = {}) {
  const workMs = options.workMs ?? 1;
  let lost = false;
  let resolveLost: (info: { reason: string; message: string }) => void = () => undefined;
  const lostPromise = new Promise<{ reason: string; message: string }>((r) => (resolveLost = r));
  const scopes: ({ message: string } | null)[][] = [];
  const later = <T>(value: T): Promise<T> =>
    lost ? never<T>() : new Promise<T>((r) => setTimeout(() => r(value), workMs));
  const state = { submits: 0, buffers: [] as FakeBuffer[] };

  const createBuffer = (desc: {
    label?: string;
    size: number;
    usage: number;
    mappedAtCreation?: boolean;
  }): FakeBuffer => {
    const buffer: FakeBuffer = {
      label: desc.label ?? '',
      size: desc.size,
      usage: desc.usage,
      data: new Uint8Array(new ArrayBuffer(desc.size)),
      mapAsync: () => (options.hangMapAsync ? never<void>() : later(undefined)),
      getMappedRange: (offset = 0, size = desc.size - offset) => {
        const view = buffer.data.subarray(offset, offset + size);
        return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength);
      },
      unmap: () => undefined,
      destroy: () => undefined,
    };
    if (desc.mappedAtCreation) {
      // Writes through the mapped range land in the buffer.
      const shared = buffer.data.buffer;
      buffer.getMappedRange = () => shared;
    }
    if (options.oomLabel?.test(buffer.label)) {
      const top = scopes[scopes.length - 2];
      if (top) top.push({ message: 'fake: not enough memory' });
    }
    state.buffers.push(buffer);
    return buffer;
  };

  const runKernel = (pipeline: FakePipeline | undefined, group: FakeBindGroup | undefined, x: number, y: number) => {
    if (!pipeline) return;
    const buf = (binding: number) => group?.entries.find((e) => e.binding === binding)?.resource.buffer;
    const entry = options.runAs?.[pipeline.entry] ?? pipeline.entry;
    if (entry === 'dispatch_count') {
      const counter = buf(0);
      if (counter) {
        const v = new Uint32Array(counter.data.buffer, 0, 1);
        v[0] = (v[0] ?? 0) + x * y;
      }
    } else if (entry === 'axpb') {
      // Workload kernel out = a * b + c (src/bench/workloads/gpu/elementwise.ts), in f32.
      const [a, b, c, out] = [1, 2, 3, 4].map((i) => buf(i));
      if (a && b && c && out) {
        const [fa, fb, fc, fo] = [a, b, c, out].map((x) => new Float32Array(x.data.buffer));
        for (let i = 0; i < (fo?.length ?? 0); i++) fo![i] = Math.fround(fa![i]! * fb![i]! + fc![i]!);
      }
    } else if (entry === 'copy_vec4') {
      const src = buf(1);
      const dst = buf(2);
      if (src && dst) dst.data.set(src.data);
    }
  };

  const device = {
    label: 'fake',
    features: new Set(options.features ?? []),
    limits: {
      maxBufferSize: 2 ** 28,
      maxStorageBufferBindingSize: 2 ** 27,
      maxComputeWorkgroupsPerDimension: 65535,
      maxComputeInvocationsPerWorkgroup: 256,
    },
    lost: lostPromise,
    pushErrorScope: () => {
      scopes.push([]);
    },
    popErrorScope: () => {
      const errors = scopes.pop() ?? [];
      return Promise.resolve(errors[0] ?? null);
    },
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    destroy: () => undefined,
    createBuffer,
    createQuerySet: () => ({ destroy: () => undefined }),
    createShaderModule: (desc: { code: string }) => ({
      getCompilationInfo: () =>
        Promise.resolve({
          messages:
            options.compileErrorIn && desc.code.includes(options.compileErrorIn)
              ? [{ type: 'error', lineNum: 3, linePos: 7, message: 'fake: unresolved identifier' }]
              : [],
        }),
    }),
    createComputePipelineAsync: (desc: { compute: { entryPoint: string } }) =>
      lost
        ? never<FakePipeline>()
        : Promise.resolve<FakePipeline>({ entry: desc.compute.entryPoint, getBindGroupLayout: () => ({}) }),
    createBindGroup: (desc: FakeBindGroup) => desc,
    createCommandEncoder: () => {
      const commands: Command[] = [];
      return {
        beginComputePass: () => {
          let pipeline: FakePipeline | undefined;
          let group: FakeBindGroup | undefined;
          return {
            setPipeline: (p: FakePipeline) => (pipeline = p),
            setBindGroup: (_i: number, g: FakeBindGroup) => (group = g),
            dispatchWorkgroups: (x: number, y = 1) => {
              const p = pipeline;
              const gr = group;
              commands.push(() => runKernel(p, gr, x, y));
            },
            end: () => undefined,
          };
        },
        copyBufferToBuffer: (src: FakeBuffer, so: number, dst: FakeBuffer, d0: number, size: number) =>
          commands.push(() => dst.data.set(src.data.subarray(so, so + size), d0)),
        clearBuffer: (b: FakeBuffer) => commands.push(() => b.data.fill(0)),
        resolveQuerySet: () => undefined,
        finish: () => commands,
      };
    },
    queue: {
      submit: (buffers: Command[][]) => {
        state.submits++;
        if (options.loseAtSubmit !== undefined && state.submits >= options.loseAtSubmit && !lost) {
          lost = true;
          resolveLost({ reason: 'unknown', message: 'fake: the GPU process crashed' });
          return;
        }
        for (const cmds of buffers) for (const c of cmds) c();
      },
      writeBuffer: (
        buffer: FakeBuffer,
        offset: number,
        data: ArrayBufferView | ArrayBuffer,
        dataOffset = 0,
        size?: number,
      ) => {
        const view = ArrayBuffer.isView(data) ? data : new Uint8Array(data);
        const bpe = 'BYTES_PER_ELEMENT' in view ? (view as Uint8Array).BYTES_PER_ELEMENT : 1;
        const bytes = new Uint8Array(
          view.buffer,
          view.byteOffset + dataOffset * bpe,
          (size ?? view.byteLength / bpe - dataOffset) * bpe,
        );
        buffer.data.set(bytes, offset);
      },
      onSubmittedWorkDone: () => (options.hangOnSubmittedWorkDone ? never<undefined>() : later(undefined)),
    },
  };
  return { device: device as unknown as GPUDevice, state };
}
