// The dashboard: configure on the left, run and watch on the right (one column, the form collapsible
// above the charts, under 900 px). It owns the state (form, the run in progress, the parts on view,
// hidden η, log/linear choices) and wires the pieces together: parseConfig for validation, the runner
// for engines, IndexedDB for keeping runs, the URL for sharing. In kiosk mode it sizes type and
// charts to the screen, so a 1080p screen shows all main charts of a preset at once.
// The parts with a job of their own are in src/ui/app: the run in progress, the link, the kiosk cycle,
// the kept runs, the panels on view, the pace of live updates, figure export.


import { html, LitElement } from 'lit';
import { presetRaw } from '../../core/presets';
import type { PanelId } from '../charts/panels';
import type { Theme } from '../charts/uplot-options';
import { isMultiClassLoss } from '../../core/output-losses';
import { exportCsv, exportJson } from '../export';
import type { RunHandle } from '../run/runner';
import type { JobProgress, JobStage, Part } from '../run/sweep-job';
import { formFromRaw, type FormState, type Raw } from '../state/form-model';
import { validateForm, type FieldError } from '../state/form-validation';
import type { AxisRanges, KioskParams } from '../state/url-state';
import { filterEtas } from '../charts/eta-filter';
import type { RunListItem, StoredRun } from '../store/run-store';
import { comparedRuns, figureSummary, type Overlay } from '../app/overlays';
import { PanelBuilder } from '../app/panel-builder';
import { kioskLayout, kioskLoop, kioskPlotHeight } from '../app/kiosk';
import { showInAddressBar, stateFromLink } from '../app/link-state';
import { LivePacer, RunRates } from '../app/run-pacing';
import { exportChartsPng } from '../app/figure-export';
import { pauseRun, resumeRun, runSweep, stopRun } from '../app/run-control';
import { deleteRun, editRun, importFile, openRun, refreshRuns, toggleOverlay } from '../app/saved-runs';
import type { RunEdit } from './bs-runs';
import { SCREEN_FIGURE, type FigureSize } from './bs-chart';
import type { RunPhase } from './bs-run-bar';
import './bs-chart';
import './bs-config';
import './bs-gpu';
import './bs-run-bar';
import './bs-runs';
import './bs-summary';
import './bs-compare-key';
import './bs-view-bar';

const NO_RANGE: AxisRanges = {};

export class BsApp extends LitElement {
  static override properties = {
    form: { state: true },
    errors: { state: true },
    preset: { state: true },
    phase: { state: true },
    progress: { state: true },
    message: { state: true },
    notice: { state: true },
    parts: { state: true },
    partIndex: { state: true },
    hiddenEtas: { state: true },
    yLog: { state: true },
    xLog: { state: true },
    runs: { state: true },
    currentId: { state: true },
    theme: { state: true },
    kiosk: { state: true },
    viewRaw: { state: true },
    formOpen: { state: true },
    stage: { state: true },
    recentRate: { state: true },
    etaSeconds: { state: true },
    kioskPlotHeight: { state: true },
    viewport: { state: true },
    smoothing: { state: true },
    overlays: { state: true },
    ranges: { state: true },
    figure: { state: true },
    etaFilter: { state: true },
    etaFilterError: { state: true },
  };
  declare form: FormState;
  /** Every invalid field of the form at once (empty when the config is valid). */
  declare errors: FieldError[];
  declare preset: string;
  declare phase: RunPhase;
  declare progress: JobProgress | null;
  declare message: string;
  declare notice: string;
  declare parts: Part[];
  declare partIndex: number;
  declare hiddenEtas: Set<number>;
  declare yLog: Partial<Record<PanelId, boolean>>;
  declare xLog: Partial<Record<PanelId, boolean>>;
  declare runs: RunListItem[];
  declare currentId: string;
  declare theme: Theme;
  declare kiosk: KioskParams | null;
  declare viewRaw: Raw | null;
  /** The form on narrow screens (always shown on wide ones). */
  declare formOpen: boolean;
  declare stage: JobStage | '';
  declare recentRate: number | null;
  declare etaSeconds: number | null;
  declare kioskPlotHeight: number;
  declare viewport: { width: number; height: number };
  /** EMA weight of the step charts (0: off). */
  declare smoothing: number;
  /** Saved runs laid over the one on view (compare runs), each with its dash pattern. */
  declare overlays: Overlay[];
  /** Per chart, its zoom or typed axis ranges (the link keeps them). */
  declare ranges: Record<string, AxisRanges>;
  /** Size and scale of the figures the charts' PNG and SVG buttons download. */
  declare figure: FigureSize;
  /** The η filter as typed (what it leaves out is hidden), and what is wrong with it. */
  declare etaFilter: string;
  declare etaFilterError: string;
  /** Recent rate and time to go of the run in progress. */
  readonly rates = new RunRates();
  /** When live parts were last taken, and how often they are (the kiosk's watchdog reads it). */
  readonly live = new LivePacer();
  private readonly onResize = () => (this.viewport = { width: innerWidth, height: innerHeight });
  /** Data files the researcher added in the form, by name. */
  readonly files = new Map<string, Uint8Array>();
  /** The run in progress (the kiosk's watchdog stops it when it hangs). */
  handle: RunHandle | null = null;
  /** The record of the run in progress, which its periodic saves write (a rename must reach it too). */
  liveRecord: StoredRun | null = null;
  private readonly panelBuilder = new PanelBuilder();

