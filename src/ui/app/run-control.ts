// The run in progress: start a sweep (saved as it runs), take its live parts, pause, resume, stop.
// The dashboard owns the state; these change it.

import type { BsApp } from '../components/bs-app';
import { startRun } from '../run/runner';
import type { JobProgress, Part } from '../run/sweep-job';
import { validateForm } from '../state/form-validation';
import { newRunId, saveRun, type StoredRun } from '../store/run-store';
import { refreshRuns } from './saved-runs';

const SAVE_EVERY_MS = 2000;
/** Below this width the page is one column and the form folds away above the charts (app.css agrees). */
const NARROW = '(max-width: 900px)';

/** Runs the sweep the form sets up, on view as it goes; saved as it runs unless told not to (kiosk). */
export async function runSweep(app: BsApp, opts: { save: boolean } = { save: true }): Promise<void> {
  const v = validateForm(app.form);
  if (!v.ok) {
    app.errors = v.errors;
    return;
  }
  const id = newRunId();
  const now = new Date().toISOString();
  const record: StoredRun = { id, name: v.config.name, createdAt: now, updatedAt: now, status: 'running', engine: '?', raw: v.raw, parts: [] };
  app.parts = [];
  app.partIndex = 0;
  app.viewRaw = v.raw;
  app.currentId = opts.save ? id : '';
  // η hidden before (or by a link) stay hidden when the new sweep has them.
  app.hiddenEtas = new Set(v.config.etas.filter((e) => app.hiddenEtas.has(e)));
  app.phase = 'starting';
  app.progress = null;
  app.message = 'loading data and starting the engine…';
  app.stage = '';
  resetRates(app);
  // On a phone the form folds away so the run's charts are what shows.
  if (!app.kiosk && matchMedia(NARROW).matches) app.formOpen = false;
  app.liveRecord = opts.save ? record : null;
  let lastSave = 0;
  const save = async (force = false) => {
    if (!opts.save || (!force && performance.now() - lastSave < SAVE_EVERY_MS)) return;
    lastSave = performance.now();
    record.updatedAt = new Date().toISOString();
    record.parts = app.parts;
    await saveRun(record).catch((err) => (app.notice = `could not save the run: ${(err as Error).message}`));
  };
  try {
    app.handle = await startRun(v.config, app.files, {
      onStage: (stage) => (app.stage = stage),
      onProgress: (p) => {
        app.progress = p;
        app.stage = '';
        trackRate(app, p);
        if (app.phase === 'starting') app.phase = 'running';
      },
      onLive: (index, part, done) => onLive(app, index, part, done, () => void save(done)),
    });
    record.engine = app.handle.engine;
    app.notice = app.handle.fallbackReason ? `No WebGPU: running on the CPU engine in a Web Worker (${app.handle.fallbackReason}).` : '';
    // The phase stays 'starting' (data, shaders, warm-up) until the first steps are counted.
    const parts = await app.handle.done;
    app.parts = parts;
    const cancelled = parts.some((p) => p.results.status === 'cancelled');
    app.phase = cancelled ? 'cancelled' : 'done';
    record.status = cancelled ? 'cancelled' : 'done';
  } catch (err) {
    app.phase = 'error';
    app.message = `error: ${(err as Error).message}`;
    app.progress = null;
    record.status = 'error';
    record.error = (err as Error).message;
  } finally {
    app.handle = null;
    app.stage = '';
    resetRates(app);
    await save(true);
    app.liveRecord = null;
    if (opts.save) await refreshRuns(app);
  }
}

/** Live parts arrive every few hundred ms; chart rebuilds are spaced by what they cost. */
function onLive(app: BsApp, index: number, part: Part, done: boolean, save: () => void): void {
  const now = performance.now();
  if (!app.live.take(now, done, app.phase === 'paused')) return;
  const next = app.parts.slice();
  next[index] = part;
  app.parts = next;
  if (!done) void app.live.timeRebuild(now, app.updateComplete);
  if (!done && index > app.partIndex && app.parts[app.partIndex]?.results.status !== 'cancelled') app.partIndex = index;
  save();
}

function trackRate(app: BsApp, p: JobProgress): void {
  ({ recentRate: app.recentRate, etaSeconds: app.etaSeconds } = app.rates.track(p));
}

/** A pause, a stop or a new run: the rate of before says nothing about what comes next. */
function resetRates(app: BsApp): void {
  app.rates.reset();
  app.recentRate = null;
  app.etaSeconds = null;
}

export function pauseRun(app: BsApp): void {
  // Paused first: the snapshot the pause sends at once is then drawn, not throttled away.
  app.phase = 'paused';
  app.handle?.pause();
  resetRates(app);
}

export function resumeRun(app: BsApp): void {
  app.handle?.resume();
  app.phase = 'running';
  resetRates(app);
}

export function stopRun(app: BsApp): void {
  app.handle?.resume();
  app.handle?.stop();
  app.phase = 'stopping';
  resetRates(app);
}
