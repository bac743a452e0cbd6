/**
 * Errors and waiting: every await on the GPU goes through `GpuGuard.wait`, which races
 * the call against a timeout and against device loss, so a GPU call that never resolves
 * ends the run with a clear message instead of hanging.
 */

/** What went wrong, for the UI and for tests. */
export type GpuErrorKind =
  | 'timeout'
  | 'device-lost'
  | 'cancelled'
  | 'out-of-memory'
  | 'validation'
  | 'compile'
  | 'mismatch'
  | 'timer'
  | 'internal';

/** An error from one step of the suite. `fatal` errors end the run; others fail one metric. */
export class GpuBenchError extends Error {
  override readonly name = 'GpuBenchError';
  constructor(
    message: string,
    readonly kind: GpuErrorKind,
    readonly fatal: boolean,
  ) {
    super(message);
  }
}

// The one error-text helper lives in model/; the GPU files take it from here with the error types.
export { errorMessage } from '../../model/shared/errors.ts';

/** Races GPU promises against device loss and a timeout; checks cancellation. */
export class GpuGuard {
  /** Set once the device is lost; every later wait rejects at once. */
  lostMessage: string | undefined;
  private readonly lost: Promise<never>;

  constructor(
    device: GPUDevice,
    /** Default timeout per awaited GPU call, ms. */
    readonly timeoutMs: number,
    readonly signal?: AbortSignal,
  ) {
    this.lost = device.lost.then((info) => {
      this.lostMessage = `GPU device lost (${info.reason}): ${info.message || 'no message'}`;
      throw new GpuBenchError(this.lostMessage, 'device-lost', true);
    });
    // Keep an unobserved rejection from being reported as unhandled.
    this.lost.catch(() => undefined);
  }

  /** Await `p`, or fail with a fatal error on timeout or device loss. */
  async wait<T>(p: Promise<T>, what: string, timeoutMs: number = this.timeoutMs): Promise<T> {
    if (this.lostMessage) throw new GpuBenchError(this.lostMessage, 'device-lost', true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new GpuBenchError(
              `GPU call "${what}" did not finish within ${Math.round(timeoutMs / 1000)} s; the GPU or its driver is not responding`,
              'timeout',
              true,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([p, this.lost, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Throw a cancellation error if the run's signal was aborted. */
  checkAbort(): void {
    if (this.signal?.aborted) throw new GpuBenchError('cancelled', 'cancelled', true);
  }
}

/** Let the event loop run (rendering, input) between GPU steps. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
