// The configure form: presets menu, data, model, loss, optimizer, η, steps, seed, metrics. It edits
// a FormState and reports every change; the app validates with parseConfig and hands back every
// error (form-validation.ts), each shown next to the field it names. Run stays disabled until the
// config is valid.

import { html, LitElement, type TemplateResult } from 'lit';
import { METRIC_NAMES, type MetricName } from '../../core/config-types';
import { presetDescription, presetNames } from '../../core/presets';
import type { FormState } from '../state/form-model';
import type { FieldError } from '../state/form-validation';
import { parseDigitList } from '../state/number-text';
import { MAX_DATA_UPLOAD_BYTES, uploadTooLarge } from '../upload-limits';

/** The form keys an input or select edits as text. */
type TextKey = { [K in keyof FormState]-?: FormState[K] extends string ? K : never }[keyof FormState];

/** A kind the form has no fields for (from a link or a newer preset) still shows, and is kept. */
function withCurrent(options: [string, string][], current: string): [string, string][] {
  return current && !options.some(([v]) => v === current) ? [...options, [current, current]] : options;
}

const FLAT_LOSSES = ['flatExp', 'flatPoly'];

export class BsConfig extends LitElement {
  static override properties = { form: { attribute: false }, errors: { attribute: false }, busy: { type: Boolean }, preset: {}, uploadError: { state: true } };
  declare form: FormState;
  declare errors: FieldError[];
  declare busy: boolean;
  declare preset: string;
  /** A file refused for its size: never reaches the app, so the form holds this error itself. */
  declare uploadError: FieldError | null;
  /** Fields whose message a render has placed; the others go to the foot of the form (see unplaced). */
  private placed = new Set<string>();

  constructor() {
    super();
    this.errors = [];
    this.busy = false;
    this.preset = '';
    this.uploadError = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private change(patch: Partial<FormState>): void {
    // A refused upload belongs to the data set on view; choosing another one drops it.
    if ('dataKind' in patch) this.uploadError = null;
    this.dispatchEvent(new CustomEvent('form-change', { detail: { ...this.form, ...patch }, bubbles: true }));
  }

  private allErrors(): FieldError[] {
    return this.uploadError ? [...this.errors.filter((e) => e.field !== this.uploadError?.field), this.uploadError] : this.errors;
  }

  private errorFor(field: string): FieldError | undefined {
    return this.allErrors().find((e) => e.field === field);
  }

  private message(e: FieldError): TemplateResult {
    return html`<div class="bs-error" role="alert" data-error-for=${e.field}>${e.message}</div>`;
  }

  private err(field: string): TemplateResult | string {
    this.placed.add(field);
    const e = this.errorFor(field);
    return e ? this.message(e) : '';
  }

  /** Errors for fields not on view (a link's unknown key, a study setting) still show, at the foot. */
  private unplaced(): TemplateResult[] {
    return this.allErrors()
      .filter((e) => !this.placed.has(e.field))
      .map((e) => this.message(e));
  }

  /**
   * A text field bound to form key `key`, named `name`; its errors carry config path `errorFor`.
   * When the two differ (one of several inputs for one config field), the caller places the message.
   */
  private text(label: string, key: TextKey, name: string, hint = '', errorFor = name): TemplateResult {
    const bad = !!this.errorFor(errorFor);
    return html`<label class="bs-field">
        <span>${label}</span>
        <input name=${name} .value=${this.form[key]} aria-invalid=${bad ? 'true' : 'false'} title=${hint}
          @input=${(e: Event) => this.change({ [key]: (e.target as HTMLInputElement).value })} />
      </label>
      ${errorFor === name ? this.err(name) : ''}`;
  }

  private select(label: string, key: TextKey, field: string, options: [string, string][]): TemplateResult {
    const bad = !!this.errorFor(field);
    return html`<label class="bs-field">
        <span>${label}</span>
        <select name=${field} .value=${this.form[key]} aria-invalid=${bad ? 'true' : 'false'}
          @change=${(e: Event) => this.change({ [key]: (e.target as HTMLSelectElement).value })}>
          ${withCurrent(options, this.form[key]).map(([v, t]) => html`<option value=${v} ?selected=${v === this.form[key]}>${t}</option>`)}
        </select>
      </label>
      ${this.err(field)}`;
  }

  private upload(label: string, key: TextKey, field: string, accept: string): TemplateResult {
    return html`<label class="bs-field">
        <span>${label}</span>
        <input type="file" name=${field} accept=${accept} @change=${(e: Event) => this.pick(e, key)} />
      </label>
      ${this.form[key] ? html`<div class="bs-muted">using ${this.form[key]}</div>` : ''} ${this.err(field)}`;
  }

  private async pick(e: Event, key: TextKey): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const tooLarge = uploadTooLarge(file.name, file.size, MAX_DATA_UPLOAD_BYTES);
    if (tooLarge) {
      input.value = '';
      this.uploadError = { field: input.name, message: tooLarge };
      return;
    }
    this.uploadError = null;
    const bytes = new Uint8Array(await file.arrayBuffer());
    this.dispatchEvent(new CustomEvent('file-added', { detail: { name: file.name, bytes }, bubbles: true }));
    this.change({ [key]: file.name });
  }

