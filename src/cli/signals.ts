// SIGINT (Ctrl-C), SIGTERM (what Slurm, Kubernetes and systemd send before a kill) and SIGHUP: the
// first stops the work after the current chunk, so the caller writes a final checkpoint and the
// results marked cancelled and exits 128 + the signal's number (130, 143, 129). A second signal (half
// a second or more later) exits at once: every file is written atomically, so the last good
// checkpoint stays whole.

import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** A second signal sooner than this after the first is the same one, delivered twice. */
const DUPLICATE_MS = 500;

export class SignalStop {
  private readonly controller = new AbortController();
  private received: NodeJS.Signals | null = null;
  private receivedAt = 0;
  private readonly handler = (sig: NodeJS.Signals) => this.onSignal(sig);

  constructor(private readonly what: string) {
    for (const s of SIGNALS) process.on(s, this.handler);
  }

  /** Aborted on the first signal. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopped(): boolean {
    return this.received !== null;
  }

  /** 128 + the signal's number once one arrived (130 for SIGINT, 143 for SIGTERM), else null. */
  get exitCode(): number | null {
    return this.received ? 128 + constants.signals[this.received] : null;
  }

  private onSignal(sig: NodeJS.Signals): void {
    // One Ctrl-C can arrive twice: from the terminal to the whole process group, and again from a
    // wrapper (npx) passing it on. Only a signal well after the first means "quit now".
    if (this.received && performance.now() - this.receivedAt < DUPLICATE_MS) return;
    if (this.received) {
      process.stderr.write(`\n${sig} again: quitting now; the last checkpoint written stays\n`);
      process.exit(128 + constants.signals[sig]);
    }
    this.received = sig;
    this.receivedAt = performance.now();
    process.stderr.write(`\n${sig}: ${this.what} (${sig === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again to quit at once)\n`);
    this.controller.abort();
  }

  dispose(): void {
    for (const s of SIGNALS) process.removeListener(s, this.handler);
  }
}
