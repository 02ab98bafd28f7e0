// A worker thread of the fast CPU engine (Node worker_threads or a Web Worker): waits for the
// engine to bump the command generation, does its share of that phase, counts itself done.
// The engine's thread does share 0 meanwhile.

import { CMD, CTRL } from './plan';
import type { ThreadWork } from './thread-work';

/** `workers`: how many workers the engine waits for (its own thread does share 0). */
export function serve(work: ThreadWork, ctrl: Int32Array, workers: number): void {
  let generation = 0;
  for (;;) {
    // Wait until the generation has moved, not merely until Atomics.wait returns: Node 20 (V8 11.3)
    // sometimes returns 'ok' with the word unchanged, and running the last command again would
    // apply an update twice and leave the done count one ahead.
    let next = Atomics.load(ctrl, CTRL.generation);
    while (next === generation) {
      Atomics.wait(ctrl, CTRL.generation, generation);
      next = Atomics.load(ctrl, CTRL.generation);
    }
    generation = next;
    const cmd = Atomics.load(ctrl, CTRL.command);
    if (cmd === CMD.exit) return;
    work.run(cmd);
    if (Atomics.add(ctrl, CTRL.done, 1) + 1 === workers) Atomics.notify(ctrl, CTRL.done);
  }
}

/** What the engine sends each worker. */
export interface WorkerMessage {
  init: import('./plan').ThreadInit;
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  ctrl: SharedArrayBuffer;
}
