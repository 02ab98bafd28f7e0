// Progress of the current run (steps, steps/s, ETA, which sweep of a study) with pause, resume and
// stop. Buttons are plain <button>s: reachable by Tab, pressed by Enter or Space.

import { html, LitElement } from 'lit';
import { fmtDuration, fmtNum } from '../charts/format';
import type { JobProgress } from '../run/sweep-job';

export type RunPhase = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'done' | 'cancelled' | 'error';

export class BsRunBar extends LitElement {
  static override properties = { phase: {}, progress: { attribute: false }, message: {} };
  declare phase: RunPhase;
  declare progress: JobProgress | null;
  declare message: string;

  constructor() {
    super();
    this.phase = 'idle';
    this.progress = null;
    this.message = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private fire(name: string): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true }));
  }

  protected override render() {
    const p = this.progress;
    const active = this.phase === 'running' || this.phase === 'paused' || this.phase === 'starting';
    const pct = p ? Math.round(p.overall * 1000) / 10 : 0;
    return html`<div class="bs-run-bar" data-phase=${this.phase}>
      <progress max="100" .value=${pct}></progress>
      <span class="bs-progress-text" data-role="progress">
        ${p
          ? html`${p.parts > 1 ? html`sweep ${p.part + 1}/${p.parts} (${p.label}) · ` : ''}step
              <b data-role="steps">${p.stepsDone}</b> / ${p.totalSteps}${p.batches > 1 ? ` (batch ${p.batch + 1}/${p.batches})` : ''} ·
              <span data-role="rate">${fmtNum(p.stepsPerSecond)}</span> steps/s · ETA <span data-role="eta">${fmtDuration(p.etaSeconds)}</span>
              ${p.diverged > 0 ? html` · <span class="bs-badge bs-diverged">${p.diverged} diverged</span>` : ''}`
          : this.message || 'ready'}
      </span>
      <span class="bs-phase" data-role="phase">${this.phase}</span>
      ${this.phase === 'paused'
        ? html`<button data-action="resume" @click=${() => this.fire('resume-run')}>Resume</button>`
        : html`<button data-action="pause" ?disabled=${this.phase !== 'running'} @click=${() => this.fire('pause-run')}>Pause</button>`}
      <button data-action="stop" ?disabled=${!active} @click=${() => this.fire('stop-run')}>Stop</button>
    </div>`;
  }
}

customElements.define('bs-run-bar', BsRunBar);
