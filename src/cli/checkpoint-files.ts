// The checkpoint files of one sweep folder, as one verified unit. checkpoint.bin holds the weights
// (float64, after a 16-byte header: magic and generation); checkpoint.json holds the metadata, the
// generation, and the SHA-256 of checkpoint.bin and of its own body. A json is only ever paired with
// the bin whose checksum it names, so a crash between two renames, a flipped byte, an edited field or
// a json and a bin from two different checkpoints can never resume silently with wrong numbers.
//
// A save writes the new pair under checkpoint.next.* (each atomically), then moves the current pair
// to checkpoint.prev.* and the new one into place. Whatever moment a crash hits, some complete pair
// is on disk, and a load takes the newest that verifies; when the newest is damaged it says so and
// falls back to the previous one, and when none verifies it refuses with one line.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, DataError } from '../core/config-error';
import type { ExperimentConfig } from '../core/config-types';
import { readFileBounded, readTextBounded } from '../node/bounded-read';
import { faultPoint } from '../node/fault-points';
import { renameAtomic, writeFileAtomic } from '../node/atomic-write';
import { checkJsonDepth } from '../core/json-depth';
import { decodeCheckpoint, encodeCheckpoint, validateCheckpointMeta, type SweepCheckpoint } from '../sweep/checkpoint';

const ENVELOPE_FORMAT = 'bigstep.checkpoint-file/2';
const MAGIC = 'BSCKPT02';
const HEADER_BYTES = 16;
/** Larger metadata than this could not even be held as one string; the budget check keeps sweeps far below it. */
const MAX_JSON_BYTES = 512 * 1024 * 1024;
const SLOTS = ['', '.next', '.prev'] as const;
const PREFIX = `{"format":"${ENVELOPE_FORMAT}","sha256":"`;
const SEPARATOR = '","body":';

interface Body {
  generation: number;
  bin: { bytes: number; sha256: string };
  checkpoint: unknown;
}

export interface LoadedCheckpoint {
  checkpoint: SweepCheckpoint;
  generation: number;
  /** Newer checkpoint files that failed their checks and were passed over (one line each). */
  skipped: string[];
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export class CheckpointFiles {
  private generation = 0;

  constructor(readonly dir: string) {}

  private file(slot: (typeof SLOTS)[number], ext: 'json' | 'bin'): string {
    return path.join(this.dir, `checkpoint${slot}.${ext}`);
  }

  /**
   * Whether a checkpoint is here, damaged ones too (they must be reported, not ignored). A lone
   * checkpoint.next.bin is not one: it is the first save, cut short before its json was written.
   */
  exists(): boolean {
    return SLOTS.some((s) => existsSync(this.file(s, 'json'))) || existsSync(this.file('', 'bin')) || existsSync(this.file('.prev', 'bin'));
  }

  async save(cp: SweepCheckpoint): Promise<void> {
    const { meta, weights } = encodeCheckpoint(cp);
    const generation = ++this.generation;
    const bin = new Uint8Array(HEADER_BYTES + weights.byteLength);
    new TextEncoder().encodeInto(MAGIC, bin);
    new DataView(bin.buffer).setFloat64(8, generation, true);
    bin.set(new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength), HEADER_BYTES);
    const body = JSON.stringify({ generation, bin: { bytes: bin.byteLength, sha256: sha256(bin) }, checkpoint: meta } satisfies Body);
    writeFileAtomic(this.file('.next', 'bin'), bin);
    faultPoint('checkpoint-next-bin');
    writeFileAtomic(this.file('.next', 'json'), `${PREFIX}${sha256(body)}${SEPARATOR}${body}}`);
    faultPoint('checkpoint-next-json');
    for (const ext of ['json', 'bin'] as const) {
      if (existsSync(this.file('', ext))) renameAtomic(this.file('', ext), this.file('.prev', ext));
      faultPoint(`checkpoint-prev-${ext}`);
    }
    renameAtomic(this.file('.next', 'bin'), this.file('', 'bin'));
    faultPoint('checkpoint-bin');
    renameAtomic(this.file('.next', 'json'), this.file('', 'json'));
    faultPoint('checkpoint-json');
  }

