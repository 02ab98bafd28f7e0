// What crosses from Node to the peers page: one GD problem (the same data, w_0, output weights and
// stepsizes bigstep runs), as base64 float32 arrays; and what comes back.

export interface PeerProblem {
  kind: 'linear' | 'ntk';
  n: number;
  d: number;
  /** Neurons (1 for the linear model). */
  m: number;
  K: number;
  /** n×d row-major. */
  x: string;
  /** n labels ±1. */
  y: string;
  /** w_0 shared by all K runs: d (linear) or m×d row-major (NTK). */
  w0: string;
  /** a_s/√m (NTK; empty for linear). */
  a: string;
  etas: number[];
}

export interface PeerResult {
  /** L(w_N) per η after `agreeSteps` steps from w_0. */
  lossAfter: number[];
  /** steps/s of each timed run. */
  stepsPerSecond: number[];
  /** Steps per timed run. */
  steps: number;
}

/** A library on one backend: TensorFlow.js and jax-js on WebGPU, and on the CPU (WebAssembly; TF.js's plain-JS cpu backend). */
export type PeerName = 'tfjs' | 'jax' | 'jax-wasm' | 'tfjs-wasm' | 'tfjs-cpu';
export const GPU_PEERS: PeerName[] = ['tfjs', 'jax'];
export const CPU_PEERS: PeerName[] = ['jax-wasm', 'tfjs-wasm', 'tfjs-cpu'];

export interface PeersApi {
  /** Starts these peers' backends; per peer, null or why it cannot run here. */
  init(peers: PeerName[]): Promise<Partial<Record<PeerName, string | null>>>;
  /** N = agreeSteps steps for L(w_N) (0: L(w_0), to skip the check); then `runs` timed runs of up to maxSteps steps, each about targetSeconds long. */
  run(peer: PeerName, problem: PeerProblem, agreeSteps: number, maxSteps: number, runs: number, targetSeconds: number): Promise<PeerResult>;
}

declare global {
  interface Window {
    bigstepPeers?: PeersApi;
  }
}
