// The per-η table: phase-transition step, loss increases, final loss, late slope, η·T·L, and a
// diverged badge. Clicking a row (or its checkbox) shows or hides that η on every chart.

import { html, LitElement } from 'lit';
import type { RunResult } from '../../core/results';
import { etaColor } from '../charts/colors';
import { fmtEta, fmtNum } from '../charts/format';

export class BsSummary extends LitElement {
  static override properties = { runs: { attribute: false }, hiddenEtas: { attribute: false }, binaryLoss: { attribute: false } };
  declare runs: RunResult[];
  declare hiddenEtas: ReadonlySet<number>;
  /** False for softmax CE and MSE, where the transition (L ≤ 1/η) means nothing. */
  declare binaryLoss: boolean;

  constructor() {
    super();
    this.runs = [];
    this.hiddenEtas = new Set();
    this.binaryLoss = true;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private toggle(eta: number): void {
    this.dispatchEvent(new CustomEvent('toggle-eta', { detail: eta, bubbles: true }));
  }

  protected override render() {
    const etas = this.runs.map((r) => r.eta);
    return html`<table class="bs-summary">
      <thead>
        <tr><th>show</th><th>η</th><th>status</th><th>transition step</th><th>loss increases</th><th>final loss</th><th>late slope</th><th>η·T·L</th></tr>
      </thead>
      <tbody>
        ${this.runs.map((r) => {
          const shown = !this.hiddenEtas.has(r.eta);
          const s = r.summary;
          return html`<tr data-eta=${r.eta} class=${shown ? '' : 'bs-off'} @click=${() => this.toggle(r.eta)}>
            <td><input type="checkbox" .checked=${shown} aria-label="show η = ${fmtEta(r.eta)}" @click=${(e: Event) => e.stopPropagation()} @change=${() => this.toggle(r.eta)} /></td>
            <td><span class="bs-swatch" style="--c:${etaColor(r.eta, etas)}"></span> ${fmtEta(r.eta)}</td>
            <td>${r.status === 'diverged' ? html`<span class="bs-badge bs-diverged" title="diverged at step ${r.divergedAt ?? '?'}">diverged</span>` : r.status}</td>
            <td>${this.binaryLoss ? (s.phaseTransitionStep ?? '–') : html`<span title="the transition L ≤ 1/η is defined for the binary margin losses only">n/a</span>`}</td>
            <td>${s.lossIncreases}</td>
            <td>${fmtNum(s.finalLoss)}</td>
            <td>${fmtNum(s.lateSlope)}</td>
            <td>${fmtNum(s.etaTLoss)}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }
}

customElements.define('bs-summary', BsSummary);
