// One entry point from a data config to a Dataset. File access goes through DataIO so the same code runs
// in Node (src/node/data-io.ts) and in the browser (fetch / uploaded files).

import { DataError } from '../config-error';
import type { DataConfig } from '../config-types';
import { MAX_CSV_CHARS, parseCsv } from './csv';
import type { Dataset } from './dataset';
import { digitClasses } from './digit-classes';
import { digitPair } from './digits';
import { parseIdx, type IdxArray } from './idx';
import { gaussiansData, lineData, withLabelNoise } from './non-separable';
import { syntheticData } from './synthetic';
import { toyData } from './toy';
import { twoPointData } from './two-point';

/** IDX files bigger than this are refused unread (all of MNIST's training images take 47 MB). */
export const MAX_IDX_BYTES = 1024 * 1024 * 1024;

export interface DataIO {
  /**
   * The bytes of a user file (a path for the CLI, an uploaded file's name for the dashboard); a file
   * over `maxBytes` is refused before it is read (uploads are bounded where they are picked).
   */
  readFile(path: string, maxBytes: number): Promise<Uint8Array>;
  /** The raw (uncompressed) IDX bytes of an MNIST file. */
  mnistFile(split: 'train' | 'test', what: 'images' | 'labels'): Promise<Uint8Array>;
}

export async function loadDataset(config: DataConfig, io: DataIO): Promise<Dataset> {
  switch (config.kind) {
    case 'toy':
      return toyData();
    case 'twoPoint':
      return twoPointData(config.gamma);
    case 'synthetic':
      return syntheticData(config);
    case 'gaussians':
      return gaussiansData(config);
    case 'line':
      return lineData(config.points);
    case 'mnist': {
      const { images, labels, sourceName } = await loadMnistSplit(io, config.split);
      const pair = digitPair(images, labels, { ...config, sourceName });
      return config.labelNoise ? withLabelNoise(pair, config.labelNoise, config.subsetSeed) : pair;
    }
    case 'mnistClasses': {
      const { images, labels, sourceName } = await loadMnistSplit(io, config.split);
      return digitClasses(images, labels, { ...config, sourceName });
    }
    case 'idx': {
      const [imageBytes, labelBytes] = await Promise.all([io.readFile(config.images, MAX_IDX_BYTES), io.readFile(config.labels, MAX_IDX_BYTES)]);
      const images = parseIdx(imageBytes, config.images);
      const labels = parseIdx(labelBytes, config.labels);
      return digitPair(images, labels, { ...config, sourceName: `IDX ${config.images}` });
    }
    case 'csv': {
      const bytes = await io.readFile(config.path, MAX_CSV_CHARS);
      // Checked before decoding, so a huge file costs no string; parseCsv checks the text's length again.
      if (bytes.length > MAX_CSV_CHARS) {
        throw new DataError(config.path, `the file has ${bytes.length} bytes; CSV files up to ${MAX_CSV_CHARS} (256 MiB) are accepted`);
      }
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw new DataError(config.path, 'not valid UTF-8 text (expected a CSV file)');
      }
      return parseCsv(text, {
        labelColumn: config.labelColumn,
        positiveLabel: config.positiveLabel,
        scaling: config.scaling,
        source: config.path,
      });
    }
  }
}

/** The images and labels of one MNIST split, parsed, with the name their errors give. */
async function loadMnistSplit(io: DataIO, split: 'train' | 'test'): Promise<{ images: IdxArray; labels: IdxArray; sourceName: string }> {
  const [imageBytes, labelBytes] = await Promise.all([io.mnistFile(split, 'images'), io.mnistFile(split, 'labels')]);
  const sourceName = `MNIST ${split}`;
  return { images: parseIdx(imageBytes, `${sourceName} images`), labels: parseIdx(labelBytes, `${sourceName} labels`), sourceName };
}
