/**
 * The main thread's side of the workers that run CPU kernels (the CPU tiers and the
 * workload kernels alike): starting them, one request at a time per worker with a timeout
 * and abort, a shared start barrier, and one error type whose message is plain words.
 * Independent of the worker API: the browser (bench/cpu/index.ts) and Node
 * (bench/cpu/node.ts) pass a {@link WorkerEnv} that creates workers; tests pass fakes.
 */
import { errorMessage } from '../../model/shared/errors.ts';
import type { BarrierSpec, WorkerErrorCode, WorkerReply, WorkerRequest } from './protocol.ts';

/** A worker as the runner sees it; adapters wrap Web Workers and worker_threads. */
export interface TierWorker {
  postMessage(req: WorkerRequest): void;
  /**
   * Register the reply handler and the failure handler (script failed to load, uncaught
   * error, unexpected exit), once, right after creation.
   */
  listen(onReply: (reply: WorkerReply) => void, onFailure: (message: string) => void): void;
  terminate(): void;
}

/** Where workers run. */
export interface WorkerEnv {
  /** Creates a started worker; may throw (e.g. workers unsupported or blocked). */
  createWorker(): TierWorker;
  /** Logical cores: an all-cores run starts this many workers. */
  logicalCores: number;
  /** Main-thread monotonic clock in ms, for time budgets only (samples are timed in workers). */
  now(): number;
  /** 'browser' or 'node', recorded in the details. */
  platform: string;
  /** Facts recorded in every metric's details (e.g. crossOriginIsolated). */
  extraDetails?: Record<string, string | number | boolean>;
}

type TierErrorKind = 'cancelled' | 'timeout' | 'start' | 'worker' | WorkerErrorCode;

/** Why a tier stopped; `message` is plain words for the results table. */
export class TierError extends Error {
  constructor(
    readonly kind: TierErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'TierError';
  }
}

/** A request without its sequence number (distributes over the union). */
export type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'seq'> : never) : never;

/** One worker with at most one request in flight, a timeout per request, and abort support. */
export class Channel {
  private seq = 0;
  private pending:
    | {
        seq: number;
        resolve: (r: WorkerReply) => void;
        reject: (e: TierError) => void;
        timer: ReturnType<typeof setTimeout>;
      }
    | undefined;
  private dead: TierError | undefined;
  private terminated = false;

  constructor(private readonly worker: TierWorker) {
    worker.listen(
      (reply) => {
        const p = this.pending;
        if (!p || reply.seq !== p.seq) return; // a late reply to a request that already timed out
        this.pending = undefined;
        clearTimeout(p.timer);
        p.resolve(reply);
      },
      (message) => this.fail(new TierError('worker', message)),
    );
  }

  request(body: RequestBody, timeoutMs: number, signal: AbortSignal | undefined): Promise<WorkerReply> {
    if (this.dead) return Promise.reject(this.dead);
    if (signal?.aborted) return Promise.reject(cancelled());
    const seq = ++this.seq;
    return new Promise<WorkerReply>((resolve, reject) => {
      const onAbort = (): void => this.fail(cancelled());
      const timer = setTimeout(() => {
        this.fail(
          new TierError(
            'timeout',
            `the worker stopped answering (no reply within ${formatSeconds(timeoutMs)}), so it was stopped`,
          ),
        );
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending = {
        seq,
        timer,
        resolve: (r) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      try {
        this.worker.postMessage({ ...body, seq });
      } catch (err) {
        this.fail(new TierError('worker', `could not send to the worker: ${errorMessage(err)}`));
      }
    });
  }

  /** Marks the channel dead, rejects the pending request and terminates the worker. */
  fail(error: TierError): void {
    if (!this.dead) this.dead = error;
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.reject(this.dead);
    }
    this.close();
  }

  close(): void {
    if (this.terminated) return;
    this.terminated = true;
    try {
      this.worker.terminate();
    } catch {
      // Already gone: nothing to release.
    }
  }
}

export function cancelled(): TierError {
  return new TierError('cancelled', 'cancelled while measuring');
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** Start `threads` workers; on any failure terminate those started and throw. */
export function startWorkers(env: Pick<WorkerEnv, 'createWorker'>, threads: number): Channel[] {
  const channels: Channel[] = [];
  try {
    for (let i = 0; i < threads; i++) channels.push(new Channel(env.createWorker()));
  } catch (err) {
    for (const c of channels) c.close();
    const which = threads > 1 ? `worker ${channels.length + 1} of ${threads}` : 'the worker';
    throw new TierError('start', `${which} could not be started: ${errorMessage(err)}`);
  }
  return channels;
}

export function replyError(reply: WorkerReply, expected: string): TierError {
  if (reply.type === 'error') return new TierError(reply.code, reply.message);
  return new TierError('worker', `the worker answered '${reply.type}' where '${expected}' was expected`);
}

/** A shared start barrier for `parties` workers, where SharedArrayBuffer is available. */
export function makeBarrier(parties: number): BarrierSpec | undefined {
  if (parties <= 1 || typeof SharedArrayBuffer !== 'function') return undefined;
  try {
    return { buffer: new SharedArrayBuffer(8), parties };
  } catch {
    return undefined;
  }
}