  private dataFields(): TemplateResult {
    const f = this.form;
    const scaling = this.select('scaling', 'scaling', 'data.scaling', [['pixel', 'pixel / 255'], ['unitNorm', 'unit norm'], ['maxNorm', '÷ largest norm'], ['none', 'none']]);
    const pair = html`<div class="bs-row">${this.text('digit (+1)', 'digitA', 'data.digits')}${this.text('digit (−1)', 'digitB', 'data.digits[1]', '', 'data.digits')}</div>`;
    const split = this.select('split', 'split', 'data.split', [['train', 'train'], ['test', 'test']]);
    switch (f.dataKind) {
      case 'mnist':
        return html`${pair}${this.text('n', 'n', 'data.n')}${split}${scaling}${this.text('subset seed', 'subsetSeed', 'data.subsetSeed')}${this.text('label noise', 'labelNoise', 'data.labelNoise', 'probability of flipping each label (0: none)')}`;
      case 'gaussians':
        return html`${this.text('n', 'n', 'data.n')}${this.text('d', 'd', 'data.d')}${this.text('Bayes error', 'bayesError', 'data.bayesError', 'how much the two classes overlap')}${this.text('data seed', 'dataSeed', 'data.seed')}`;
      case 'line':
        return this.text('points', 'points', 'data.points', 'signed 1-D points: x > 0 labelled +1, x < 0 labelled −1 at |x|');
      case 'mnistClasses':
        return html`${this.text('digits', 'classDigits', 'data.digits', 'one class per digit, e.g. 0-9 or 0, 1, 7')}${this.text('n', 'n', 'data.n')}${split}${scaling}${this.text('subset seed', 'subsetSeed', 'data.subsetSeed')}`;
      case 'twoPoint':
        return this.text('γ (0 < γ ≤ 0.1)', 'gamma', 'data.gamma');
      case 'synthetic':
        return html`${this.text('n', 'n', 'data.n')}${this.text('d', 'd', 'data.d')}${this.text('margin', 'margin', 'data.margin')}${this.text('data seed', 'dataSeed', 'data.seed')}`;
      case 'csv':
        return html`${this.upload('CSV file', 'csvFile', 'data.path', '.csv,text/csv')}${this.text('label column', 'labelColumn', 'data.labelColumn')}${this.text('positive label', 'positiveLabel', 'data.positiveLabel', 'the label that counts as +1; empty: the first label in the file')}${scaling}`;
      case 'idx':
        return html`${this.upload('IDX images', 'idxImages', 'data.images', '')}${this.upload('IDX labels', 'idxLabels', 'data.labels', '')}${pair}${this.text('n (0 = all)', 'n', 'data.n')}${scaling}`;
      default:
        return html`<p class="bs-muted">Four points, γ = 0.2.</p>`;
    }
  }

