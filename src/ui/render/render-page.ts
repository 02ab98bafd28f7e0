// The page that src/node/render-png.ts drives: it draws every main panel of a results file with the
// same chart code as the dashboard, one fixed-size block per panel, ready for element screenshots.

import 'uplot/dist/uPlot.min.css';
import '../styles/charts.css';
import type { Results } from '../../core/results';
import type { StudyConfig } from '../../core/config-types';
import { mountChart } from '../charts/mount';
import { buildPanels, MAIN_PANELS, type PanelId, type PanelSpec } from '../charts/panels';
import { legendHtml } from '../charts/legend';

export interface RenderRequest {
  /** The results whose main panels are drawn; or, with `specsJson`, absent. */
  resultsJson?: string;
  /** Panels built elsewhere (a study's phase diagram, from all its sweeps), drawn as they are. */
  specsJson?: string;
  /** The name in each panel's title (default: the results' config name). */
  name?: string;
  width: number;
  height: number;
  theme: 'light' | 'dark';
  only?: PanelId[];
  study?: { study: StudyConfig; fixedEtas: number[] };
}

export interface RenderedPanel {
  id: PanelId;
  /** x values and series lengths as drawn, so the caller can hold them against the results. */
  points: number;
  series: number;
  /** The colour key's labels as the page shows them under the plot (what the PNG carries). */
  legend: string[];
}

declare global {
  interface Window {
    bigstepRender?: (req: RenderRequest) => Promise<RenderedPanel[]>;
  }
}

window.bigstepRender = async (req) => {
  const results = req.resultsJson ? (JSON.parse(req.resultsJson) as Results) : null;
  const root = document.getElementById('panels')!;
  root.replaceChildren();
  document.body.dataset.theme = req.theme;
  const panels = req.specsJson
    ? (JSON.parse(req.specsJson) as PanelSpec[])
    : buildPanels(results!, { only: req.only ?? MAIN_PANELS, study: req.study, theme: req.theme });
  const name = req.name ?? results?.config.name ?? '';
  for (const spec of panels) {
    const block = document.createElement('section');
    block.className = 'bs-panel-block';
    block.id = `panel-${spec.id}`;
    block.style.width = `${req.width}px`;
    const title = document.createElement('h3');
    title.textContent = `${name}: ${spec.title}`;
    const plot = document.createElement('div');
    const legend = document.createElement('div');
    legend.className = 'bs-eta-legend';
    legend.innerHTML = legendHtml(spec);
    block.append(title, plot, legend);
    root.append(block);
    mountChart(plot, spec, { width: req.width - 16, height: req.height, theme: req.theme, legend: false });
  }
  // Two frames: uPlot draws on the next animation frame after creation.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const legendOf = (id: string) => [...document.querySelectorAll(`#panel-${id} .bs-legend-item`)].map((e) => e.textContent ?? '');
  return panels.map((p) => ({ id: p.id, points: p.data[0].length, series: p.series.length, legend: legendOf(p.id) }));
};
