// Entry of a fast-CPU-engine worker in the browser (a Web Worker started by web-threads.ts).

import { serve, type WorkerMessage } from './serve';
import { ThreadWork } from './thread-work';

self.onmessage = (ev: MessageEvent<WorkerMessage>) => {
  const { init, memory, module, ctrl } = ev.data;
  let work: ThreadWork;
  try {
    work = new ThreadWork(init, memory, module);
  } catch (err) {
    (self as unknown as Worker).postMessage({ error: (err as Error).message ?? String(err) });
    return;
  }
  (self as unknown as Worker).postMessage({ ready: true });
  serve(work, new Int32Array(ctrl), init.threads - 1);
  self.close();
};
