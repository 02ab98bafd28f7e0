// Runs kept in IndexedDB, written as they go (throttled by the caller), so a reload loses nothing
// that was drawn. One record per run: its raw config, its parts' results and its state.

import type { Part } from '../run/sweep-job';
import type { Raw } from '../state/form-model';

export type StoredStatus = 'running' | 'paused' | 'done' | 'cancelled' | 'error' | 'interrupted' | 'imported';

export interface StoredRun {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  status: StoredStatus;
  engine: string;
  raw: Raw;
  parts: Part[];
  error?: string;
  /** The researcher's note on the run (what was tried, what it showed). */
  note?: string;
}

export type RunListItem = Pick<StoredRun, 'id' | 'name' | 'createdAt' | 'updatedAt' | 'status' | 'engine' | 'note'> & { etas: number; steps: number };

const DB = 'bigstep';
const STORE = 'runs';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(req.result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

export function newRunId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}`;
}

export const saveRun = (run: StoredRun): Promise<IDBValidKey> => tx('readwrite', (s) => s.put(run));
export const loadRun = (id: string): Promise<StoredRun | undefined> => tx('readonly', (s) => s.get(id) as IDBRequest<StoredRun | undefined>);
/** Renames a kept run or changes its note; false when there is no such run. */
export async function updateRun(id: string, patch: Pick<StoredRun, 'name' | 'note'>): Promise<boolean> {
  const run = await loadRun(id);
  if (!run) return false;
  await saveRun({ ...run, ...patch });
  return true;
}

export const deleteRun = (id: string): Promise<undefined> => tx('readwrite', (s) => s.delete(id) as IDBRequest<undefined>);

/** Newest first. A run left 'running' by a closed page is reported as interrupted. */
export async function listRuns(): Promise<RunListItem[]> {
  const all = await tx('readonly', (s) => s.getAll() as IDBRequest<StoredRun[]>);
  return all
    .map((r) => {
      const cfg = r.parts[0]?.results.config;
      return {
        id: r.id,
        name: r.name,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        status: r.status === 'running' || r.status === 'paused' ? ('interrupted' as const) : r.status,
        engine: r.engine,
        note: r.note,
        etas: cfg?.etas.length ?? 0,
        steps: cfg?.steps ?? 0,
      };
    })
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}
