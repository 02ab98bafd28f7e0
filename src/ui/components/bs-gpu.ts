// The GPU panel: the adapter and its limits, live steps/s and an estimate of GFLOP/s, and a
// one-click comparison of the GPU and CPU engines on the same small problem, timed warm (after shader
// compilation and the first chunk) over the same steps on both.

import { html, LitElement } from 'lit';
import { parseConfig } from '../../core/config';
import { configStepCost } from '../../core/cost-model';
import type { Results } from '../../core/results';
import { fmtNum } from '../charts/format';
import { gpuContext, gpuMemoryBudget, gpuUnavailableReason, setGpuMemoryBudget } from '../run/gpu-context';
import { startRun } from '../run/runner';
import type { JobProgress } from '../run/sweep-job';
import { commonWarmStep, warmRate, type StepSample } from '../run/warm-rate';

const SHOWN_LIMITS = ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup'];

const BENCH = { name: 'gpu-vs-cpu', data: { kind: 'synthetic', n: 256, d: 64, margin: 0.05, seed: 1 }, etas: { start: 0.5, stop: 64, count: 8 }, steps: 1024, metrics: ['loss'] };

/** The memory-limit field's text: the limit in MiB, or empty for the default. */
function memoryField(): string {
  const bytes = gpuMemoryBudget();
  return bytes === undefined ? '' : String(bytes / 2 ** 20);
}

export class BsGpu extends LitElement {
  static override properties = {
    progress: { attribute: false },
    results: { attribute: false },
    busy: { type: Boolean },
    adapter: { state: true },
    compare: { state: true },
    comparing: { state: true },
  };
  declare progress: JobProgress | null;
  /** A sweep is running: a comparison now would time two runs sharing the machine. */
  declare busy: boolean;
  declare comparing: boolean;
  declare results: Results | null;
  declare adapter: { info: Record<string, string>; limits: Record<string, number> } | string | null;
  declare compare: string;

  constructor() {
    super();
    this.progress = null;
    this.results = null;
    this.adapter = null;
    this.compare = '';
    this.busy = false;
    this.comparing = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void gpuUnavailableReason().then(async (reason) => {
      if (reason) this.adapter = reason;
      else {
        const ctx = await gpuContext();
        this.adapter = { info: ctx.adapterInfo, limits: ctx.limits };
      }
    });
  }

  private async runCompare(): Promise<void> {
    if (this.comparing || this.busy) return;
    this.comparing = true;
    this.compare = `running the same sweep (synthetic n = 256, d = 64, 8 η, ${BENCH.steps} steps) on both engines…`;
    const config = parseConfig(BENCH);
    const timed = async (cpu: boolean) => {
      const samples: StepSample[] = [];
      const h = await startRun(config, new Map(), { onProgress: (p) => samples.push([performance.now(), p.stepsDone]) }, cpu);
      await h.done;
      return { samples, engine: h.engine };
    };
    try {
      const gpu = await timed(false);
      const cpu = await timed(true);
      const from = commonWarmStep([gpu.samples, cpu.samples]);
      const g = warmRate(gpu.samples, from);
      const c = warmRate(cpu.samples, from);
      const span = `timed warm over steps ${from}–${BENCH.steps}, after shader compilation and the first chunk`;
      this.compare =
        gpu.engine !== 'gpu'
          ? `no GPU here; CPU ${fmtNum(c)} steps/s (${span})`
          : g === null || c === null
            ? 'comparison failed: a run finished in one chunk, so nothing was left to time warm'
            : `GPU ${fmtNum(g)} steps/s · CPU (float64, worker) ${fmtNum(c)} steps/s · GPU/CPU = ${fmtNum(g / c)}× (${span})`;
    } catch (err) {
      this.compare = `comparison failed: ${(err as Error).message}`;
    } finally {
      this.comparing = false;
    }
  }

  /** The memory-limit field: a positive number of MiB sets the limit for the next runs, empty restores the default. */
  private setMemory(ev: Event): void {
    const input = ev.target as HTMLInputElement;
    const mib = Number(input.value);
    const valid = input.value.trim() !== '' && Number.isFinite(mib) && mib > 0;
    setGpuMemoryBudget(valid ? Math.floor(mib * 2 ** 20) : undefined);
    if (!valid) input.value = '';
  }

  protected override render() {
    const a = this.adapter;
    const p = this.progress;
    const r = this.results;
    const perBatch = r && p ? r.config.etas.length / Math.max(p.batches, 1) : 0;
    const gflops = r && p ? (p.stepsPerSecond * perBatch * configStepCost(r.config, r.data).flops) / 1e9 : NaN;
    return html`<details class="bs-gpu" open>
      <summary>GPU</summary>
      ${a === null
        ? html`<p class="bs-muted">probing WebGPU…</p>`
        : typeof a === 'string'
          ? html`<p data-role="gpu-missing">${a}</p>`
          : html`<p data-role="adapter">${[a.info.vendor, a.info.architecture, a.info.device, a.info.description].filter(Boolean).join(' · ') || 'adapter (no info)'}</p>
              <p class="bs-muted">${SHOWN_LIMITS.map((k) => `${k} ${fmtNum(a.limits[k])}`).join(' · ')}</p>`}
      <p>live: <span data-role="gpu-rate">${p ? fmtNum(p.stepsPerSecond) : '–'}</span> steps/s · ≈ <span data-role="gflops">${fmtNum(gflops)}</span> GFLOP/s</p>
      <label title="GPU memory the engine may plan for (WebGPU does not report the device's); a sweep whose runs do not all fit runs in batches of η that do"
        >memory limit <input data-role="gpu-memory" type="number" min="1" step="any" placeholder="16384" .value=${memoryField()} @change=${this.setMemory} /> MiB</label
      >
      <button data-action="compare" ?disabled=${this.comparing || this.busy} title=${this.busy ? 'wait for the sweep to finish' : ''} @click=${this.runCompare}>Compare GPU with CPU</button>
      <span data-role="compare">${this.compare}</span>
    </details>`;
  }
}

customElements.define('bs-gpu', BsGpu);
