// The dashboard: configure on the left, run and watch on the right (one column, the form collapsible
// above the charts, under 900 px). It owns the state (form, the run in progress, the parts on view,
// hidden η, log/linear choices) and wires the pieces together: parseConfig for validation, the runner
// for engines, IndexedDB for keeping runs, the URL for sharing. In kiosk mode it sizes type and
// charts to the screen, so a 1080p screen shows all main charts of a preset at once.

import { html, LitElement } from 'lit';
import { presetRaw } from '../../core/presets';
import { validateResults } from '../../core/results-schema';
import { buildPanels, MAIN_PANELS, type PanelId, type PanelSpec } from '../charts/panels';
import { phasePanel } from '../charts/phase-panels';
import type { Theme } from '../charts/uplot-options';
import { isMultiClassLoss } from '../../core/output-losses';
import { exportCsv, exportFigurePng, exportJson, exportPng } from '../export';
import { stackSvgs } from '../charts/chart-svg';
import { legendItems } from '../charts/legend';
import { startRun, type RunHandle } from '../run/runner';
import { RecentRate } from '../run/recent-rate';
import type { JobProgress, JobStage, Part } from '../run/sweep-job';
import { formFromRaw, type FormState, type Raw } from '../state/form-model';
import { validateForm, type FieldError } from '../state/form-validation';
import { studyContext } from '../state/study-context';
import { configFromUrl, kioskFromUrl, linkProblem, urlWithConfig, viewFromUrl, type AxisRanges, type KioskParams } from '../state/url-state';
import { smoothPanel } from '../charts/smooth';
import { overlayDash, overlayPanels } from '../charts/overlay';
import { floorLogAxis } from '../charts/log-floor';
import { filterEtas } from '../charts/eta-filter';
import { deleteRun, listRuns, loadRun, newRunId, saveRun, updateRun, type RunListItem, type StoredRun } from '../store/run-store';
import type { RunEdit } from './bs-runs';
import type { ComparedRun } from './bs-summary';
import { SCREEN_FIGURE, type BsChart, type FigureSize } from './bs-chart';
import type { RunPhase } from './bs-run-bar';
import './bs-chart';
import './bs-config';
import './bs-gpu';
import './bs-run-bar';
import './bs-runs';
import './bs-summary';
import './bs-compare-key';
import './bs-view-bar';
import { MAX_RESULTS_UPLOAD_BYTES, uploadTooLarge } from '../upload-limits';

const SAVE_EVERY_MS = 2000;

const NO_RANGE: AxisRanges = {};

