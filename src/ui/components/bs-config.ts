// The configure form: presets menu, data, model, loss, optimizer, η, steps, seed, metrics. It edits
// a FormState and reports every change; the app validates with parseConfig and hands back the first
// error, shown next to the field it names. Run stays disabled until the config is valid.

import { html, LitElement, type TemplateResult } from 'lit';
import { METRIC_NAMES, type MetricName } from '../../core/config-types';
import { presetDescription, presetNames } from '../../core/presets';
import type { FormState } from '../state/form-model';
import { MAX_DATA_UPLOAD_BYTES, uploadTooLarge } from '../upload-limits';

export interface FieldError {
  field: string;
  message: string;
}

type Key = Exclude<keyof FormState, 'metrics' | 'extra' | 'etaMode' | 'original'>;

/** A kind the form has no fields for (from a link or a newer preset) still shows, and is kept. */
function withCurrent(options: [string, string][], current: string): [string, string][] {
  return current && !options.some(([v]) => v === current) ? [...options, [current, current]] : options;
}

export class BsConfig extends LitElement {
  static override properties = { form: { attribute: false }, error: { attribute: false }, busy: { type: Boolean }, preset: {} };
  declare form: FormState;
  declare error: FieldError | null;
  declare busy: boolean;
  declare preset: string;

