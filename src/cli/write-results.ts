// Writes one sweep's files: results.json (the full record) and results.csv (tidy, for pandas).

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Results } from '../core/results';
import { resultsToCsv } from '../core/results-csv';

export async function writeResults(dir: string, results: Results): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, 'results.json');
  const csv = path.join(dir, 'results.csv');
  await writeFile(json, JSON.stringify(results));
  await writeFile(csv, resultsToCsv(results));
  return [json, csv];
}
