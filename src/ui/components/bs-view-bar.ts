// The bar above the charts: EMA smoothing, the η filter, and the size and scale of the figures the
// charts' PNG and SVG buttons download. It holds no state of its own: each change goes up as an event
// (smoothing, eta-filter, figure) to the app, which keeps the view (and the link) in one place.

import { html, LitElement } from 'lit';
import type { FigureSize } from './bs-chart';

/** A figure size box: a whole number of px from 100 to 8000, or null (as on screen) for anything else. */
export function figureSide(text: string): number | null {
  const n = Math.round(Number(text));
  return text.trim() !== '' && n >= 100 && n <= 8000 ? n : null;
}

export class BsViewBar extends LitElement {
  static override properties = { smoothing: { attribute: false }, etaFilter: {}, etaFilterError: {}, figure: { attribute: false } };
  /** EMA weight (0: off). */
  declare smoothing: number;
  declare etaFilter: string;
  declare etaFilterError: string;
  declare figure: FigureSize;

  constructor() {
    super();
    this.smoothing = 0;
    this.etaFilter = '';
    this.etaFilterError = '';
    this.figure = { width: null, height: null, scale: 1 };
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private fire<T>(name: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true }));
  }

  private setFigure(patch: Partial<FigureSize>): void {
    this.fire<FigureSize>('figure', { ...this.figure, ...patch });
  }

  protected override render() {
    const f = this.figure;
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    return html`<div class="bs-chart-bar">
      <label class="bs-check" title="Exponential moving average of the step charts (TensorBoard-style); the raw curves stay, faint">
        smoothing <input type="range" name="smoothing" min="0" max="0.99" step="0.01" .value=${String(this.smoothing)} @input=${(e: Event) => this.fire('smoothing', Number(value(e)))} />
        <span data-role="smoothing">${this.smoothing > 0 ? this.smoothing.toFixed(2) : 'off'}</span>
      </label>
      <label class="bs-check" title="Which η to show: values, fractions, ranges or bounds, any of them (empty: all)">
        show η <input name="eta-filter" size="12" placeholder="all (4, 1/4..8, >= 16)" aria-label="filter the η shown" .value=${this.etaFilter}
          aria-invalid=${this.etaFilterError ? 'true' : 'false'} @change=${(e: Event) => this.fire('eta-filter', value(e))} />
      </label>
      ${this.etaFilterError ? html`<span class="bs-error" role="alert" data-role="eta-filter-error">${this.etaFilterError}</span>` : ''}
      <span class="bs-check" title="Size of the figures a chart's PNG and SVG buttons download (empty: as on screen), and the PNG's pixels per point">
        figure <input name="figure-width" inputmode="numeric" size="4" placeholder="width" aria-label="figure width (px)" .value=${f.width === null ? '' : String(f.width)}
          @change=${(e: Event) => this.setFigure({ width: figureSide(value(e)) })} />
        × <input name="figure-height" inputmode="numeric" size="4" placeholder="height" aria-label="figure height (px)" .value=${f.height === null ? '' : String(f.height)}
          @change=${(e: Event) => this.setFigure({ height: figureSide(value(e)) })} />
        <select name="figure-scale" aria-label="PNG scale" @change=${(e: Event) => this.setFigure({ scale: Number(value(e)) })}>
          ${[1, 2, 3, 4].map((k) => html`<option value=${k} ?selected=${f.scale === k}>${k}×</option>`)}
        </select>
      </span>
    </div>`;
  }
}

customElements.define('bs-view-bar', BsViewBar);
