// Tests that probe reliability write what they tried and what happened to
// docs/reliability/<section>.md, one table per section (one file each, so test files running in
// parallel never write the same file). docs/reliability.md links them. Only `npm run docs` writes
// them (see docs-output.ts).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writingDocs } from './docs-output';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'reliability');

export interface ReliabilityRow {
  tried: string;
  cases: number | string;
  outcome: string;
}

/** `source` says which test or script wrote the table (and so how to make it again). */
export function writeReliabilitySection(section: string, title: string, rows: ReliabilityRow[], source: string): void {
  if (!writingDocs) return;
  mkdirSync(DIR, { recursive: true });
  const lines = [
    `# ${title}`,
    '',
    `Written by ${source}`,
    '',
    '| what was tried | cases | what happened |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.tried} | ${r.cases} | ${r.outcome} |`),
    '',
  ];
  writeFileSync(path.join(DIR, `${section}.md`), lines.join('\n'));
}
