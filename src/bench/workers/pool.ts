/**
 * Workers kept between calls (issue #20): a size ladder runs the workload kernels a dozen
 * times in a row, and starting fresh workers each time (compiling their script, under Node
 * registering the TypeScript loader) cost 0.3–0.7 s a call here, more than the kernels. A
 * pooled env hands out idle workers first; a worker given back with no request in flight
 * goes back to the pool, one given back mid-request (a timeout, a cancel) is terminated, as
 * a failed worker must be. `dispose()` ends them all.
 */
import type { WorkerReply, WorkerRequest } from './protocol.ts';
import type { TierWorker, WorkerEnv } from './channel.ts';

interface PooledWorker {
  real: TierWorker;
  onReply: ((r: WorkerReply) => void) | undefined;
  onFailure: ((message: string) => void) | undefined;
  inFlight: number;
  broken: boolean;
}

export interface WorkerPool extends WorkerEnv {
  /** Terminate every worker, idle or not. */
  dispose(): void;
  /** Workers started so far (tests). */
  readonly started: number;
}

export function pooledWorkerEnv(env: WorkerEnv): WorkerPool {
  const idle: PooledWorker[] = [];
  const all: PooledWorker[] = [];
  let started = 0;
  const fresh = (): PooledWorker => {
    const w: PooledWorker = {
      real: env.createWorker(),
      onReply: undefined,
      onFailure: undefined,
      inFlight: 0,
      broken: false,
    };
    started++;
    w.real.listen(
      (r) => {
        w.inFlight = Math.max(0, w.inFlight - 1);
        w.onReply?.(r);
      },
      (message) => {
        w.broken = true;
        w.onFailure?.(message);
      },
    );
    all.push(w);
    return w;
  };
  return {
    ...env,
    get started() {
      return started;
    },
    createWorker: (): TierWorker => {
      const w = idle.pop() ?? fresh();
      let given = false;
      return {
        postMessage: (req: WorkerRequest) => {
          w.inFlight++;
          w.real.postMessage(req);
        },
        listen: (onReply, onFailure) => {
          w.onReply = onReply;
          w.onFailure = onFailure;
        },
        terminate: () => {
          if (given) return;
          given = true;
          w.onReply = undefined;
          w.onFailure = undefined;
          if (w.inFlight === 0 && !w.broken) idle.push(w);
          else {
            w.broken = true;
            w.real.terminate();
          }
        },
      };
    },
    dispose: () => {
      for (const w of all) {
        try {
          w.real.terminate();
        } catch {
          // Already gone.
        }
      }
      idle.length = 0;
      all.length = 0;
    },
  };
}
