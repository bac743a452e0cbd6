import { describe, expect, it } from 'vitest';
import type { TierWorker, WorkerEnv } from '../../../../src/bench/workers/channel.ts';
import { pooledWorkerEnv } from '../../../../src/bench/workers/pool.ts';
import type { WorkerReply, WorkerRequest } from '../../../../src/bench/workers/protocol.ts';

/** Workers that answer every request with an error reply of the same seq; counts starts and ends. */
function fakeEnv(log: { started: number; terminated: number }, answer = true): WorkerEnv {
  return {
    logicalCores: 2,
    now: () => 0,
    platform: 'test',
    createWorker: (): TierWorker => {
      log.started++;
      let onReply: ((r: WorkerReply) => void) | undefined;
      return {
        postMessage: (req: WorkerRequest) => {
          if (answer) queueMicrotask(() => onReply?.({ seq: req.seq, type: 'error', code: 'exception', message: 'x' }));
        },
        listen: (r) => {
          onReply = r;
        },
        terminate: () => {
          log.terminated++;
        },
      };
    },
  };
}

const ask = (w: TierWorker, seq: number): Promise<WorkerReply> =>
  new Promise((resolve) => {
    w.listen(resolve, () => undefined);
    w.postMessage({ seq, type: 'wl-run' });
  });

describe('pooledWorkerEnv', () => {
  it('a worker given back idle is handed out again; replies go to its current user only', async () => {
    const log = { started: 0, terminated: 0 };
    const pool = pooledWorkerEnv(fakeEnv(log));
    const a = pool.createWorker();
    expect((await ask(a, 1)).seq).toBe(1);
    a.terminate();
    const b = pool.createWorker();
    expect((await ask(b, 7)).seq).toBe(7);
    b.terminate();
    expect(log).toEqual({ started: 1, terminated: 0 });
    expect(pool.started).toBe(1);
    pool.dispose();
    expect(log.terminated).toBe(1);
  });

  it('a worker given back with a request in flight is terminated, not reused', () => {
    const log = { started: 0, terminated: 0 };
    const pool = pooledWorkerEnv(fakeEnv(log, false));
    const a = pool.createWorker();
    a.listen(
      () => undefined,
      () => undefined,
    );
    a.postMessage({ seq: 1, type: 'wl-run' });
    a.terminate();
    expect(log.terminated).toBe(1);
    pool.createWorker();
    expect(log.started).toBe(2);
  });
});
