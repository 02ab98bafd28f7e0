// The charts on view: the panels of the part on view, the compared runs laid over them, the ℓ2 phase
// map once a study is done, smoothing. Rebuilt only when what they show changed (live updates come often).

import { buildPanels, MAIN_PANELS, type PanelId, type PanelSpec } from '../charts/panels';
import { phasePanel } from '../charts/phase-panels';
import { overlayPanels } from '../charts/overlay';
import { floorLogAxis } from '../charts/log-floor';
import { smoothPanel } from '../charts/smooth';
import type { Theme } from '../charts/uplot-options';
import type { KioskParams } from '../state/url-state';
import type { Raw } from '../state/form-model';
import { studyContext } from '../state/study-context';
import type { Part } from '../run/sweep-job';
import type { Overlay } from './overlays';

/** What the panels depend on: the app's state, read at each render. */
export interface PanelInputs {
  part: Part | undefined;
  parts: Part[];
  yLog: Partial<Record<PanelId, boolean>>;
  xLog: Partial<Record<PanelId, boolean>>;
  viewRaw: Raw | null;
  theme: Theme;
  kiosk: KioskParams | null;
  smoothing: number;
  overlays: Overlay[];
  currentId: string;
}

export class PanelBuilder {
  private panelCache: { key: unknown; panels: PanelSpec[] } | null = null;
  private readonly overlayCache = new WeakMap<Overlay, { key: unknown[]; panels: PanelSpec[] }>();

  panels(v: PanelInputs): PanelSpec[] {
    const part = v.part;
    if (!part) return [];
    const key = [part, v.yLog, v.xLog, v.viewRaw, v.theme, v.kiosk, v.smoothing, v.overlays, v.currentId, v.parts];
    const c = this.panelCache;
    if (c && c.key instanceof Array && c.key.every((x, i) => x === key[i])) return c.panels;
    // Kiosk mode shows the main panels only, all of them on one screen.
    const build = (results: Part['results'], raw: Raw | null) =>
      buildPanels(results, { yLog: v.yLog, xLog: v.xLog, study: studyContext(raw), theme: v.theme, only: v.kiosk ? MAIN_PANELS : undefined });
    // A compared run does not change: its panels are built once per axis choice, not on every live update.
    const axes = [v.yLog, v.xLog, v.theme, v.kiosk];
    const overlays = v.overlays
      .filter((o) => o.id !== v.currentId)
      .map((o) => {
        let c = this.overlayCache.get(o);
        if (!c || !c.key.every((x, i) => x === axes[i])) this.overlayCache.set(o, (c = { key: axes, panels: build(o.part.results, o.raw) }));
        return { name: o.name, dash: o.dash, panels: c.panels };
      });
    // Overlaid runs may reach lower than the run on view: the log floor is taken again over all curves.
    const panels = overlays.length > 0 ? overlayPanels(build(part.results, v.viewRaw), overlays).map(floorLogAxis) : build(part.results, v.viewRaw);
    // An ℓ2 study's η × λ phase map needs every λ's sweep: shown once they are all done.
    const done = v.parts.length > 1 && v.parts.every((p) => p.results.status === 'done');
    if (studyContext(v.viewRaw)?.study.kind === 'l2' && done && !v.kiosk) panels.push(phasePanel(v.parts));
    const shown = v.smoothing > 0 && !v.kiosk ? panels.map((p) => smoothPanel(p, v.smoothing)) : panels;
    this.panelCache = { key, panels: shown };
    return shown;
  }
}
