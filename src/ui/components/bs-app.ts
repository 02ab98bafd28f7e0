// The dashboard: configure on the left, run and watch on the right. It owns the state (form, the
// run in progress, the parts on view, hidden η, log/linear choices) and wires the pieces together:
// parseConfig for validation, the runner for engines, IndexedDB for keeping runs, the URL for sharing.

import { html, LitElement } from 'lit';
import { presetRaw } from '../../core/presets';
import { validateResults } from '../../core/results-schema';
import { buildPanels, type PanelId, type PanelSpec } from '../charts/panels';
import type { Theme } from '../charts/uplot-options';
import { isMultiClassLoss } from '../../core/output-losses';
import { exportCsv, exportJson, exportPng } from '../export';
import { startRun, type RunHandle } from '../run/runner';
import type { JobProgress, Part } from '../run/sweep-job';
import { formFromRaw, type FormState, type Raw } from '../state/form-model';
import { validateForm, type FieldError } from '../state/form-validation';
import { studyContext } from '../state/study-context';
import { configFromUrl, kioskFromUrl, urlWithConfig, type KioskParams } from '../state/url-state';
import { deleteRun, listRuns, loadRun, newRunId, saveRun, type RunListItem, type StoredRun } from '../store/run-store';
import type { BsChart } from './bs-chart';
import type { RunPhase } from './bs-run-bar';
import './bs-chart';
import './bs-config';
import './bs-gpu';
import './bs-run-bar';
import './bs-runs';
import './bs-summary';
import { MAX_RESULTS_UPLOAD_BYTES, uploadTooLarge } from '../upload-limits';

