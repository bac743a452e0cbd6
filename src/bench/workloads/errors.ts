/**
 * Why a verification stopped without a result: one error kind the page and the CLI show,
 * whichever side failed (the GPU runner's GpuBenchError, the workers' TierError).
 */
import { errorMessage } from '../../model/shared/errors.ts';
import { GpuBenchError } from '../gpu/errors.ts';
import { TierError } from '../workers/channel.ts';

/** Why a verification stopped without a result. */
export type VerifyErrorKind =
  'cancelled' | 'timeout' | 'device-lost' | 'mismatch' | 'not-runnable' | 'out-of-memory' | 'failed';

export class VerifyError extends Error {
  override readonly name = 'VerifyError';
  constructor(
    readonly kind: VerifyErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const GPU_KINDS: Partial<Record<GpuBenchError['kind'], VerifyErrorKind>> = {
  cancelled: 'cancelled',
  timeout: 'timeout',
  'device-lost': 'device-lost',
  mismatch: 'mismatch',
  'out-of-memory': 'out-of-memory',
};

const CPU_KINDS: Partial<Record<TierError['kind'], VerifyErrorKind>> = {
  cancelled: 'cancelled',
  timeout: 'timeout',
  invalid: 'mismatch',
};

/** Map the kernels' errors to one kind the UI and the CLI can show. */
export function toVerifyError(e: unknown, side: 'GPU' | 'CPU'): VerifyError {
  if (e instanceof VerifyError) return e;
  const text = errorMessage(e);
  const kind =
    e instanceof GpuBenchError
      ? (GPU_KINDS[e.kind] ?? 'failed')
      : e instanceof TierError
        ? (CPU_KINDS[e.kind] ?? 'failed')
        : 'failed';
  return new VerifyError(kind, kind === 'cancelled' ? 'Cancelled.' : `${side}: ${text}`);
}