  constructor() {
    super();
    const link = stateFromLink(location.search);
    this.kiosk = link.kiosk;
    this.preset = link.preset;
    this.form = link.form;
    this.errors = [];
    this.phase = 'idle';
    this.progress = null;
    this.message = '';
    this.parts = [];
    this.partIndex = 0;
    const view = link.view;
    this.hiddenEtas = new Set(view.hidden);
    this.yLog = view.yLog as Partial<Record<PanelId, boolean>>;
    this.xLog = view.xLog as Partial<Record<PanelId, boolean>>;
    this.smoothing = view.smoothing;
    this.overlays = [];
    this.ranges = view.ranges;
    this.figure = SCREEN_FIGURE;
    this.etaFilter = '';
    this.etaFilterError = '';
    this.runs = [];
    this.currentId = '';
    this.theme = (localStorage.getItem('bigstep-theme') as Theme | null) ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
    this.viewRaw = null;
    this.formOpen = true;
    this.stage = '';
    this.recentRate = null;
    this.etaSeconds = null;
    this.kioskPlotHeight = 300;
    this.viewport = { width: innerWidth, height: innerHeight };
    this.notice = link.notice;
    this.validate();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.body.dataset.theme = this.theme;
    addEventListener('resize', this.onResize);
    if (this.kiosk) {
      document.body.classList.add('bs-kiosk');
      void kioskLoop(this, this.kiosk);
    } else void refreshRuns(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('resize', this.onResize);
  }

  // ---- configure ----

  validate(): boolean {
    const v = validateForm(this.form);
    this.errors = v.ok ? [] : v.errors;
    if (v.ok) this.syncUrl(v.raw);
    return v.ok;
  }

  /** The address bar follows the config and the view, so a copied link opens both. */
  private syncUrl(raw: Raw | null = null): void {
    if (this.kiosk) return;
    const r = raw ?? (() => {
      const v = validateForm(this.form);
      return v.ok ? v.raw : null;
    })();
    if (!r) return;
    showInAddressBar(r, { hidden: [...this.hiddenEtas], yLog: this.yLog as Record<string, boolean>, xLog: this.xLog as Record<string, boolean>, smoothing: this.smoothing, ranges: this.ranges });
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('hiddenEtas') || changed.has('yLog') || changed.has('xLog') || changed.has('smoothing') || changed.has('ranges')) this.syncUrl();
  }

  private onFormChange(e: CustomEvent<FormState>): void {
    this.form = e.detail;
    this.validate();
  }

  private onPreset(e: CustomEvent<{ name: string; quick: boolean }>): void {
    if (!e.detail.name) return;
    this.preset = e.detail.name;
    this.form = formFromRaw(presetRaw(e.detail.name, e.detail.quick));
    this.validate();
  }

  // ---- run ----

  /** Runs the sweep the form sets up (the kiosk cycle runs presets through it). */
  run(opts: { save: boolean } = { save: true }): Promise<void> {
    return runSweep(this, opts);
  }

  current(): Part | undefined {
    return this.parts[this.partIndex] ?? this.parts[0];
  }

  private exportPng(): void {
    const part = this.current();
    if (!part) return;
    exportChartsPng(this, part.results.config.name, figureSummary(part, this.overlays, this.currentId), this.figure, this.hiddenEtas);
  }

  private toggleTheme(): void {
    this.theme = this.theme === 'dark' ? 'light' : 'dark';
    document.body.dataset.theme = this.theme;
    localStorage.setItem('bigstep-theme', this.theme);
  }

  /** One axis of one chart fixed (a zoom, typed limits) or back to fitting the data (null). */
  private setRange(e: CustomEvent<{ id: string; axis: 'x' | 'y'; range: [number, number] | null }>): void {
    const { id, axis, range } = e.detail;
    const next: AxisRanges = { ...this.ranges[id] };
    if (range) next[axis] = range;
    else delete next[axis];
    const all = { ...this.ranges };
    if (next.x || next.y) all[id] = next;
    else delete all[id];
    this.ranges = all;
  }

