// How the fast CPU engine starts its worker threads, whatever the platform: Node's worker_threads
// (node-threads.ts) or Web Workers (web-threads.ts). The engine itself imports neither.

import type { WorkerMessage } from './serve';

export interface WorkerThreads {
  /** Ends every thread (after the engine has told them to exit). */
  terminate(): Promise<void>;
}

/** Starts one thread per message and resolves once each has instantiated its kernels and is waiting. */
export type SpawnThreads = (messages: WorkerMessage[]) => Promise<WorkerThreads>;

export interface Platform {
  /** e.g. "Node 20.20.2" or "browser". */
  runtime: string;
  /** Threads to use by default (every core). */
  cores: number;
  /** Absent where threads cannot share memory (a page that is not cross-origin isolated): one thread. */
  spawn?: SpawnThreads;
}