  constructor() {
    super();
    this.error = null;
    this.busy = false;
    this.preset = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private change(patch: Partial<FormState>): void {
    this.dispatchEvent(new CustomEvent('form-change', { detail: { ...this.form, ...patch }, bubbles: true }));
  }

  private err(field: string): TemplateResult | string {
    return this.error?.field === field ? html`<div class="bs-error" role="alert" data-error-for=${field}>${this.error.message}</div>` : '';
  }

  /** A text field bound to form key `key`; `field` is the config path its errors carry. */
  private text(label: string, key: Key, field: string, hint = ''): TemplateResult {
    const bad = this.error?.field === field;
    return html`<label class="bs-field">
        <span>${label}</span>
        <input name=${field} .value=${String(this.form[key])} aria-invalid=${bad ? 'true' : 'false'} title=${hint}
          @input=${(e: Event) => this.change({ [key]: (e.target as HTMLInputElement).value } as Partial<FormState>)} />
      </label>
      ${this.err(field)}`;
  }

  private select(label: string, key: Key, field: string, options: [string, string][]): TemplateResult {
    return html`<label class="bs-field">
        <span>${label}</span>
        <select name=${field} .value=${String(this.form[key])}
          @change=${(e: Event) => this.change({ [key]: (e.target as HTMLSelectElement).value } as Partial<FormState>)}>
          ${withCurrent(options, String(this.form[key])).map(([v, t]) => html`<option value=${v} ?selected=${v === this.form[key]}>${t}</option>`)}
        </select>
      </label>
      ${this.err(field)}`;
  }

  private upload(label: string, key: Key, field: string, accept: string): TemplateResult {
    return html`<label class="bs-field">
        <span>${label}</span>
        <input type="file" name=${field} accept=${accept} @change=${(e: Event) => this.pick(e, key)} />
      </label>
      ${this.form[key] ? html`<div class="bs-muted">using ${this.form[key]}</div>` : ''} ${this.err(field)}`;
  }

  private async pick(e: Event, key: Key): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const tooLarge = uploadTooLarge(file.name, file.size, MAX_DATA_UPLOAD_BYTES);
    if (tooLarge) {
      input.value = '';
      this.error = { field: input.name, message: tooLarge };
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    this.dispatchEvent(new CustomEvent('file-added', { detail: { name: file.name, bytes }, bubbles: true }));
    this.change({ [key]: file.name } as Partial<FormState>);
  }

  private dataFields(): TemplateResult {
    const f = this.form;
    const scaling = this.select('scaling', 'scaling', 'data.scaling', [['pixel', 'pixel / 255'], ['unitNorm', 'unit norm'], ['maxNorm', '÷ largest norm'], ['none', 'none']]);
    const digits = html`<div class="bs-row">${this.text('digit (+1)', 'digitA', 'data.digits')}${this.text('digit (−1)', 'digitB', 'data.digits.x')}</div>`;
    switch (f.dataKind) {
      case 'mnist':
        return html`${digits}${this.text('n', 'n', 'data.n')}${this.select('split', 'split', 'data.split', [['train', 'train'], ['test', 'test']])}${scaling}${this.text('subset seed', 'subsetSeed', 'data.subsetSeed')}`;
      case 'twoPoint':
        return this.text('γ (0 < γ ≤ 0.1)', 'gamma', 'data.gamma');
      case 'synthetic':
        return html`${this.text('n', 'n', 'data.n')}${this.text('d', 'd', 'data.d')}${this.text('margin', 'margin', 'data.margin')}${this.text('data seed', 'dataSeed', 'data.seed')}`;
      case 'csv':
        return html`${this.upload('CSV file', 'csvFile', 'data.path', '.csv,text/csv')}${this.text('label column', 'labelColumn', 'data.labelColumn')}${scaling}`;
      case 'idx':
        return html`${this.upload('IDX images', 'idxImages', 'data.images', '')}${this.upload('IDX labels', 'idxLabels', 'data.labels', '')}${digits}${this.text('n (0 = all)', 'n', 'data.n')}${scaling}`;
      default:
        return html`<p class="bs-muted">Four points, γ = 0.2.</p>`;
    }
  }

  private toggleMetric(m: MetricName, on: boolean): void {
    const set = new Set(this.form.metrics);
    if (on) set.add(m);
    else set.delete(m);
    this.change({ metrics: METRIC_NAMES.filter((x) => set.has(x)) });
  }

  protected override render() {
    const f = this.form;
    const study = f.extra.study as { kind?: string } | undefined;
    return html`<form class="bs-config" @submit=${(e: Event) => {
        e.preventDefault();
        if (!this.error && !this.busy) this.dispatchEvent(new CustomEvent('run', { bubbles: true }));
      }}>
      <fieldset>
        <legend>Preset</legend>
        <div class="bs-row">
          <select name="preset" aria-label="preset" .value=${this.preset}
            @change=${(e: Event) => this.dispatchEvent(new CustomEvent('preset', { detail: { name: (e.target as HTMLSelectElement).value, quick: (this.querySelector('input[name=quick]') as HTMLInputElement).checked }, bubbles: true }))}>
            <option value="">— choose a figure —</option>
            ${presetNames().map((n) => html`<option value=${n} title=${presetDescription(n)} ?selected=${n === this.preset}>${n}</option>`)}
          </select>
          <label class="bs-check"><input type="checkbox" name="quick" checked /> quick size</label>
        </div>
        ${this.preset ? html`<p class="bs-muted">${presetDescription(this.preset)}</p>` : ''}
        ${study?.kind ? html`<p class="bs-muted" data-role="study">Study: ${study.kind} (runs several sweeps)</p>` : ''}
      </fieldset>
      <fieldset>
        <legend>Data</legend>
        ${this.text('name', 'name', 'name')}
        ${this.select('data set', 'dataKind', 'data.kind', [['mnist', 'MNIST digit pair'], ['toy', 'toy (4 points)'], ['twoPoint', 'two-point (lower bound)'], ['synthetic', 'synthetic Gaussian'], ['csv', 'CSV upload'], ['idx', 'IDX upload']])}
        ${this.dataFields()}
      </fieldset>
      <fieldset>
        <legend>Model and loss</legend>
        ${this.select('model', 'modelKind', 'model.kind', [['linear', 'linear'], ['ntk', 'two-layer ReLU (NTK)']])}
        ${f.modelKind === 'ntk' ? this.text('width m', 'width', 'model.width') : this.select('w₀', 'init', 'model.init', [['zero', 'zero'], ['normal', 'normal']])}
        ${this.select('loss', 'lossKind', 'loss.kind', [['logistic', 'logistic'], ['exponential', 'exponential'], ['flatExp', 'flattened exp'], ['flatPoly', 'flattened poly']])}
        ${f.lossKind === 'flatExp' || f.lossKind === 'flatPoly' ? this.text('a', 'lossA', 'loss.a') : ''}
        ${this.select('optimizer', 'optimizer', 'optimizer.kind', [['gd', 'GD'], ['sgd', 'online SGD']])}
        ${this.text('seed', 'seed', 'seed', 'initialisation (and SGD order) seed')}
      </fieldset>
      <fieldset>
        <legend>Stepsizes and steps</legend>
        <div class="bs-row" role="radiogroup" aria-label="η list">
          <label class="bs-check"><input type="radio" name="etaMode" value="list" .checked=${f.etaMode === 'list'} @change=${() => this.change({ etaMode: 'list' })} /> typed</label>
          <label class="bs-check"><input type="radio" name="etaMode" value="log" .checked=${f.etaMode === 'log'} @change=${() => this.change({ etaMode: 'log' })} /> log-spaced</label>
        </div>
        ${f.etaMode === 'list'
          ? this.text('η list', 'etas', 'etas', 'comma-separated, e.g. 4, 8, 16 or 1/64, 1/16')
          : html`<div class="bs-row">${this.text('from', 'etaStart', 'etas.start')}${this.text('to', 'etaStop', 'etas.stop')}${this.text('count', 'etaCount', 'etas.count')}</div>`}
        ${f.etaMode === 'log' ? this.err('etas') : ''}
        ${this.text('steps', 'steps', 'steps', 'e.g. 4096 or 2^16')}
      </fieldset>
      <fieldset>
        <legend>Metrics</legend>
        <div class="bs-metrics">
          ${METRIC_NAMES.map(
            (m) => html`<label class="bs-check"><input type="checkbox" name="metric-${m}" .checked=${f.metrics.includes(m) || m === 'loss'} ?disabled=${m === 'loss'}
              @change=${(e: Event) => this.toggleMetric(m, (e.target as HTMLInputElement).checked)} /> ${m}</label>`,
          )}
        </div>
      </fieldset>
      ${this.err('general')}
      <button type="submit" class="bs-primary" data-action="run" ?disabled=${!!this.error || this.busy}>Run</button>
    </form>`;
  }
}

customElements.define('bs-config', BsConfig);