  /** Shows the η the filter keeps and hides the others, in the table and on every chart. */
  private applyEtaFilter(text: string): void {
    this.etaFilter = text;
    const etas = this.current()?.results.config.etas ?? [];
    const f = filterEtas(text, etas);
    this.etaFilterError = 'error' in f ? `η filter: ${f.error}` : '';
    if ('shown' in f) this.hiddenEtas = new Set(etas.filter((e) => !f.shown.includes(e)));
  }

  private toggleEta(eta: number): void {
    const next = new Set(this.hiddenEtas);
    if (next.has(eta)) next.delete(eta);
    else next.add(eta);
    this.hiddenEtas = next;
  }

  // ---- view ----

  /** Per run of the part on view, its status as the sweep stands; null when the results are final. */
  private liveStatus(): string[] | null {
    const p = this.progress;
    const live = this.phase === 'starting' || this.phase === 'running' || this.phase === 'paused' || this.phase === 'stopping';
    if (!live || !p || p.part !== this.partIndex) return null;
    return p.runs.map((r) => (r.status === 'running' && this.phase === 'paused' ? 'paused' : r.status));
  }

  /** Kiosk on a wide screen: the plot height that fits every main chart below the table. */
  private fitKioskCharts(): void {
    if (!this.kiosk) return;
    const target = kioskPlotHeight(this, this.viewport);
    if (target !== null && Math.abs(target - this.kioskPlotHeight) > 2) this.kioskPlotHeight = target;
  }

  protected override updated(): void {
    // After this update, not inside it: a change of size is a new update, never a nested one.
    if (this.kiosk) requestAnimationFrame(() => this.fitKioskCharts());
  }

  private openImport(): void {
    this.querySelector<HTMLInputElement>('input[name=import]')?.click();
  }

