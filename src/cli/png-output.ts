// PNG images of the main panels for the CLI, drawn by the dashboard's chart code in headless
// Chrome. The GPU engine's browser is reused; the CPU engine gets one browser, launched on first
// use and shared by every sweep of the invocation. Images are a convenience beside the results:
// when no Chrome can be started, the CLI says so and goes on.

import type { Results } from '../core/results';
import type { StudyConfig } from '../core/config-types';
import type { BrowserSession } from '../node/browser';

export class PngOutput {
  private own: BrowserSession | null = null;
  private failed = false;

  constructor(
    private readonly enabled: boolean,
    private readonly shared?: BrowserSession,
  ) {}

  /** Writes the panels of `results` into `dir`; returns the files (none when disabled or Chrome is missing). */
  async write(results: Results, dir: string, study?: { study: StudyConfig; fixedEtas: number[] }): Promise<string[]> {
    return this.render(async (session) => (await import('../node/render-png')).renderPanelsToPng(results, dir, session, { study }));
  }

  /** The ℓ2 study's η × λ phase diagram, from all its sweeps, as DIR/phase.png. */
  async writePhase(name: string, parts: { results: Results }[], dir: string): Promise<string[]> {
    const { phasePanel } = await import('../ui/charts/phase-panels');
    return this.render(async (session) => (await import('../node/render-png')).renderSpecsToPng([phasePanel(parts)], name, dir, session));
  }

  private async render(draw: (session: BrowserSession) => Promise<string[]>): Promise<string[]> {
    if (!this.enabled || this.failed) return [];
    try {
      let session = this.shared ?? this.own;
      if (!session) {
        const { launchBrowser } = await import('../node/browser');
        session = this.own = await launchBrowser({ log: () => undefined });
      }
      return await draw(session);
    } catch (err) {
      this.failed = true;
      process.stderr.write(`no PNG images (${(err as Error).message.split('\n')[0]}); use --no-png to skip them\n`);
      return [];
    }
  }

  async close(): Promise<void> {
    await this.own?.close();
    this.own = null;
  }
}
