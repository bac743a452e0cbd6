/**
 * Timing one GPU submission: timestamp queries around a compute pass when the device has
 * 'timestamp-query', wall clock (submit → onSubmittedWorkDone) always, as a cross-check
 * and as the fallback. Modelled on webgpu-samples' TimestampQueryManager: with no
 * timestamp support it simply records nothing.
 */
import type { GpuGuard } from './errors.ts';
import { GpuBenchError } from './errors.ts';

/** One timed submission. `gpuMs` is present when timestamps were taken. */
export interface SubmissionTime {
  gpuMs?: number;
  wallMs: number;
  /** The time to use: GPU time when available, else wall time. */
  ms: number;
}

/** Builds the command stream to time; `timestampWrites` go on its one timed compute pass. */
export type EncodeFn = (encoder: GPUCommandEncoder, timestampWrites: GPUComputePassTimestampWrites | undefined) => void;

/** resolveQuerySet's destination offset must be a multiple of 256 (WebGPU rule); one slot suffices. */
const RESOLVE_BUFFER_BYTES = 256;

export class GpuTimer {
  readonly useTimestamps: boolean;
  /** Raw timestamp deltas in ns, for quantization detection. */
  readonly rawDeltasNs: number[] = [];
  private readonly querySet?: GPUQuerySet;
  private readonly resolveBuffer?: GPUBuffer;
  private readonly readBuffer?: GPUBuffer;

  constructor(
    private readonly device: GPUDevice,
    private readonly guard: GpuGuard,
    /** performance.now or a test double. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.useTimestamps = device.features.has('timestamp-query');
    if (this.useTimestamps) {
      this.querySet = device.createQuerySet({ label: 'bench.timer.queries', type: 'timestamp', count: 2 });
      this.resolveBuffer = device.createBuffer({
        label: 'bench.timer.resolve',
        size: RESOLVE_BUFFER_BYTES,
        usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
      });
      // Two u64 nanosecond values: [begin, end].
      this.readBuffer = device.createBuffer({
        label: 'bench.timer.read',
        size: 16,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
    }
  }

  /** Encode with `encode`, submit, wait for completion, and return the times. */
  async time(encode: EncodeFn, what: string): Promise<SubmissionTime> {
    const encoder = this.device.createCommandEncoder({ label: `bench.${what}.encoder` });
    const writes: GPUComputePassTimestampWrites | undefined =
      this.querySet !== undefined
        ? { querySet: this.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 }
        : undefined;
    encode(encoder, writes);
    if (this.querySet && this.resolveBuffer && this.readBuffer) {
      encoder.resolveQuerySet(this.querySet, 0, 2, this.resolveBuffer, 0);
      encoder.copyBufferToBuffer(this.resolveBuffer, 0, this.readBuffer, 0, 16);
    }
    const commands = encoder.finish();
    const t0 = this.now();
    this.device.queue.submit([commands]);
    await this.guard.wait(this.device.queue.onSubmittedWorkDone(), `${what}: onSubmittedWorkDone`);
    const wallMs = this.now() - t0;
    if (!this.readBuffer) return { wallMs, ms: wallMs };
    await this.guard.wait(this.readBuffer.mapAsync(GPUMapMode.READ), `${what}: read timestamps`);
    const [begin, end] = new BigUint64Array(this.readBuffer.getMappedRange().slice(0));
    this.readBuffer.unmap();
    if (begin === undefined || end === undefined || end < begin) {
      throw new GpuBenchError(`${what}: the GPU timer went backwards`, 'timer', false);
    }
    const deltaNs = Number(end - begin);
    this.rawDeltasNs.push(deltaNs);
    const gpuMs = deltaNs / 1e6;
    return { gpuMs, wallMs, ms: gpuMs > 0 ? gpuMs : wallMs };
  }

  destroy(): void {
    this.querySet?.destroy();
    this.resolveBuffer?.destroy();
    this.readBuffer?.destroy();
  }
}
