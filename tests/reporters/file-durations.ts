// Vitest reporter: at the end of a run, every test file's wall time (import + tests + hooks), the
// slowest first, so a slow file is seen before it makes the suite slow.

import type { Reporter, TestModule } from 'vitest/node';

export default class FileDurations implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rows = modules.map((m) => {
      const d = m.diagnostic();
      return { file: m.moduleId.replace(`${process.cwd()}/`, ''), s: (d.collectDuration + d.setupDuration + d.duration) / 1000, state: m.state() };
    });
    rows.sort((a, b) => b.s - a.s);
    const width = Math.max(...rows.map((r) => r.file.length), 4);
    const lines = rows.map((r) => `  ${r.file.padEnd(width)} ${r.s.toFixed(1).padStart(7)} s  ${r.state}`);
    console.log(`\nPer-file durations (${rows.length} files, sum ${rows.reduce((a, r) => a + r.s, 0).toFixed(0)} s):\n${lines.join('\n')}`);
  }
}
