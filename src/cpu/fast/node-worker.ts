// Entry of a fast-CPU-engine worker under Node's worker_threads.

import { parentPort, workerData } from 'node:worker_threads';
import { serve, type WorkerMessage } from './serve';
import { ThreadWork } from './thread-work';

const { init, memory, module, ctrl } = workerData as WorkerMessage;
const work = new ThreadWork(init, memory, module);
parentPort?.postMessage('ready');
serve(work, new Int32Array(ctrl), init.threads - 1);
parentPort?.close();
