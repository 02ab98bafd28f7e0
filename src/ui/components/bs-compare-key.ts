// Which line style is which run, above the table when runs are compared: the run on view solid, each
// compared run with its dash pattern, name and engine, and ✕ to take it off the charts.

import { html, LitElement } from 'lit';

export interface KeyRun {
  id: string;
  name: string;
  engine: string;
  dash: number[];
}

const line = (dash: number[]) =>
  html`<svg width="36" height="10" aria-hidden="true"><line x1="0" y1="5" x2="36" y2="5" stroke="currentColor" stroke-width="2" stroke-dasharray=${dash.join(' ') || 'none'} /></svg>`;

export class BsCompareKey extends LitElement {
  static override properties = { current: { attribute: false }, runs: { attribute: false } };
  /** The run on view. */
  declare current: { name: string; engine: string };
  declare runs: readonly KeyRun[];

  constructor() {
    super();
    this.current = { name: '', engine: '' };
    this.runs = [];
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    return html`<div class="bs-overlays" data-role="overlays" aria-label="runs on the charts">
      <span class="bs-overlay-item" data-run="current">${line([])} ${this.current.name} <span class="bs-muted">(on view · ${this.current.engine})</span></span>
      ${this.runs.map(
        (o) => html`<span class="bs-overlay-item" data-run=${o.id} data-dash=${o.dash.join(',')}>${line(o.dash)} ${o.name} <span class="bs-muted">(${o.engine})</span>
          <button class="bs-small" data-action="remove-overlay" aria-label="stop comparing with ${o.name}"
            @click=${() => this.dispatchEvent(new CustomEvent('remove-overlay', { detail: o.id, bubbles: true }))}>✕</button></span>`,
      )}
    </div>`;
  }
}

customElements.define('bs-compare-key', BsCompareKey);
