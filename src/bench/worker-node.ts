/**
 * Node entry of a CPU tier worker (node:worker_threads): the same handler as the browser
 * worker, over `parentPort`.
 */
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { WorkerRequest } from './workers/protocol.ts';
import { createWorkerHandler } from './worker-handler.ts';

const port = parentPort;
if (!port) throw new Error('worker-node.ts must run as a worker thread');
const handle = createWorkerHandler(() => performance.timeOrigin + performance.now());
port.on('message', (req: WorkerRequest) => {
  void handle(req).then((reply) => port.postMessage(reply));
});
