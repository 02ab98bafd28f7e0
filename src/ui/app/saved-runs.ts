// Keep and share: the runs kept in IndexedDB (open, rename and annotate, delete, compare) and results
// files imported into them. The dashboard owns the state; these change it.

import { validateResults } from '../../core/results-schema';
import type { BsApp } from '../components/bs-app';
import type { RunEdit } from '../components/bs-runs';
import { formFromRaw, type Raw } from '../state/form-model';
import { deleteRun as deleteStored, listRuns, loadRun, newRunId, saveRun, updateRun, type StoredRun } from '../store/run-store';
import { MAX_RESULTS_UPLOAD_BYTES, uploadTooLarge } from '../upload-limits';
import { overlayOf } from './overlays';

export async function refreshRuns(app: BsApp): Promise<void> {
  app.runs = await listRuns().catch(() => []);
}

export async function openRun(app: BsApp, id: string): Promise<void> {
  const r = await loadRun(id);
  if (!r) return;
  app.currentId = id;
  app.parts = r.parts;
  app.partIndex = 0;
  app.viewRaw = r.raw;
  // As for a new run: η hidden before (or by a link) stay hidden where the opened run has them.
  const etas = new Set(r.parts.flatMap((p) => p.results.config.etas));
  app.hiddenEtas = new Set([...app.hiddenEtas].filter((e) => etas.has(e)));
  app.phase = 'idle';
  app.progress = null;
  app.message = `viewing ${r.name} (${r.status})`;
  app.form = formFromRaw(r.raw);
  app.preset = '';
  app.validate();
}

export async function editRun(app: BsApp, e: RunEdit): Promise<void> {
  if (app.liveRecord?.id === e.id) Object.assign(app.liveRecord, { name: e.name, note: e.note });
  await updateRun(e.id, { name: e.name, note: e.note }).catch((err) => (app.notice = `could not save the run: ${(err as Error).message}`));
  await refreshRuns(app);
}

export async function deleteRun(app: BsApp, id: string): Promise<void> {
  await deleteStored(id);
  app.overlays = app.overlays.filter((o) => o.id !== id);
  if (id === app.currentId) {
    app.parts = [];
    app.currentId = '';
  }
  await refreshRuns(app);
}

/** Lays a saved run over the one on view, or takes it off again. */
export async function toggleOverlay(app: BsApp, id: string): Promise<void> {
  if (app.overlays.some((o) => o.id === id)) {
    app.overlays = app.overlays.filter((o) => o.id !== id);
    return;
  }
  const overlay = overlayOf(await loadRun(id), app.current()?.label, app.overlays);
  if (overlay) app.overlays = [...app.overlays, overlay];
}

export async function importFile(app: BsApp, e: Event): Promise<void> {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  const tooLarge = uploadTooLarge(file.name, file.size, MAX_RESULTS_UPLOAD_BYTES);
  if (tooLarge) {
    app.notice = `cannot import ${tooLarge}`;
    return;
  }
  try {
    const results = validateResults(JSON.parse(await file.text()));
    const now = new Date().toISOString();
    const raw = results.config as unknown as Raw;
    const record: StoredRun = { id: newRunId(), name: results.config.name, createdAt: now, updatedAt: now, status: 'imported', engine: results.engine.kind, raw, parts: [{ label: file.name, results }] };
    await saveRun(record);
    await refreshRuns(app);
    await openRun(app, record.id);
    app.notice = `imported ${file.name}: ${results.runs.length} runs from the ${results.engine.kind} engine (${results.engine.name})`;
  } catch (err) {
    app.notice = `cannot import ${file.name}: ${(err as Error).message}`;
  }
}
