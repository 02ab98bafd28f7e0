// The layer rules of eslint.config.js: src/core imports no other layer, src/ui never reaches
// src/node or src/cli. (The types side, src/core without DOM or Node types and src/ui without Node
// types, is `npm run typecheck`, which runs tsc on src/core/tsconfig.json and src/ui/tsconfig.json.)

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers', () => {
  it('src/ui may not import src/node, src/cli or Node modules; it may import src/gpu and src/core', async () => {
    expect(await restricted('src/ui/run/x.ts', "import { launchBrowser } from '../../node/browser';\nvoid launchBrowser;\n")).toEqual([expect.stringMatching(/src\/ui runs in the browser/)]);
    expect(await restricted('src/ui/x.ts', "import { main } from '../cli/main';\nvoid main;\n")).toHaveLength(1);
    expect(await restricted('src/ui/x.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n")).toHaveLength(1);
    expect(await restricted('src/ui/x.ts', "import { GpuEngine } from '../gpu/gpu-engine';\nimport { parseConfig } from '../core/config';\nvoid GpuEngine;\nvoid parseConfig;\n")).toEqual([]);
  });

  it('src/core may import only src/core', async () => {
    for (const layer of ['gpu/device', 'cpu/sharpness', 'ui/main', 'node/browser', 'sweep/run-sweep', 'cli/main']) {
      expect(await restricted('src/core/data/x.ts', `import * as m from '../../${layer}';\nvoid m;\n`), layer).toEqual([expect.stringMatching(/src\/core is pure/)]);
    }
    expect(await restricted('src/core/data/x.ts', "import { normal } from '../rng';\nvoid normal;\n")).toEqual([]);
  });
});
