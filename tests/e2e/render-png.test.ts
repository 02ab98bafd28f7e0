// renderPanelsToPng draws a real results file with the dashboard's chart code in headless Chrome and
// writes one valid PNG per main panel; the panels it drew hold the results' numbers.

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../src/node/browser';
import { renderPanelsToPng } from '../../src/node/render-png';
import { preset } from '../../src/core/presets';
import { pngSize, sweepResults, toyResults } from './fixtures';
import { writingDocs } from '../docs-output';

const out = mkdtempSync(join(tmpdir(), 'bigstep-png-'));
let session: BrowserSession;
beforeAll(async () => {
  session = await launchBrowser({ log: () => undefined });
});
afterAll(async () => {
  await session?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('renderPanelsToPng', () => {
  it('writes loss, η·t·L, sharpness, distance, accuracy and final-loss PNGs of sensible size (on a given session)', async () => {
    // Under `npm run docs` written to docs/charts (the README shows these images), else to a temporary folder.
    const results = await toyResults(4096);
    let legends: Record<string, string[]> = {};
    const files = await renderPanelsToPng(results, writingDocs ? 'docs/charts' : join(out, 'charts'), session, {
      width: 700,
      height: 300,
      onRendered: (panels) => (legends = Object.fromEntries(panels.map((p) => [p.id, p.legend]))),
    });
    // Every step panel (loss.png first: what the CLI writes) carries the η colour key under its plot.
    const etas = ['η = 4', 'η = 8', 'η = 16', 'η = 32'];
    for (const id of ['loss', 'sharpness', 'dist', 'accuracy']) expect(legends[id], id).toEqual(etas);
    // η·t·L also names its dashed limit: the toy set's margin is known.
    expect(legends.etatl).toEqual([...etas, '1/γ² = 25 (γ = 0.2)']);
    expect(legends.finalLoss).toEqual(['final loss']);
    // The session is lent, not taken: it still works afterwards.
    expect(await session.page.evaluate(() => 1 + 1)).toBe(2);
    expect(files.map((f) => basename(f))).toEqual(['loss.png', 'etatl.png', 'sharpness.png', 'dist.png', 'accuracy.png', 'finalLoss.png']);
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(f));
      const { width, height } = pngSize(bytes);
      expect(width).toBeGreaterThanOrEqual(690);
      expect(width).toBeLessThanOrEqual(720);
      expect(height).toBeGreaterThan(300); // the plot plus title and legend
      expect(height).toBeLessThan(600);
      // A blank canvas compresses to almost nothing; curves, axes and text do not.
      expect(statSync(f).size).toBeGreaterThan(8_000);
      expect(statSync(f).size).toBeLessThan(300_000);
    }
  });

  it('draws the acceleration panel of an accel study with its guides (launching its own browser)', async () => {
    const raw = preset('accel', true);
    const fixedEtas = raw.etas;
    const study = raw.study!;
    if (study.kind !== 'accel') throw new Error('accel preset has no accel study');
    const horizons = [16, 64, 256];
    const results = await sweepResults({
      name: 'accel',
      data: { kind: 'toy' },
      etas: [...fixedEtas, ...horizons.map((T) => study.c * T)],
      steps: 256,
      metrics: ['loss'],
      record: { extraSteps: horizons },
    });
    const files = await renderPanelsToPng(results, join(out, 'accel'), undefined, {
      only: ['accel'],
      study: { study: { ...study, horizons }, fixedEtas },
    });
    expect(files.map((f) => basename(f))).toEqual(['accel.png']);
    expect(pngSize(new Uint8Array(readFileSync(files[0]))).width).toBeGreaterThan(800);
  });
});
