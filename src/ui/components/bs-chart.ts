// One chart panel: a title bar with the log/linear switch and PNG-ready canvas below. Updates are
// coalesced to one per animation frame, and same-shape data goes through uPlot's setData, so live
// runs redraw without rebuilding the plot. The plot follows its container's width (ResizeObserver).
// Cursor and zoom are shared only with charts of the same x axis: the step charts move together,
// the final-loss-vs-η chart keeps its own.

import { html, LitElement } from 'lit';
import { mountChart, type MountedChart } from '../charts/mount';
import type { PanelSpec } from '../charts/panel-types';
import type { Theme } from '../charts/uplot-options';

export class BsChart extends LitElement {
  static override properties = {
    spec: { attribute: false },
    hiddenEtas: { attribute: false },
    theme: {},
    syncKey: {},
    plotHeight: { type: Number },
    fontPx: { type: Number },
    legend: { type: Boolean },
  };
  declare spec: PanelSpec | null;
  declare hiddenEtas: ReadonlySet<number>;
  declare theme: Theme;
  declare syncKey: string;
  declare plotHeight: number;
  declare fontPx: number;
  /** uPlot's hover legend (off in kiosk mode, where the table is the colour key). */
  declare legend: boolean;
  private chart: MountedChart | null = null;
  private frame = 0;
  private resizeObs: ResizeObserver | null = null;
  private mountedTheme: string = '';

  constructor() {
    super();
    this.spec = null;
    this.hiddenEtas = new Set();
    this.theme = 'light';
    this.syncKey = 'bigstep';
    this.plotHeight = 280;
    this.fontPx = 12;
    this.legend = true;
  }

  // Light DOM: uPlot's stylesheet and the page theme apply, and tests can query the plot directly.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** The data uPlot holds right now (x first), for tests and exports. */
  get plotData(): unknown[] | null {
    return this.spec ? this.spec.data : null;
  }

  get canvas(): HTMLCanvasElement | null {
    return this.chart?.canvas() ?? null;
  }

  /** The uPlot instance on screen (tests read its cursor and scales). */
  get uplot(): ReturnType<MountedChart['plot']> | null {
    return this.chart?.plot() ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObs = new ResizeObserver(() => {
      if (this.chart && this.chart.plot().width !== this.plotWidth()) this.chart.resize(this.plotWidth(), this.plotHeight);
    });
    this.resizeObs.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObs?.disconnect();
    cancelAnimationFrame(this.frame);
    this.chart?.destroy();
    this.chart = null;
  }

  private plotWidth(): number {
    return Math.max(160, Math.floor(this.clientWidth) - 12);
  }

  private toggleLog(): void {
    if (!this.spec) return;
    this.dispatchEvent(new CustomEvent('toggle-log', { detail: { id: this.spec.id, yLog: !this.spec.yLog }, bubbles: true }));
  }

  protected override render() {
    const s = this.spec;
    if (!s) return html``;
    return html`<div class="bs-chart-head">
        <h3>${s.title}</h3>
        <button class="bs-small" data-action="toggle-log" @click=${this.toggleLog} title="Switch the y axis between log and linear">
          ${s.yLog ? 'log y' : 'linear y'}
        </button>
      </div>
      <div class="bs-plot"></div>`;
  }

  protected override updated(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    const el = this.querySelector<HTMLElement>('.bs-plot');
    if (!el || !this.spec) return;
    // Charts of one x axis (steps, η, horizon T) share a key; no other chart follows their cursor or zoom.
    const syncKey = this.syncKey ? `${this.syncKey}|${this.spec.xLabel}` : undefined;
    const onToggleEta = (eta: number) => this.dispatchEvent(new CustomEvent('toggle-eta', { detail: eta, bubbles: true }));
    const view = { width: this.plotWidth(), height: this.plotHeight, hidden: this.hiddenEtas, syncKey, theme: this.theme, fontPx: this.fontPx, legend: this.legend, onToggleEta };
    const mounted = `${this.theme}|${this.fontPx}|${this.legend}|${syncKey}`;
    if (this.chart && this.mountedTheme === mounted) {
      this.chart.update(this.spec);
      this.chart.setHidden(this.hiddenEtas);
      const p = this.chart.plot();
      if (p.width !== view.width || p.height !== view.height) this.chart.resize(view.width, view.height);
    } else {
      this.chart?.destroy();
      el.replaceChildren();
      this.chart = mountChart(el, this.spec, view);
      this.mountedTheme = mounted;
    }
    this.dataset.points = String(this.spec.data[0].length);
  }
}

customElements.define('bs-chart', BsChart);
