// One peer library's GD state for one problem: reset to w_0, advance one step for all K runs,
// wait for the device, and read L(w) per η.

export interface PeerStepper {
  reset(): void;
  step(): void;
  /** Resolves when every queued step has finished on the GPU. */
  sync(): Promise<void>;
  loss(): Promise<number[]>;
  dispose(): void;
}