  private modelFields(): TemplateResult | string {
    const f = this.form;
    switch (f.modelKind) {
      case 'ntk':
        return this.text('width m', 'width', 'model.width');
      case 'linear':
        return html`${this.select('w₀', 'init', 'model.init', [['zero', 'zero'], ['normal', 'normal']])}${f.init === 'normal' ? this.text('scale', 'initScale', 'model.initScale', 'w₀ ~ N(0, scale² I)') : ''}`;
      case 'mlp': {
        // The output layer is not a choice: one logit for a digit pair, one output per class otherwise.
        const outputs = f.dataKind === 'mnistClasses' ? `${parseDigitList(f.classDigits).length} (one per class)` : '1 (one logit)';
        return html`${this.text('hidden widths', 'widths', 'model.widths', 'one width per hidden layer, e.g. 200, 200')}
          ${this.select('activation', 'activation', 'model.activation', [['relu', 'ReLU'], ['tanh', 'tanh'], ['gelu', 'GELU']])}
          ${this.select('init', 'mlpInit', 'model.init', [['pytorch', 'PyTorch default'], ['kaimingNormal', 'Kaiming normal']])}
          <label class="bs-check"><input type="checkbox" name="model.bias" .checked=${f.bias} @change=${(e: Event) => this.change({ bias: (e.target as HTMLInputElement).checked, badBias: undefined })} /> biases</label>
          ${this.err('model.bias')}
          <p class="bs-muted" data-role="mlp-outputs">outputs: ${outputs}</p>`;
      }
      default:
        return '';
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
    const invalid = this.allErrors().length > 0;
    this.placed = new Set();
    return html`<form class="bs-config" @submit=${(e: Event) => {
        e.preventDefault();
        if (this.allErrors().length === 0 && !this.busy) this.dispatchEvent(new CustomEvent('run', { bubbles: true }));
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
        ${this.select('data set', 'dataKind', 'data.kind', [['mnist', 'MNIST digit pair'], ['mnistClasses', 'MNIST classes (multi-class)'], ['toy', 'toy (4 points)'], ['twoPoint', 'two-point (lower bound)'], ['synthetic', 'synthetic Gaussian'], ['gaussians', 'overlapping Gaussians'], ['line', '1-D points'], ['csv', 'CSV upload'], ['idx', 'IDX upload']])}
        ${this.dataFields()}
      </fieldset>
      <fieldset>
        <legend>Model and loss</legend>
        ${this.select('model', 'modelKind', 'model.kind', [['linear', 'linear'], ['ntk', 'two-layer ReLU (NTK)'], ['mlp', 'fully connected (MLP)']])}
        ${this.modelFields()}
        ${this.select('loss', 'lossKind', 'loss.kind', [['logistic', 'logistic'], ['exponential', 'exponential'], ['flatExp', 'flattened exp'], ['flatPoly', 'flattened poly'], ['softmaxCE', 'softmax cross-entropy'], ['mse', 'MSE vs one-hot']])}
        ${FLAT_LOSSES.includes(f.lossKind) ? this.text('a', 'lossA', 'loss.a') : ''}
        ${this.text('ℓ2 λ', 'l2', 'loss.l2', 'adds λ/2·‖w − w₀‖² (0: none; CPU engine)')}
        ${this.select('optimizer', 'optimizer', 'optimizer.kind', [['gd', 'GD'], ['sgd', 'online SGD'], ['adaptive', 'adaptive η/L (CPU)'], ['heavyBall', 'heavy ball (CPU)'], ['nesterov', 'Nesterov (CPU)']])}
        ${f.optimizer === 'heavyBall' || f.optimizer === 'nesterov' ? this.text('β', 'beta', 'optimizer.beta', 'momentum, 0 ≤ β < 1') : ''}
        ${f.optimizer === 'adaptive' ? this.select('η_t = η /', 'adaptiveBy', 'optimizer.by', [['loss', 'L(w_t)'], ['gradNorm', '‖∇L(w_t)‖']]) : ''}
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
          : html`<div class="bs-row">${this.text('from', 'etaStart', 'etas.start', '', 'etas')}${this.text('to', 'etaStop', 'etas.stop', '', 'etas')}${this.text('count', 'etaCount', 'etas.count', '', 'etas')}</div>${this.err('etas')}`}
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
        ${this.err('metrics')}
      </fieldset>
      ${this.err('general')} ${this.unplaced()}
      <button type="submit" class="bs-primary" data-action="run" ?disabled=${invalid || this.busy}>Run</button>
    </form>`;
  }
}

customElements.define('bs-config', BsConfig);
