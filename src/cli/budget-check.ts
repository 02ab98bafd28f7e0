// The CLI side of the budget check (src/core/budget.ts): the memory limit (--max-memory, else 80% of
// what this machine or its container allows) and the one-line refusal.

import os from 'node:os';
import v8 from 'node:v8';
import { estimateSweep, fmtBytes, MAX_STRING_CHARS, type BudgetEngine, type DataDims } from '../core/budget';
import type { ExperimentConfig } from '../core/config-types';
import { UsageError } from './args';

export interface MemoryLimit {
  bytes: number;
  /** Where the limit comes from, for the message. */
  source: string;
}

/** --max-memory SIZE (see parseSize). */
export function parseMemoryFlag(raw: string): MemoryLimit {
  return { bytes: parseSize('--max-memory', raw, 1e6, 'e.g. 16G or 512M'), source: '--max-memory' };
}

/** A size flag: "16G", "512M", "1.5T", "2e9" or plain bytes (decimal units, as disks count), at least `min` bytes. */
export function parseSize(flag: string, raw: string, min: number, example: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmgtp]?)b?\s*$/i.exec(raw);
  const scale: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };
  const bytes = m ? Math.floor(Number(m[1]) * scale[m[2].toLowerCase()]) : NaN;
  if (!Number.isFinite(bytes) || bytes < min) throw new UsageError(`${flag}: "${raw}" is not allowed; expected a size of at least ${fmtBytes(min)}, ${example}`);
  return bytes;
}

/** 80% of the machine's memory, or of the container's limit when it has a smaller one. */
export function defaultMemoryLimit(): MemoryLimit {
  const total = os.totalmem();
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.() ?? 0;
  const inContainer = constrained > 0 && constrained < total;
  return { bytes: 0.8 * (inContainer ? constrained : total), source: `80% of this ${inContainer ? "container's" : "machine's"} ${fmtBytes(inContainer ? constrained : total)}` };
}

/** Refuses, with one line, a sweep that cannot fit the limit, the JS heap, or one JSON string. */
export function checkBudget(config: ExperimentConfig, dims: DataDims, engine: BudgetEngine, limit: MemoryLimit, label: string): void {
  const e = estimateSweep(config, dims, engine);
  const heap = v8.getHeapStatistics().heap_size_limit;
  const head = `${label}: this sweep (${e.what})`;
  if (e.bytes > limit.bytes) {
    throw new UsageError(`${head} needs about ${fmtBytes(e.bytes)} of memory on the ${engine} engine; the limit is ${fmtBytes(limit.bytes)} (${limit.source}); use fewer η, a smaller model or data, or raise --max-memory`);
  }
  if (e.resultsChars > MAX_STRING_CHARS) {
    throw new UsageError(`${head} would write about ${fmtBytes(e.resultsChars)} of results JSON; a results file can hold at most ${fmtBytes(MAX_STRING_CHARS)}; record fewer steps (record.denseUntil, record.perDecade) or use fewer η`);
  }
  if (e.heapBytes > heap) {
    throw new UsageError(`${head} needs about ${fmtBytes(e.heapBytes)} of JavaScript heap for its recorded series; Node's heap limit is ${fmtBytes(heap)}; record fewer steps or use fewer η (or raise the limit: NODE_OPTIONS=--max-old-space-size=MB)`);
  }
}
