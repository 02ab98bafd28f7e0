// The per-η table: status, phase-transition step, loss increases, final loss, late slope, η·T·L,
// and a diverged badge. Clicking a row (or its checkbox) shows or hides that η on every chart. While
// a sweep runs, the status is the live one (waiting, running, paused, done, diverged), not the
// partial results' placeholder. Runs laid over the charts (compare runs) follow, each under its name,
// their η drawn in their line style, so final losses and transitions compare row by row.

import { html, LitElement } from 'lit';
import type { RunResult } from '../../core/results';
import { etaColor, type Theme } from '../charts/colors';
import { fmtEta, fmtNum } from '../charts/format';

export interface ComparedRun {
  name: string;
  dash: number[];
  runs: readonly RunResult[];
}

/** A short line in the run's colour and dash, the table's key to a compared run's curve. */
const dashSwatch = (color: string, dash: number[]) =>
  html`<svg class="bs-dash-swatch" width="18" height="6" aria-hidden="true"><line x1="0" y1="3" x2="18" y2="3" stroke=${color} stroke-width="2" stroke-dasharray=${dash.join(' ')} /></svg>`;

export class BsSummary extends LitElement {
  static override properties = {
    runs: { attribute: false },
    hiddenEtas: { attribute: false },
    binaryLoss: { attribute: false },
    liveStatus: { attribute: false },
    theme: {},
    compared: { attribute: false },
  };
  declare runs: RunResult[];
  declare hiddenEtas: ReadonlySet<number>;
  /** False for softmax CE and MSE, where the transition (L ≤ 1/η) means nothing. */
  declare binaryLoss: boolean;
  /** Per run, its status as the sweep stands (null when the results are final). */
  declare liveStatus: readonly string[] | null;
  declare theme: Theme;
  /** The runs laid over the charts: name, dash pattern and per-η results. */
  declare compared: readonly ComparedRun[];

  constructor() {
    super();
    this.runs = [];
    this.hiddenEtas = new Set();
    this.binaryLoss = true;
    this.liveStatus = null;
    this.theme = 'light';
    this.compared = [];
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private toggle(eta: number): void {
    this.dispatchEvent(new CustomEvent('toggle-eta', { detail: eta, bubbles: true }));
  }

  protected override render() {
    const etas = this.runs.map((r) => r.eta);
    return html`<div class="bs-table-wrap"><table class="bs-summary">
      <thead>
        <tr><th>show</th><th>η</th><th>status</th><th>transition step</th><th>loss increases</th><th>final loss</th><th>late slope</th><th>η·T·L</th></tr>
      </thead>
      <tbody>
        ${this.runs.map((r, k) => {
          const status = this.liveStatus?.[k] ?? r.status;
          const shown = !this.hiddenEtas.has(r.eta);
          const s = r.summary;
          return html`<tr data-eta=${r.eta} class=${shown ? '' : 'bs-off'} @click=${() => this.toggle(r.eta)}>
            <td><input type="checkbox" .checked=${shown} aria-label="show η = ${fmtEta(r.eta, etas)}" @click=${(e: Event) => e.stopPropagation()} @change=${() => this.toggle(r.eta)} /></td>
            <td><span class="bs-swatch" style="--c:${etaColor(r.eta, etas, this.theme)}"></span> ${fmtEta(r.eta, etas)}</td>
            <td data-role="status">${status === 'diverged' ? html`<span class="bs-badge bs-diverged" title="diverged at step ${r.divergedAt ?? '?'}">diverged</span>` : status}</td>
            <td>${this.binaryLoss ? (s.phaseTransitionStep ?? '–') : html`<span title="the transition L ≤ 1/η is defined for the binary margin losses only">n/a</span>`}</td>
            <td>${s.lossIncreases}</td>
            <td>${fmtNum(s.finalLoss)}</td>
            <td>${fmtNum(s.lateSlope)}</td>
            <td>${fmtNum(s.etaTLoss)}</td>
          </tr>`;
        })}
      </tbody>
      ${this.compared.map((c) => {
        const cEtas = c.runs.map((r) => r.eta);
        return html`<tbody class="bs-compared" data-run=${c.name}>
          <tr><th colspan="8" class="bs-compared-head">${dashSwatch('currentColor', c.dash)} ${c.name}</th></tr>
          ${c.runs.map((r) => {
            const s = r.summary;
            return html`<tr data-eta=${r.eta} class=${this.hiddenEtas.has(r.eta) ? 'bs-off' : ''} @click=${() => this.toggle(r.eta)}>
              <td></td>
              <td>${dashSwatch(etaColor(r.eta, cEtas, this.theme), c.dash)} ${fmtEta(r.eta, cEtas)}</td>
              <td>${r.status}</td>
              <td>${this.binaryLoss ? (s.phaseTransitionStep ?? '–') : 'n/a'}</td>
              <td>${s.lossIncreases}</td>
              <td>${fmtNum(s.finalLoss)}</td>
              <td>${fmtNum(s.lateSlope)}</td>
              <td>${fmtNum(s.etaTLoss)}</td>
            </tr>`;
          })}
        </tbody>`;
      })}
    </table></div>`;
  }
}

customElements.define('bs-summary', BsSummary);
