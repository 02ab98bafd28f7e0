// SIGINT (Ctrl-C), SIGTERM (what Slurm, Kubernetes and systemd send before a kill) and SIGHUP: the
// first stops the work after the current chunk, so the caller writes a final checkpoint and the
// results marked cancelled and exits 128 + the signal's number (130, 143, 129). A second signal exits
// at once: every file is written atomically, so the last good checkpoint stays whole.

import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export class SignalStop {
  private readonly controller = new AbortController();
  private received: NodeJS.Signals | null = null;
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
    if (this.received) {
      process.stderr.write(`\n${sig} again: quitting now; the last checkpoint written stays\n`);
      process.exit(128 + constants.signals[sig]);
    }
    this.received = sig;
    process.stderr.write(`\n${sig}: ${this.what} (${sig === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again to quit at once)\n`);
    this.controller.abort();
  }

  dispose(): void {
    for (const s of SIGNALS) process.removeListener(s, this.handler);
  }
}
