// One chart panel: a title bar with the log/linear switches, typed axis ranges, downloads (a PNG or
// SVG figure at the chosen size and scale, the data as CSV) and full screen, and the plot below. Updates are
// coalesced to one per animation frame, and same-shape data goes through uPlot's setData, so live
// runs redraw without rebuilding the plot. The plot follows its container's width (ResizeObserver).
// Cursor and zoom are shared only with charts of the same x axis: the step charts move together,
// the final-loss-vs-η chart keeps its own. A zoom and typed ranges are held by the app (the link
// keeps them) and handed back as `range`, which the plot keeps through live updates.

import { html, LitElement } from 'lit';
import { chartCsv } from '../charts/chart-csv';
import { mountChart, type MountedChart } from '../charts/mount';
import { chartSvg } from '../charts/chart-svg';
import { parseAxisRange } from '../charts/axis-range';
import { exportChartCsv, exportFigurePng, exportSvg } from '../export';
import type { PanelSpec } from '../charts/panel-types';
import type { Theme } from '../charts/uplot-options';
import type { AxisRanges } from '../state/url-state';

/** The size of a downloaded figure (null: as the chart is on screen) and its pixels per CSS pixel (PNG only). */
export interface FigureSize {
  width: number | null;
  height: number | null;
  scale: number;
}

export const SCREEN_FIGURE: FigureSize = { width: null, height: null, scale: 1 };

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
    summary: {},
    range: { attribute: false },
    figure: { attribute: false },
    fullScreen: { state: true },
    rangeOpen: { state: true },
    rangeError: { state: true },
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
  /** What was run, printed at the top of a downloaded figure. */
  declare summary: string;
  /** The fixed axis ranges of this chart (zoom, typed limits); empty: fit the data. */
  declare range: AxisRanges;
  declare figure: FigureSize;
  declare fullScreen: boolean;
  /** The typed-range form is open. */
  declare rangeOpen: boolean;
  declare rangeError: string;
  /** What the plot's scales read when it fits itself to the data (changed in place, see uplot-options.ts). */
  private readonly fixed: AxisRanges = {};
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
    this.summary = '';
    this.range = {};
    this.figure = SCREEN_FIGURE;
    this.fullScreen = false;
    this.rangeOpen = false;
    this.rangeError = '';
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

  /** This chart as a standalone figure (chart-svg.ts): the view on screen, at the chosen size. */
  figureSvg(withSummary = true): string | null {
    const s = this.spec;
    const u = this.uplot;
    if (!s || !u) return null;
    const scale = (k: 'x' | 'y'): [number, number] | undefined => {
      const { min, max } = u.scales[k];
      return typeof min === 'number' && typeof max === 'number' ? [min, max] : undefined;
    };
    return chartSvg(s, {
      width: this.figure.width ?? u.width + 12,
      height: this.figure.height ?? u.height + 110,
      hidden: this.hiddenEtas,
      theme: this.theme,
      summary: withSummary ? this.summary : undefined,
      xRange: scale('x'),
      yRange: scale('y'),
    });
  }

  private downloadPng(): void {
    const svg = this.figureSvg();
    if (svg && this.spec) void exportFigurePng(`${this.name}-${this.spec.id}`, svg, this.figure.scale);
  }

  private downloadSvg(): void {
    const svg = this.figureSvg();
    if (svg && this.spec) exportSvg(`${this.name}-${this.spec.id}`, svg);
  }

  private emitRange(axis: 'x' | 'y', range: [number, number] | null): void {
    if (!this.spec) return;
    this.dispatchEvent(new CustomEvent('set-range', { detail: { id: this.spec.id, axis, range }, bubbles: true }));
  }

  /** Typed limits: both axes checked first, so one bad box changes nothing. */
  private applyRange(e: Event): void {
    e.preventDefault();
    const s = this.spec;
    if (!s) return;
    const form = e.currentTarget as HTMLFormElement;
    const val = (n: string) => (form.elements.namedItem(n) as HTMLInputElement).value;
    const x = parseAxisRange(s.xLabel, { min: val('x-min'), max: val('x-max') }, s.xLog);
    const y = parseAxisRange(s.yLabel, { min: val('y-min'), max: val('y-max') }, s.yLog);
    const bad = 'error' in x ? x.error : 'error' in y ? y.error : '';
    this.rangeError = bad;
    if (bad || 'error' in x || 'error' in y) return;
    this.emitRange('x', x.range);
    this.emitRange('y', y.range);
  }

  private renderRangeForm(s: PanelSpec) {
    const v = (r: [number, number] | undefined, i: 0 | 1) => (r ? String(r[i]) : '');
    return html`<form class="bs-range" data-role="range-form" @submit=${this.applyRange}>
      <label>${s.xLabel} <input name="x-min" inputmode="decimal" size="6" aria-label="${s.title}: x min" .value=${v(this.range.x, 0)} placeholder="auto" /></label>
      – <input name="x-max" inputmode="decimal" size="6" aria-label="${s.title}: x max" .value=${v(this.range.x, 1)} placeholder="auto" />
      <label>${s.yLabel} <input name="y-min" inputmode="decimal" size="6" aria-label="${s.title}: y min" .value=${v(this.range.y, 0)} placeholder="auto" /></label>
      – <input name="y-max" inputmode="decimal" size="6" aria-label="${s.title}: y max" .value=${v(this.range.y, 1)} placeholder="auto" />
      <button type="submit" class="bs-small" data-action="apply-range">Apply</button>
      <button type="button" class="bs-small" data-action="auto-range" @click=${() => {
        this.rangeError = '';
        this.emitRange('x', null);
        this.emitRange('y', null);
      }}>Fit data</button>
      ${this.rangeError ? html`<span class="bs-error" role="alert" data-role="range-error">${this.rangeError}</span>` : ''}
    </form>`;
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
          <button class="bs-small" data-action="axis-range" aria-expanded=${this.rangeOpen ? 'true' : 'false'} @click=${() => (this.rangeOpen = !this.rangeOpen)}
            title="Type the axis ranges" aria-label="axis ranges of ${s.title}">${this.range.x || this.range.y ? 'range ●' : 'range'}</button>
          <button class="bs-small" data-action="chart-png" @click=${this.downloadPng} title="Download this chart as a PNG figure (the size and scale set above), with its η key and what was run" aria-label="download ${s.title} as PNG">PNG</button>
          <button class="bs-small" data-action="chart-svg" @click=${this.downloadSvg} title="Download this chart as an SVG figure, with its η key and what was run" aria-label="download ${s.title} as SVG">SVG</button>
          <button class="bs-small" data-action="chart-csv" @click=${this.downloadCsv} title="Download this chart's data as CSV" aria-label="download ${s.title} data as CSV">CSV</button>
          <button class="bs-small" data-action="full-screen" @click=${this.toggleFullScreen} title=${this.fullScreen ? 'Leave full screen' : 'Full screen'} aria-label=${this.fullScreen ? 'leave full screen' : 'show this chart full screen'}>${this.fullScreen ? '✕' : '⤢'}</button>
        </span>
      </div>
      ${this.rangeOpen ? this.renderRangeForm(s) : ''}
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
    // The plot reads these in place whenever it fits itself to its data (a live update keeps the zoom).
    this.fixed.x = this.range.x;
    this.fixed.y = this.range.y;
    const onZoom = (range: [number, number] | null) => this.emitRange('x', range);
    const view = { width: this.plotWidth(), height: this.height(), hidden: this.hiddenEtas, syncKey, theme: this.theme, fontPx: this.fontPx, legend: this.legend, onToggleEta, fixed: this.fixed, onZoom };
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