  protected override render() {
    const part = this.current();
    const busy = this.phase === 'starting' || this.phase === 'running' || this.phase === 'paused' || this.phase === 'stopping';
    const panels = this.panelBuilder.panels({ part, parts: this.parts, yLog: this.yLog, xLog: this.xLog, viewRaw: this.viewRaw, theme: this.theme, kiosk: this.kiosk, smoothing: this.smoothing, overlays: this.overlays, currentId: this.currentId });
    const kiosk = !!this.kiosk;
    const k = kioskLayout(this.viewport);
    document.body.style.setProperty('--kiosk-columns', String(k.columns));
    return html`<header class="bs-header">
        <h1>bigstep <span class="bs-muted">large-stepsize GD, many η at once</span></h1>
        <div class="bs-actions">
          ${kiosk
            ? html`<span class="bs-kiosk-label" data-role="kiosk">${this.preset} · cycle ${this.dataset.kioskCount ?? 1}</span>`
            : html`<button data-action="import" @click=${this.openImport}>Import results JSON</button>
                <input type="file" name="import" accept=".json,application/json" hidden tabindex="-1" @change=${(e: Event) => void importFile(this, e)} />
                <button data-action="export-json" ?disabled=${!part} @click=${() => part && exportJson(part.results)}>Export JSON</button>
                <button data-action="export-csv" ?disabled=${!part} @click=${() => part && exportCsv(part.results)}>Export CSV</button>
                <button data-action="export-png" ?disabled=${!part} @click=${this.exportPng}>Export PNG</button>`}
          <button data-action="theme" @click=${this.toggleTheme} aria-label="switch theme">${this.theme === 'dark' ? '☀ light' : '☾ dark'}</button>
        </div>
      </header>
      <div class="bs-layout">
        ${kiosk
          ? ''
          : html`<aside class="bs-side">
              <button class="bs-form-toggle" data-action="toggle-form" aria-expanded=${this.formOpen ? 'true' : 'false'} aria-controls="bs-form-body"
                @click=${() => (this.formOpen = !this.formOpen)}>${this.formOpen ? '▾ Hide the sweep setup' : '▸ Sweep setup and past runs'}</button>
              <div class="bs-form-body" id="bs-form-body" ?data-open=${this.formOpen}>
                <bs-config .form=${this.form} .errors=${this.errors} .busy=${busy} .preset=${this.preset}
                  @form-change=${this.onFormChange} @preset=${this.onPreset} @run=${() => void this.run()}
                  @file-added=${(e: CustomEvent<{ name: string; bytes: Uint8Array }>) => this.files.set(e.detail.name, e.detail.bytes)}></bs-config>
                <h2>Past runs</h2>
                <bs-runs .items=${this.runs} .current=${this.currentId} .overlaid=${new Set(this.overlays.map((o) => o.id))}
                  @open-run=${(e: CustomEvent<string>) => void openRun(this, e.detail)} @overlay-run=${(e: CustomEvent<string>) => void toggleOverlay(this, e.detail)}
                  @delete-run=${(e: CustomEvent<string>) => void deleteRun(this, e.detail)} @edit-run=${(e: CustomEvent<RunEdit>) => void editRun(this, e.detail)}></bs-runs>
              </div>
            </aside>`}
        <main class="bs-main">
          <bs-run-bar .phase=${this.phase} .progress=${this.progress} .message=${this.message} .stage=${this.stage} .rate=${this.recentRate} .etaSeconds=${this.etaSeconds}
            @pause-run=${() => pauseRun(this)} @resume-run=${() => resumeRun(this)} @stop-run=${() => stopRun(this)}></bs-run-bar>
          ${this.notice ? html`<div class="bs-notice" role="status" data-role="notice">${this.notice}</div>` : ''}
          ${this.parts.length > 1
            ? html`<nav class="bs-tabs" aria-label="sweeps of the study">${this.parts.map(
                (p, i) => html`<button class=${i === this.partIndex ? 'bs-current' : ''} @click=${() => (this.partIndex = i)}>${p?.label ?? '…'}</button>`,
              )}</nav>`
            : ''}
          ${part
            ? html`<p class="bs-muted" data-role="view-info">${part.results.config.name} · ${part.results.data.name} (n = ${part.results.data.n}, d = ${part.results.data.d}) · ${part.results.engine.name}</p>
                ${this.overlays.length > 0 && !kiosk
                  ? html`<bs-compare-key .current=${{ name: part.results.config.name, engine: part.results.engine.name }} .runs=${this.overlays.filter((o) => o.id !== this.currentId)}
                      @remove-overlay=${(e: CustomEvent<string>) => void toggleOverlay(this, e.detail)}></bs-compare-key>`
                  : ''}
                <bs-summary .runs=${part.results.runs} .hiddenEtas=${this.hiddenEtas} .compared=${kiosk ? [] : comparedRuns(this.overlays, this.currentId)} .liveStatus=${this.liveStatus()} .theme=${this.theme}
                  .binaryLoss=${!isMultiClassLoss(part.results.config.loss.kind)} @toggle-eta=${(e: CustomEvent<number>) => this.toggleEta(e.detail)}></bs-summary>`
            : html`<p class="bs-muted">Pick a preset or set up a sweep, then press Run.</p>`}
          ${panels.length > 0 && !kiosk
            ? html`<bs-view-bar .smoothing=${this.smoothing} .etaFilter=${this.etaFilter} .etaFilterError=${this.etaFilterError} .figure=${this.figure}
                @smoothing=${(e: CustomEvent<number>) => (this.smoothing = e.detail)} @eta-filter=${(e: CustomEvent<string>) => this.applyEtaFilter(e.detail)}
                @figure=${(e: CustomEvent<FigureSize>) => (this.figure = e.detail)}></bs-view-bar>`
            : ''}
          <section class="bs-charts" @toggle-log=${(e: CustomEvent<{ id: PanelId; yLog: boolean }>) => (this.yLog = { ...this.yLog, [e.detail.id]: e.detail.yLog })}
            @toggle-log-x=${(e: CustomEvent<{ id: PanelId; xLog: boolean }>) => (this.xLog = { ...this.xLog, [e.detail.id]: e.detail.xLog })}
            @toggle-eta=${(e: CustomEvent<number>) => this.toggleEta(e.detail)} @set-range=${this.setRange}>
            ${panels.map(
              (spec) => html`<bs-chart data-panel=${spec.id} .spec=${spec} .hiddenEtas=${this.hiddenEtas} .theme=${this.theme} .range=${kiosk ? NO_RANGE : (this.ranges[spec.id] ?? NO_RANGE)}
                .plotHeight=${kiosk ? this.kioskPlotHeight : 260} .fontPx=${kiosk ? k.fontPx : 12} .legend=${!kiosk} .name=${part?.results.config.name ?? 'bigstep'}
                .summary=${part ? figureSummary(part, this.overlays, this.currentId) : ''} .figure=${this.figure}></bs-chart>`,
            )}
          </section>
          ${kiosk ? '' : html`<bs-gpu .progress=${this.progress} .results=${part?.results ?? null} .busy=${busy}></bs-gpu>`}
        </main>
      </div>`;
  }
}

customElements.define('bs-app', BsApp);
