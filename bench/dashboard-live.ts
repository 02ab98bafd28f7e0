// How long the dashboard's main thread is blocked when a big sweep's charts are rebuilt: the issue's
// "64 η with 10^5 recorded steps stay responsive". Opens the dashboard in headless Chrome, builds a
// sweep of that size inside the page (sending 45 million numbers over the DevTools protocol would
// cost more than what is measured), hands it to <bs-app> the way a live update does, and times each
// rebuild until the next frame is painted, plus the longest task the page's PerformanceObserver saw.
//   npm run bench:dashboard [-- --etas 64 --steps 100000 --runs 7]

import { parseConfig } from '../src/core/config';
import { launchBrowser } from '../src/node/browser';
import { summarize } from './stats';

interface Options {
  etas: number;
  steps: number;
  runs: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { etas: 64, steps: 100_000, runs: 7 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '') as keyof Options;
    const v = Number(argv[++i]);
    if (!(key in o) || !Number.isInteger(v) || v < 1) throw new Error(`usage: --etas N --steps N --runs N (positive integers); got ${argv[i - 1]} ${argv[i]}`);
    o[key] = v;
  }
  return o;
}

interface PageTiming {
  firstMs: number;
  rebuildMs: number[];
  longestTaskMs: number;
  charts: number;
  points: number;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const metrics = ['loss', 'expLoss', 'gradNorm', 'distFromInit', 'accuracy', 'margin'] as const;
  const config = parseConfig({ name: 'dashboard-bench', data: { kind: 'toy' }, etas: { start: 0.1, stop: 100, count: opts.etas }, steps: opts.steps, metrics });
  const session = await launchBrowser({ log: () => undefined });
  try {
    const page = session.page;
    await page.setViewport({ width: 1400, height: 1000 });
    await page.goto(`${new URL(session.url).origin}/`, { waitUntil: 'load' });
    await page.waitForSelector('bs-app bs-run-bar');
    // tsx (esbuild keepNames) wraps the named helpers inside the function below in __name(); the page has none.
    await page.evaluate('globalThis.__name = (f) => f');
    const t: PageTiming = await page.evaluate(
      async (cfg, metricNames, runs) => {
        type Series = Record<string, number[]>;
        const steps = cfg.steps as number;
        const etas = cfg.etas as number[];
        const step = Array.from({ length: steps + 1 }, (_, i) => i);
        // Loss ~ 1/(ηt) with the edge-of-stability oscillation early on: spikes for thinning to keep.
        const results = (n: number) => ({
          format: 'bigstep.results/1',
          config: cfg,
          engine: { kind: 'gpu' },
          environment: { runtime: 'bench', platform: 'bench' },
          data: { name: 'toy', n: 4, d: 2 },
          timings: { startedAt: '', finishedAt: '', wallSeconds: 1, stepsPerSecond: 1 },
          status: 'done',
          stepsDone: steps,
          runs: etas.map((eta) => {
            const loss = step.map((s) => (1 + (s < 50 * eta ? Math.abs(Math.sin(s + n)) : 0)) / (1 + eta * s));
            const series: Series = { step };
            for (const m of metricNames) series[m] = m === 'accuracy' ? loss.map((v) => (v < 0.5 ? 1 : 0.5)) : loss;
            return {
              eta, status: 'done', divergedAt: null, series,
              summary: { phaseTransitionStep: Math.ceil(50 * eta), monotoneAfterTransition: true, lossIncreases: 3, lastIncreaseStep: 5, maxLoss: 2, maxLossStep: 0, lateSlope: -1, etaTLoss: 1, finalStep: steps, finalLoss: loss[steps] },
            };
          }),
        });
        const base = results(0);
        let longest = 0;
        let observing = false;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (observing) longest = Math.max(longest, e.duration);
        }).observe({ type: 'longtask', buffered: false });
        const app = document.querySelector('bs-app') as unknown as HTMLElement & { parts: unknown[]; updateComplete: Promise<boolean> };
        const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const rebuildMs: number[] = [];
        let firstMs = 0;
        for (let r = 0; r < runs + 1; r++) {
          // A new results object each time, as a live update brings: nothing can come from a cache.
          const res = { ...base, runs: base.runs.map((run) => ({ ...run })) };
          const s = performance.now();
          app.parts = [{ label: 'bench', results: res }];
          await app.updateComplete;
          await frame();
          const ms = performance.now() - s;
          // The first also mounts the charts and warms up the JIT: reported apart from live updates.
          if (r === 0) firstMs = ms;
          else rebuildMs.push(ms);
          await new Promise((done) => setTimeout(done, 200));
          observing = true;
        }
        const charts = document.querySelectorAll('bs-chart').length;
        return { firstMs, rebuildMs, longestTaskMs: longest, charts, points: etas.length * (steps + 1) };
      },
      config as unknown as Record<string, unknown>,
      [...metrics],
      opts.runs,
    );
    const ua = await page.browser().version();
    const r = summarize(t.rebuildMs);
    console.log(`dashboard rebuild, ${opts.etas} η × ${opts.steps} recorded steps (${t.points.toLocaleString('en')} points per metric), ${t.charts} charts, ${ua}`);
    console.log(`  rebuild + paint: median ${r.median.toFixed(0)} ms (min ${r.min.toFixed(0)}, max ${r.max.toFixed(0)}, ${r.runs} runs)`);
    console.log(`  first view (mounts ${t.charts} charts): ${t.firstMs.toFixed(0)} ms`);
    console.log(`  longest main-thread task during the live updates: ${t.longestTaskMs.toFixed(0)} ms`);
  } finally {
    await session.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
