// Writes one sweep's files: results.json (the full record) and results.csv (tidy, for pandas), each
// atomically (src/node/atomic-write.ts). results.json carries the SHA-256 of its own content, so a
// shard whose values were edited afterwards is noticed by `bigstep merge` (resultsChecksumOk).

import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Results } from '../core/results';
import { resultsToCsv } from '../core/results-csv';
import { writeFileAtomic } from '../node/atomic-write';

export function writeResults(dir: string, results: Results): string[] {
  const json = path.join(dir, 'results.json');
  const csv = path.join(dir, 'results.csv');
  const { checksum: _old, ...content } = results;
  writeFileAtomic(json, JSON.stringify({ ...content, checksum: checksumOf(content) }));
  writeFileAtomic(csv, resultsToCsv(results));
  return [json, csv];
}

function checksumOf(content: Omit<Results, 'checksum'>): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(content)).digest('hex')}`;
}

/** False when a results file's checksum does not match its content (edited after it was written); true when it matches or has none (older files, dashboard exports). */
export function resultsChecksumOk(results: Results): boolean {
  if (results.checksum === undefined) return true;
  const { checksum, ...content } = results;
  return checksum === checksumOf(content);
}