const SAVE_EVERY_MS = 2000;
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
    runs: { state: true },
    currentId: { state: true },
    theme: { state: true },
    kiosk: { state: true },
    viewRaw: { state: true },
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
  declare runs: RunListItem[];
  declare currentId: string;
  declare theme: Theme;
  declare kiosk: KioskParams | null;
  declare viewRaw: Raw | null;
  private files = new Map<string, Uint8Array>();
  private handle: RunHandle | null = null;
  private panelCache: { key: unknown; panels: PanelSpec[] } | null = null;
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
    this.hiddenEtas = new Set();
    this.yLog = {};
    this.runs = [];
    this.currentId = '';
    this.theme = (localStorage.getItem('bigstep-theme') as Theme | null) ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
    this.viewRaw = null;
    this.validate();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.body.dataset.theme = this.theme;
    if (this.kiosk) {
      document.body.classList.add('bs-kiosk');
      void this.kioskLoop(this.kiosk);
    } else void this.refreshRuns();
  }

  // ---- configure ----

  private validate(): boolean {
    const v = validateForm(this.form);
    this.errors = v.ok ? [] : v.errors;
    if (v.ok && !this.kiosk) history.replaceState(null, '', urlWithConfig(location.href, v.raw));
    return v.ok;
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
    this.hiddenEtas = new Set();
    this.phase = 'starting';
    this.progress = null;
    this.message = 'loading data and starting the engine…';
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
        onProgress: (p) => {
          this.progress = p;
          if (this.phase === 'starting') this.phase = 'running';
        },
        onLive: (index, part, done) => this.onLive(index, part, done, () => void save(done)),
      });
      record.engine = this.handle.engine;
      this.notice = this.handle.fallbackReason ? `No WebGPU: running on the CPU engine in a Web Worker (${this.handle.fallbackReason}).` : '';
      if (this.phase === 'starting') this.phase = 'running';
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
      await save(true);
      if (opts.save) await this.refreshRuns();
    }
  }

  /** Live parts arrive every few hundred ms; chart rebuilds are spaced by what they cost. */
  private onLive(index: number, part: Part, done: boolean, save: () => void): void {
    const now = performance.now();
    if (!done && now - this.lastLive < this.liveGapMs) return;
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

  private pause(): void {
    this.handle?.pause();
    this.phase = 'paused';
  }

  private resume(): void {
    this.handle?.resume();
    this.phase = 'running';
  }

  private stop(): void {
    this.handle?.resume();
    this.handle?.stop();
    this.phase = 'stopping';
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
    this.hiddenEtas = new Set();
    this.phase = 'idle';
    this.progress = null;
    this.message = `viewing ${r.name} (${r.status})`;
    this.form = formFromRaw(r.raw);
    this.preset = '';
    this.validate();
  }

  private async deleteRun(id: string): Promise<void> {
    await deleteRun(id);
    if (id === this.currentId) {
      this.parts = [];
      this.currentId = '';
    }
    await this.refreshRuns();
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

  private exportPng(): void {
    const charts = [...this.querySelectorAll<BsChart>('bs-chart')].filter((c) => c.canvas && c.spec);
    const style = getComputedStyle(document.body);
    void exportPng(this.current()?.results.config.name ?? 'bigstep', charts.map((c) => ({ title: c.spec!.title, canvas: c.canvas! })), style.backgroundColor, style.color);
  }

  private toggleTheme(): void {
    this.theme = this.theme === 'dark' ? 'light' : 'dark';
    document.body.dataset.theme = this.theme;
    localStorage.setItem('bigstep-theme', this.theme);
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
    const key = [part, this.yLog, this.viewRaw];
    const c = this.panelCache;
    if (c && c.key instanceof Array && c.key.every((v, i) => v === key[i])) return c.panels;
    const panels = buildPanels(part.results, { yLog: this.yLog, study: studyContext(this.viewRaw) });
    this.panelCache = { key, panels };
    return panels;
  }

  protected override render() {
    const part = this.current();
    const busy = this.phase === 'starting' || this.phase === 'running' || this.phase === 'paused' || this.phase === 'stopping';
    const panels = this.panels();
    const kiosk = !!this.kiosk;
    return html`<header class="bs-header">
        <h1>bigstep <span class="bs-muted">large-stepsize GD, many η at once</span></h1>
        <div class="bs-actions">
          ${kiosk
            ? html`<span class="bs-kiosk-label" data-role="kiosk">${this.preset} · cycle ${this.dataset.kioskCount ?? 1}</span>`
            : html`<label class="bs-button">Import results JSON <input type="file" name="import" accept=".json,application/json" hidden @change=${this.importFile} /></label>
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
              <bs-config .form=${this.form} .errors=${this.errors} .busy=${busy} .preset=${this.preset}
                @form-change=${this.onFormChange} @preset=${this.onPreset} @run=${() => void this.run()}
                @file-added=${(e: CustomEvent<{ name: string; bytes: Uint8Array }>) => this.files.set(e.detail.name, e.detail.bytes)}></bs-config>
              <h2>Past runs</h2>
              <bs-runs .items=${this.runs} .current=${this.currentId} @open-run=${(e: CustomEvent<string>) => void this.openRun(e.detail)}
                @delete-run=${(e: CustomEvent<string>) => void this.deleteRun(e.detail)}></bs-runs>
            </aside>`}
        <main class="bs-main">
          <bs-run-bar .phase=${this.phase} .progress=${this.progress} .message=${this.message}
            @pause-run=${this.pause} @resume-run=${this.resume} @stop-run=${this.stop}></bs-run-bar>
          ${this.notice ? html`<div class="bs-notice" role="status" data-role="notice">${this.notice}</div>` : ''}
          ${this.parts.length > 1
            ? html`<nav class="bs-tabs" aria-label="sweeps of the study">${this.parts.map(
                (p, i) => html`<button class=${i === this.partIndex ? 'bs-current' : ''} @click=${() => (this.partIndex = i)}>${p?.label ?? '…'}</button>`,
              )}</nav>`
            : ''}
          ${part
            ? html`<p class="bs-muted" data-role="view-info">${part.results.config.name} · ${part.results.data.name} (n = ${part.results.data.n}, d = ${part.results.data.d}) · ${part.results.engine.name}</p>
                <bs-summary .runs=${part.results.runs} .hiddenEtas=${this.hiddenEtas} .binaryLoss=${!isMultiClassLoss(part.results.config.loss.kind)} @toggle-eta=${(e: CustomEvent<number>) => this.toggleEta(e.detail)}></bs-summary>`
            : html`<p class="bs-muted">Pick a preset or set up a sweep, then press Run.</p>`}
          <section class="bs-charts" @toggle-log=${(e: CustomEvent<{ id: PanelId; yLog: boolean }>) => (this.yLog = { ...this.yLog, [e.detail.id]: e.detail.yLog })}>
            ${panels.map(
              (spec) => html`<bs-chart data-panel=${spec.id} .spec=${spec} .hiddenEtas=${this.hiddenEtas} .theme=${this.theme}
                .plotHeight=${kiosk ? 360 : 260} .fontPx=${kiosk ? 18 : 12}></bs-chart>`,
            )}
          </section>
          ${kiosk ? '' : html`<bs-gpu .progress=${this.progress} .results=${part?.results ?? null}></bs-gpu>`}
        </main>
      </div>`;
  }
}

customElements.define('bs-app', BsApp);