/** A saved run laid over the one on view: the part compared, and its line style. */
interface Overlay {
  id: string;
  name: string;
  engine: string;
  raw: Raw;
  part: Part;
  dash: number[];
}
/** Below this width the page is one column and the form folds away above the charts (app.css agrees). */
const NARROW = '(max-width: 900px)';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  private readonly stepRate = new RecentRate();
  private readonly fractionRate = new RecentRate();
  private readonly onResize = () => (this.viewport = { width: innerWidth, height: innerHeight });
  private files = new Map<string, Uint8Array>();
  private handle: RunHandle | null = null;
  /** The record of the run in progress, which its periodic saves write (a rename must reach it too). */
  private liveRecord: StoredRun | null = null;
  private panelCache: { key: unknown; panels: PanelSpec[] } | null = null;
  private readonly overlayCache = new WeakMap<Overlay, { key: unknown[]; panels: PanelSpec[] }>();
  private liveGapMs = 400;
  private lastLive = 0;

  constructor() {
    super();
    const raw = configFromUrl(location.search);
    this.kiosk = kioskFromUrl(location.search);
    const named = new URLSearchParams(location.search).get('preset');
    this.preset = raw ? (named !== null && !new URLSearchParams(location.search).has('config') ? named : '') : 'toy';
    this.form = formFromRaw(raw ?? presetRaw('toy', true));
    this.errors = [];
    this.phase = 'idle';
    this.progress = null;
    this.message = '';
    this.notice = '';
    this.parts = [];
    this.partIndex = 0;
    const view = viewFromUrl(location.search);
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
    this.notice = linkProblem(location.search) ?? '';
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
      void this.kioskLoop(this.kiosk);
    } else void this.refreshRuns();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('resize', this.onResize);
  }

  // ---- configure ----

  private validate(): boolean {
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
    history.replaceState(null, '', urlWithConfig(location.href, r, { hidden: [...this.hiddenEtas], yLog: this.yLog as Record<string, boolean>, xLog: this.xLog as Record<string, boolean>, smoothing: this.smoothing, ranges: this.ranges }));
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

  private async run(opts: { save: boolean } = { save: true }): Promise<void> {
    const v = validateForm(this.form);
    if (!v.ok) {
      this.errors = v.errors;
      return;
    }
    const id = newRunId();
    const now = new Date().toISOString();
    const record: StoredRun = { id, name: v.config.name, createdAt: now, updatedAt: now, status: 'running', engine: '?', raw: v.raw, parts: [] };
    this.parts = [];
    this.partIndex = 0;
    this.viewRaw = v.raw;
    this.currentId = opts.save ? id : '';
    // η hidden before (or by a link) stay hidden when the new sweep has them.
    this.hiddenEtas = new Set(v.config.etas.filter((e) => this.hiddenEtas.has(e)));
    this.phase = 'starting';
    this.progress = null;
    this.message = 'loading data and starting the engine…';
    this.stage = '';
    this.resetRates();
    // On a phone the form folds away so the run's charts are what shows.
    if (!this.kiosk && matchMedia(NARROW).matches) this.formOpen = false;
    this.liveRecord = opts.save ? record : null;
    let lastSave = 0;
    const save = async (force = false) => {
      if (!opts.save || (!force && performance.now() - lastSave < SAVE_EVERY_MS)) return;
      lastSave = performance.now();
      record.updatedAt = new Date().toISOString();
      record.parts = this.parts;
      await saveRun(record).catch((err) => (this.notice = `could not save the run: ${(err as Error).message}`));
    };
    try {
      this.handle = await startRun(v.config, this.files, {
        onStage: (stage) => (this.stage = stage),
        onProgress: (p) => {
          this.progress = p;
          this.stage = '';
          this.trackRate(p);
          if (this.phase === 'starting') this.phase = 'running';
        },
        onLive: (index, part, done) => this.onLive(index, part, done, () => void save(done)),
      });
      record.engine = this.handle.engine;
      this.notice = this.handle.fallbackReason ? `No WebGPU: running on the CPU engine in a Web Worker (${this.handle.fallbackReason}).` : '';
      // The phase stays 'starting' (data, shaders, warm-up) until the first steps are counted.
      const parts = await this.handle.done;
      this.parts = parts;
      const cancelled = parts.some((p) => p.results.status === 'cancelled');
      this.phase = cancelled ? 'cancelled' : 'done';
      record.status = cancelled ? 'cancelled' : 'done';
    } catch (err) {
      this.phase = 'error';
      this.message = `error: ${(err as Error).message}`;
      this.progress = null;
      record.status = 'error';
      record.error = (err as Error).message;
    } finally {
      this.handle = null;
      this.stage = '';
      this.resetRates();
      await save(true);
      this.liveRecord = null;
      if (opts.save) await this.refreshRuns();
    }
  }

  /** Live parts arrive every few hundred ms; chart rebuilds are spaced by what they cost. */
  private onLive(index: number, part: Part, done: boolean, save: () => void): void {
    const now = performance.now();
    // While paused, every snapshot is taken: the charts catch up with the step counter.
    if (!done && this.phase !== 'paused' && now - this.lastLive < this.liveGapMs) return;
    this.lastLive = now;
    const next = this.parts.slice();
    next[index] = part;
    this.parts = next;
    if (!done) void this.timeLiveRebuild(now);
    if (!done && index > this.partIndex && this.parts[this.partIndex]?.results.status !== 'cancelled') this.partIndex = index;
    save();
  }

  /**
   * Spaces live updates by what the last one cost, charts painted included (uPlot draws after a
   * microtask, the canvas at the next frame): a big sweep then keeps the page idle 4/5 of the time.
   */
  private async timeLiveRebuild(start: number): Promise<void> {
    await this.updateComplete;
    await new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    this.liveGapMs = Math.max(400, 5 * (performance.now() - start));
  }

  /** Recent steps/s (within the batch) and the ETA from the recent share of the whole job done per second. */
  private trackRate(p: JobProgress): void {
    const now = performance.now();
    this.stepRate.add(now, p.stepsDone);
    this.fractionRate.add(now, p.overall);
    this.recentRate = this.stepRate.perSecond();
    this.etaSeconds = this.fractionRate.secondsTo(1);
  }

  /** A pause, a stop or a new run: the rate of before says nothing about what comes next. */
  private resetRates(): void {
    this.stepRate.reset();
    this.fractionRate.reset();
    this.recentRate = null;
    this.etaSeconds = null;
  }

  private pause(): void {
    // Paused first: the snapshot the pause sends at once is then drawn, not throttled away.
    this.phase = 'paused';
    this.handle?.pause();
    this.resetRates();
  }

  private resume(): void {
    this.handle?.resume();
    this.phase = 'running';
    this.resetRates();
  }

  private stop(): void {
    this.handle?.resume();
    this.handle?.stop();
    this.phase = 'stopping';
    this.resetRates();
  }

  // ---- keep and share ----

  private async refreshRuns(): Promise<void> {
    this.runs = await listRuns().catch(() => []);
  }

  private async openRun(id: string): Promise<void> {
    const r = await loadRun(id);
    if (!r) return;
    this.currentId = id;
    this.parts = r.parts;
    this.partIndex = 0;
    this.viewRaw = r.raw;
    // As for a new run: η hidden before (or by a link) stay hidden where the opened run has them.
    const etas = new Set(r.parts.flatMap((p) => p.results.config.etas));
    this.hiddenEtas = new Set([...this.hiddenEtas].filter((e) => etas.has(e)));
    this.phase = 'idle';
    this.progress = null;
    this.message = `viewing ${r.name} (${r.status})`;
    this.form = formFromRaw(r.raw);
    this.preset = '';
    this.validate();
  }

  private async editRun(e: RunEdit): Promise<void> {
    if (this.liveRecord?.id === e.id) Object.assign(this.liveRecord, { name: e.name, note: e.note });
    await updateRun(e.id, { name: e.name, note: e.note }).catch((err) => (this.notice = `could not save the run: ${(err as Error).message}`));
    await this.refreshRuns();
  }

  private async deleteRun(id: string): Promise<void> {
    await deleteRun(id);
    this.overlays = this.overlays.filter((o) => o.id !== id);
    if (id === this.currentId) {
      this.parts = [];
      this.currentId = '';
    }
    await this.refreshRuns();
  }

  /** Lays a saved run over the one on view, or takes it off again. */
  private async toggleOverlay(id: string): Promise<void> {
    if (this.overlays.some((o) => o.id === id)) {
      this.overlays = this.overlays.filter((o) => o.id !== id);
      return;
    }
    const r = await loadRun(id);
    // The sweep of the same name in a study (the same horizon, the same width), else its first.
    const label = this.current()?.label;
    const part = r?.parts.find((p) => p.label === label) ?? r?.parts[0];
    if (!r || !part) return;
    const used = new Set(this.overlays.map((o) => o.dash.join()));
    let n = 0;
    while (used.has(overlayDash(n).join()) && n < this.overlays.length) n++;
    this.overlays = [...this.overlays, { id, name: r.name, engine: part.results.engine.name, raw: r.raw, part, dash: overlayDash(n) }];
  }

  private async importFile(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const tooLarge = uploadTooLarge(file.name, file.size, MAX_RESULTS_UPLOAD_BYTES);
    if (tooLarge) {
      this.notice = `cannot import ${tooLarge}`;
      return;
    }
    try {
      const results = validateResults(JSON.parse(await file.text()));
      const now = new Date().toISOString();
      const raw = results.config as unknown as Raw;
      const record: StoredRun = { id: newRunId(), name: results.config.name, createdAt: now, updatedAt: now, status: 'imported', engine: results.engine.kind, raw, parts: [{ label: file.name, results }] };
      await saveRun(record);
      await this.refreshRuns();
      await this.openRun(record.id);
      this.notice = `imported ${file.name}: ${results.runs.length} runs from the ${results.engine.kind} engine (${results.engine.name})`;
    } catch (err) {
      this.notice = `cannot import ${file.name}: ${(err as Error).message}`;
    }
  }

  private current(): Part | undefined {
    return this.parts[this.partIndex] ?? this.parts[0];
  }

  /** One line on what was run, for exported figures. */
  private summaryOf(part: Part): string {
    const r = part.results;
    const also = this.overlays.filter((o) => o.id !== this.currentId).map((o) => `compared with ${o.name} (dashed)`);
    return [`${r.config.name} · ${r.data.name} (n = ${r.data.n}, d = ${r.data.d}) · ${r.config.model.kind} model · ${r.config.loss.kind} loss · ${r.config.steps} steps · ${r.engine.name}`, ...also].join(' · ');
  }

  private exportPng(): void {
    const part = this.current();
    if (!part) return;
    const charts = [...this.querySelectorAll<BsChart>('bs-chart')].filter((c) => c.canvas && c.spec);
    const r = part.results;
    const f = this.figure;
    if (f.width !== null || f.height !== null || f.scale !== 1) {
      // A figure size or scale is set: every chart as that figure, one under the other, what was run on top.
      const svgs = charts.map((c, i) => c.figureSvg(i === 0)).filter((s): s is string => s !== null);
      void exportFigurePng(r.config.name, stackSvgs(svgs), f.scale);
      return;
    }
    const style = getComputedStyle(document.body);
    void exportPng(r.config.name, this.summaryOf(part), charts.map((c) => ({ title: c.spec!.title, canvas: c.canvas!, legend: legendItems(c.spec!, this.hiddenEtas) })), style.backgroundColor, style.color);
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

  // ---- kiosk ----

  /** Cycles presets forever with no input; an error or a stalled run moves on after the dwell. */
  private async kioskLoop(k: KioskParams): Promise<void> {
    for (let i = 0; ; i++) {
      const name = k.cycle[i % k.cycle.length];
      this.preset = name;
      this.form = formFromRaw(presetRaw(name, k.quick));
      this.dataset.kioskPreset = name;
      this.dataset.kioskCount = String(i + 1);
      const watchdog = setInterval(() => {
        // A run that reports nothing for two minutes (a hung device) is stopped so the cycle goes on.
        if (this.handle && performance.now() - this.lastLive > 120_000) this.handle.stop();
      }, 10_000);
      try {
        this.lastLive = performance.now();
        await this.run({ save: false });
      } finally {
        clearInterval(watchdog);
      }
      this.dataset.kioskDone = String(i + 1);
      await sleep(k.dwellSeconds * 1000);
    }
  }

  // ---- view ----

  private panels(): PanelSpec[] {
    const part = this.current();
    if (!part) return [];
    const key = [part, this.yLog, this.xLog, this.viewRaw, this.theme, this.kiosk, this.smoothing, this.overlays, this.currentId, this.parts];
    const c = this.panelCache;
    if (c && c.key instanceof Array && c.key.every((v, i) => v === key[i])) return c.panels;
    // Kiosk mode shows the main panels only, all of them on one screen.
    const build = (results: Part['results'], raw: Raw | null) =>
      buildPanels(results, { yLog: this.yLog, xLog: this.xLog, study: studyContext(raw), theme: this.theme, only: this.kiosk ? MAIN_PANELS : undefined });
    // A compared run does not change: its panels are built once per axis choice, not on every live update.
    const axes = [this.yLog, this.xLog, this.theme, this.kiosk];
    const overlays = this.overlays
      .filter((o) => o.id !== this.currentId)
      .map((o) => {
        let c = this.overlayCache.get(o);
        if (!c || !c.key.every((v, i) => v === axes[i])) this.overlayCache.set(o, (c = { key: axes, panels: build(o.part.results, o.raw) }));
        return { name: o.name, dash: o.dash, panels: c.panels };
      });
    // Overlaid runs may reach lower than the run on view: the log floor is taken again over all curves.
    const panels = overlays.length > 0 ? overlayPanels(build(part.results, this.viewRaw), overlays).map(floorLogAxis) : build(part.results, this.viewRaw);
    // An ℓ2 study's η × λ phase map needs every λ's sweep: shown once they are all done.
    const done = this.parts.length > 1 && this.parts.every((p) => p.results.status === 'done');
    if (studyContext(this.viewRaw)?.study.kind === 'l2' && done && !this.kiosk) panels.push(phasePanel(this.parts));
    const shown = this.smoothing > 0 && !this.kiosk ? panels.map((p) => smoothPanel(p, this.smoothing)) : panels;
    this.panelCache = { key, panels: shown };
    return shown;
  }

  /** Per run of the part on view, its status as the sweep stands; null when the results are final. */
  private liveStatus(): string[] | null {
    const p = this.progress;
    const live = this.phase === 'starting' || this.phase === 'running' || this.phase === 'paused' || this.phase === 'stopping';
    if (!live || !p || p.part !== this.partIndex) return null;
    return p.runs.map((r) => (r.status === 'running' && this.phase === 'paused' ? 'paused' : r.status));
  }

  /** Kiosk type and chart sizes from the screen: columns by width, type by the smaller side. */
  private kioskLayout(): { columns: number; fontPx: number } {
    const { width, height } = this.viewport;
    const columns = width >= 1400 ? 3 : width >= 900 ? 2 : 1;
    return { columns, fontPx: Math.round(Math.min(22, Math.max(12, Math.min(width / 100, height / 56)))) };
  }

  /**
   * Kiosk on a wide screen: the plot height that fits every main chart below the table, measured
   * from the page as laid out (a phone scrolls through the charts instead, each a fixed share of it).
   */
  private fitKioskCharts(): void {
    if (!this.kiosk) return;
    const { columns } = this.kioskLayout();
    const { width, height } = this.viewport;
    const charts = [...this.querySelectorAll<BsChart>('bs-chart')];
    let target: number;
    if (columns === 1 || charts.length === 0) target = Math.round(Math.min(height * 0.45, width * 0.7));
    else {
      // The title bar and padding around a drawn plot; nothing to measure before the first one is drawn.
      const plot = charts[0].uplot;
      if (!plot) return;
      const overhead = charts[0].offsetHeight - plot.height;
      const rows = Math.ceil(charts.length / columns);
      const top = this.querySelector('.bs-charts')!.getBoundingClientRect().top + scrollY;
      const gap = 12;
      target = Math.floor((height - top - 8 - (rows - 1) * gap) / rows) - overhead;
    }
    target = Math.min(Math.max(140, target), height);
    if (Math.abs(target - this.kioskPlotHeight) > 2) this.kioskPlotHeight = target;
  }

  protected override updated(): void {
    // After this update, not inside it: a change of size is a new update, never a nested one.
    if (this.kiosk) requestAnimationFrame(() => this.fitKioskCharts());
  }

  /** The compared runs for the table (not the one on view, if it is also compared). */
  private comparedRuns(): ComparedRun[] {
    return this.overlays.filter((o) => o.id !== this.currentId).map((o) => ({ name: o.name, dash: o.dash, runs: o.part.results.runs }));
  }

  private openImport(): void {
    this.querySelector<HTMLInputElement>('input[name=import]')?.click();
  }

  protected override render() {
    const part = this.current();
    const busy = this.phase === 'starting' || this.phase === 'running' || this.phase === 'paused' || this.phase === 'stopping';
    const panels = this.panels();
    const kiosk = !!this.kiosk;
    const k = this.kioskLayout();
    document.body.style.setProperty('--kiosk-columns', String(k.columns));
    return html`<header class="bs-header">
        <h1>bigstep <span class="bs-muted">large-stepsize GD, many η at once</span></h1>
        <div class="bs-actions">
          ${kiosk
            ? html`<span class="bs-kiosk-label" data-role="kiosk">${this.preset} · cycle ${this.dataset.kioskCount ?? 1}</span>`
            : html`<button data-action="import" @click=${this.openImport}>Import results JSON</button>
                <input type="file" name="import" accept=".json,application/json" hidden tabindex="-1" @change=${this.importFile} />
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
                  @open-run=${(e: CustomEvent<string>) => void this.openRun(e.detail)} @overlay-run=${(e: CustomEvent<string>) => void this.toggleOverlay(e.detail)}
                  @delete-run=${(e: CustomEvent<string>) => void this.deleteRun(e.detail)} @edit-run=${(e: CustomEvent<RunEdit>) => void this.editRun(e.detail)}></bs-runs>
              </div>
            </aside>`}
        <main class="bs-main">
          <bs-run-bar .phase=${this.phase} .progress=${this.progress} .message=${this.message} .stage=${this.stage} .rate=${this.recentRate} .etaSeconds=${this.etaSeconds}
            @pause-run=${this.pause} @resume-run=${this.resume} @stop-run=${this.stop}></bs-run-bar>
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
                      @remove-overlay=${(e: CustomEvent<string>) => void this.toggleOverlay(e.detail)}></bs-compare-key>`
                  : ''}
                <bs-summary .runs=${part.results.runs} .hiddenEtas=${this.hiddenEtas} .compared=${kiosk ? [] : this.comparedRuns()} .liveStatus=${this.liveStatus()} .theme=${this.theme}
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
                .summary=${part ? this.summaryOf(part) : ''} .figure=${this.figure}></bs-chart>`,
            )}
          </section>
          ${kiosk ? '' : html`<bs-gpu .progress=${this.progress} .results=${part?.results ?? null} .busy=${busy}></bs-gpu>`}
        </main>
      </div>`;
  }
}

customElements.define('bs-app', BsApp);
