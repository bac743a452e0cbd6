/**
 * Browser entry of a CPU tier worker (a module Web Worker, one per thread). Loaded with
 * `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`; Vite bundles it.
 */
import type { WorkerReply, WorkerRequest } from './workers/protocol.ts';
import { createWorkerHandler } from './worker-handler.ts';

/** The parts of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(message: WorkerReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const handle = createWorkerHandler(() => performance.timeOrigin + performance.now());
scope.addEventListener('message', (event) => {
  void handle(event.data).then((reply) => scope.postMessage(reply));
});
