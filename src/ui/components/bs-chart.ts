// One chart panel: a title bar with the log/linear switch and PNG-ready canvas below. Updates are
// coalesced to one per animation frame, and same-shape data goes through uPlot's setData, so live
// runs redraw without rebuilding the plot. The plot follows its container's width (ResizeObserver).
// Cursor and zoom are shared only with charts of the same x axis: the step charts move together,
// the final-loss-vs-η chart keeps its own.

import { html, LitElement } from 'lit';
import { chartCsv } from '../charts/chart-csv';
import { legendItems } from '../charts/legend';
import { mountChart, type MountedChart } from '../charts/mount';
import { exportChartCsv, exportPng } from '../export';
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
    name: {},
    fullScreen: { state: true },
  };
  declare spec: PanelSpec | null;
  declare hiddenEtas: ReadonlySet<number>;
  declare theme: Theme;
  declare syncKey: string;
  declare plotHeight: number;
  declare fontPx: number;
  /** uPlot's hover legend (off in kiosk mode, where the table is the colour key). */
  declare legend: boolean;
  /** The run's name, for downloaded file names. */
  declare name: string;
  declare fullScreen: boolean;
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
    this.name = 'bigstep';
    this.fullScreen = false;
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

  private readonly onFullScreen = () => (this.fullScreen = document.fullscreenElement === this);

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('fullscreenchange', this.onFullScreen);
    this.resizeObs = new ResizeObserver(() => {
      if (this.chart && this.chart.plot().width !== this.plotWidth()) this.chart.resize(this.plotWidth(), this.height());
    });
    this.resizeObs.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('fullscreenchange', this.onFullScreen);
    this.resizeObs?.disconnect();
    cancelAnimationFrame(this.frame);
    this.chart?.destroy();
    this.chart = null;
  }

  private plotWidth(): number {
    return Math.max(160, Math.floor(this.clientWidth) - 12);
  }

  /** The plot's height: as set, or the screen less the title bar when this chart is full screen. */
  private height(): number {
    return this.fullScreen ? Math.max(200, innerHeight - 60) : this.plotHeight;
  }

  private toggleFullScreen(): void {
    if (document.fullscreenElement === this) void document.exitFullscreen();
    else void this.requestFullscreen?.();
  }

  private downloadPng(): void {
    if (!this.spec || !this.canvas) return;
    const style = getComputedStyle(this);
    const bg = getComputedStyle(document.body).backgroundColor;
    void exportPng(`${this.name}-${this.spec.id}`, this.name, [{ title: this.spec.title, canvas: this.canvas, legend: legendItems(this.spec, this.hiddenEtas) }], bg, style.color);
  }

  private downloadCsv(): void {
    if (this.spec) exportChartCsv(`${this.name}-${this.spec.id}`, chartCsv(this.spec));
  }

  private toggleLog(): void {
    if (!this.spec) return;
    this.dispatchEvent(new CustomEvent('toggle-log', { detail: { id: this.spec.id, yLog: !this.spec.yLog }, bubbles: true }));
  }

  private toggleLogX(): void {
    if (!this.spec) return;
    this.dispatchEvent(new CustomEvent('toggle-log-x', { detail: { id: this.spec.id, xLog: !this.spec.xLog }, bubbles: true }));
  }

  protected override render() {
    const s = this.spec;
    if (!s) return html``;
    return html`<div class="bs-chart-head">
        <h3>${s.title}</h3>
        <span class="bs-chart-tools">
          ${s.xLabel === 'step t'
            ? html`<button class="bs-small" data-action="toggle-log-x" @click=${this.toggleLogX} title="Switch the x axis between log and linear steps">${s.xLog ? 'log x' : 'linear x'}</button>`
            : ''}
          <button class="bs-small" data-action="toggle-log" @click=${this.toggleLog} title="Switch the y axis between log and linear">${s.yLog ? 'log y' : 'linear y'}</button>
          <button class="bs-small" data-action="chart-png" @click=${this.downloadPng} title="Download this chart as PNG, with its η key" aria-label="download ${s.title} as PNG">PNG</button>
          <button class="bs-small" data-action="chart-csv" @click=${this.downloadCsv} title="Download this chart's data as CSV" aria-label="download ${s.title} data as CSV">CSV</button>
          <button class="bs-small" data-action="full-screen" @click=${this.toggleFullScreen} title=${this.fullScreen ? 'Leave full screen' : 'Full screen'} aria-label=${this.fullScreen ? 'leave full screen' : 'show this chart full screen'}>${this.fullScreen ? '✕' : '⤢'}</button>
        </span>
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
    const view = { width: this.plotWidth(), height: this.height(), hidden: this.hiddenEtas, syncKey, theme: this.theme, fontPx: this.fontPx, legend: this.legend, onToggleEta };
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
