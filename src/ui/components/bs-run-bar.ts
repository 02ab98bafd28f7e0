// Progress of the current run (steps, steps/s, ETA, which sweep of a study) with pause, resume and
// stop. Before the first steps it names the stage (loading data, compiling shaders, warming up).
// The rate and ETA come from the last seconds (RecentRate), and the ETA shows only while running.
// Buttons are plain <button>s: reachable by Tab, pressed by Enter or Space.

import { html, LitElement } from 'lit';
import { fmtDuration, fmtNum } from '../charts/format';
import type { JobProgress, JobStage } from '../run/sweep-job';

/** The stages in the order a first run meets them, for "stage 2 of 3". */
const STAGES: JobStage[][] = [['loading data'], ['compiling shaders', 'starting the engine'], ['warming up']];

export type RunPhase = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'done' | 'cancelled' | 'error';

export class BsRunBar extends LitElement {
  static override properties = { phase: {}, progress: { attribute: false }, message: {}, stage: {}, rate: { attribute: false }, etaSeconds: { attribute: false } };
  declare phase: RunPhase;
  declare progress: JobProgress | null;
  declare message: string;
  /** The stage before steps are counted ('' once they are). */
  declare stage: JobStage | '';
  /** Steps per second over the last seconds (null until known). */
  declare rate: number | null;
  /** Seconds left at the recent rate (null until known). */
  declare etaSeconds: number | null;

  constructor() {
    super();
    this.phase = 'idle';
    this.progress = null;
    this.message = '';
    this.stage = '';
    this.rate = null;
    this.etaSeconds = null;
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
    const stageNo = this.stage ? STAGES.findIndex((names) => names.includes(this.stage as JobStage)) + 1 : 0;
    const eta = this.phase === 'running' && this.etaSeconds !== null ? html` · ETA <span data-role="eta">${fmtDuration(this.etaSeconds)}</span>` : '';
    return html`<div class="bs-run-bar" data-phase=${this.phase}>
      ${this.stage && this.phase !== 'error' ? html`<progress max="100"></progress>` : html`<progress max="100" .value=${pct}></progress>`}
      <span class="bs-progress-text" data-role="progress">
        ${this.stage && this.phase !== 'error'
          ? html`<span data-role="stage">${this.stage}…</span> <span class="bs-muted">(stage ${stageNo} of ${STAGES.length})</span>`
          : p
            ? html`${p.parts > 1 ? html`sweep ${p.part + 1}/${p.parts} (${p.label}) · ` : ''}step
                <b data-role="steps">${p.stepsDone}</b> / ${p.totalSteps}${p.batches > 1 ? ` (batch ${p.batch + 1}/${p.batches})` : ''} ·
                <span data-role="rate">${fmtNum(this.rate ?? p.stepsPerSecond)}</span> steps/s${eta}
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