  /** The newest checkpoint here that verifies and continues `config`; one line (DataError) when none does. */
  load(config: ExperimentConfig): LoadedCheckpoint {
    const bins = SLOTS.map((s) => this.file(s, 'bin')).filter((f) => existsSync(f));
    const good: { checkpoint: SweepCheckpoint; generation: number }[] = [];
    const failures: { generation: number; message: string }[] = [];
    for (const slot of SLOTS) {
      const json = this.file(slot, 'json');
      if (!existsSync(json)) continue;
      try {
        good.push(this.loadPair(json, bins, config));
      } catch (err) {
        if (!(err instanceof DataError)) throw err;
        failures.push({ generation: generationOf(json), message: err.message });
      }
    }
    if (good.length === 0) {
      const why = failures.length > 0 ? failures[0].message : `${path.join(this.dir, 'checkpoint.bin')} has no checkpoint.json beside it`;
      throw new DataError(path.join(this.dir, 'checkpoint.json'), `cannot resume: ${why.replace(`${path.join(this.dir, 'checkpoint.json')}: `, '')}; no earlier good checkpoint here (delete the checkpoint.* files to start the sweep over)`);
    }
    good.sort((a, b) => b.generation - a.generation);
    const best = good[0];
    this.generation = Math.max(...good.map((g) => g.generation), ...failures.map((f) => f.generation));
    return { ...best, skipped: failures.filter((f) => f.generation >= best.generation || f.generation === 0).map((f) => f.message) };
  }

  private loadPair(json: string, bins: string[], config: ExperimentConfig): { checkpoint: SweepCheckpoint; generation: number } {
    const text = readTextBounded(json, MAX_JSON_BYTES);
    const body = parseEnvelope(text, json);
    let meta;
    try {
      meta = validateCheckpointMeta(body.checkpoint, config);
    } catch (err) {
      if (err instanceof ConfigError) {
        if (err.field === 'config') throw new DataError(json, 'holds a checkpoint of a different sweep; use another --out, or delete the checkpoint.* files there');
        throw new DataError(json, `damaged: ${err.message}`);
      }
      throw err;
    }
    // The bin whose size and checksum the json names; sizes are compared before anything is read.
    const bin = bins.find((f) => statSync(f).size === body.bin.bytes && sha256(readFileBounded(f, body.bin.bytes)) === body.bin.sha256);
    if (!bin) {
      const present = bins.length === 0 ? 'there is no checkpoint.bin' : `no checkpoint .bin file here has its checksum (${bins.map((b) => path.basename(b)).join(', ')} damaged or from another checkpoint)`;
      throw new DataError(json, `its weights are missing: ${present}`);
    }
    const bytes = readFileBounded(bin, body.bin.bytes);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC || view.getFloat64(8, true) !== body.generation) {
      throw new DataError(bin, `not the weights of generation ${body.generation}`);
    }
    const flat = new Float64Array(bytes.buffer.slice(bytes.byteOffset + HEADER_BYTES, bytes.byteOffset + bytes.byteLength));
    return { checkpoint: decodeCheckpoint(meta, flat, bin), generation: body.generation };
  }

  /** After a sweep finished: no checkpoint file stays behind. */
  remove(): void {
    for (const s of SLOTS) for (const ext of ['json', 'bin'] as const) rmSync(this.file(s, ext), { force: true });
    // Temporary files of writes a kill cut short (src/node/atomic-write.ts names them .NAME.tmp-PID).
    if (existsSync(this.dir)) for (const f of readdirSync(this.dir)) if (/^\.checkpoint[.\w]*\.tmp-\d+$/.test(f)) rmSync(path.join(this.dir, f), { force: true });
  }
}

/** The body of a checkpoint.json, after its checksum was verified byte for byte. */
function parseEnvelope(text: string, source: string): Body {
  const start = PREFIX.length + 64 + SEPARATOR.length;
  if (!text.startsWith(PREFIX) || text.slice(PREFIX.length + 64, start) !== SEPARATOR || !text.endsWith('}')) {
    throw new DataError(source, `damaged: not a ${ENVELOPE_FORMAT} file (${text.length === 0 ? 'empty' : 'the header does not match'})`);
  }
  const body = text.slice(start, -1);
  if (sha256(body) !== text.slice(PREFIX.length, PREFIX.length + 64)) {
    throw new DataError(source, 'damaged: its checksum does not match its contents (the file was changed or cut short)');
  }
  let value: Body;
  try {
    value = JSON.parse(body);
    checkJsonDepth(value, source);
  } catch (err) {
    if (err instanceof DataError) throw err;
    throw new DataError(source, `damaged: ${(err as Error).message}`);
  }
  const g = value?.generation;
  if (!Number.isInteger(g) || g < 1 || !Number.isInteger(value.bin?.bytes) || value.bin.bytes < HEADER_BYTES || (value.bin.bytes - HEADER_BYTES) % 8 !== 0 || typeof value.bin.sha256 !== 'string') {
    throw new DataError(source, 'damaged: no valid generation and weights checksum in it');
  }
  return value;
}

/** The generation a json claims (0 when unreadable), to tell a damaged newest checkpoint from an old one. */
function generationOf(json: string): number {
  try {
    const head = readTextBounded(json, MAX_JSON_BYTES).slice(0, 4096);
    const m = /"body":\{"generation":(\d+)/.exec(head);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
