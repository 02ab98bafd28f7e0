// Checkpoint files of one sweep folder: checkpoint.json (metadata, series, analysis state) and
// checkpoint.bin (the weights, float64). Each is written to a temporary name and renamed, so a
// crash mid-write leaves the previous checkpoint whole.

import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeCheckpoint, encodeCheckpoint, type SweepCheckpoint } from '../sweep/checkpoint';

const JSON_NAME = 'checkpoint.json';
const BIN_NAME = 'checkpoint.bin';

export async function saveCheckpoint(dir: string, cp: SweepCheckpoint): Promise<void> {
  const { json, weights } = encodeCheckpoint(cp);
  // The weights first: a checkpoint.json always refers to weights already in place.
  await atomicWrite(path.join(dir, BIN_NAME), weights);
  await atomicWrite(path.join(dir, JSON_NAME), json);
}

export function hasCheckpoint(dir: string): boolean {
  return existsSync(path.join(dir, JSON_NAME)) && existsSync(path.join(dir, BIN_NAME));
}

export async function loadCheckpoint(dir: string): Promise<SweepCheckpoint> {
  const json = await readFile(path.join(dir, JSON_NAME), 'utf8');
  const bin = await readFile(path.join(dir, BIN_NAME));
  return decodeCheckpoint(json, new Uint8Array(bin.buffer, bin.byteOffset, bin.byteLength), path.join(dir, JSON_NAME));
}

export async function removeCheckpoint(dir: string): Promise<void> {
  await rm(path.join(dir, JSON_NAME), { force: true });
  await rm(path.join(dir, BIN_NAME), { force: true });
}

async function atomicWrite(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}
