#!/usr/bin/env node
// Entry point for `npx bigstep`: runs the TypeScript CLI with tsx's loader (no build step needed).
// `node --import tsx` keeps it one process, so Ctrl-C reaches the CLI, which saves partial results.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
const main = path.join(here, '..', 'src', 'cli', 'main.ts');
// The child gets Ctrl-C too (same process group); the parent just waits for it to finish writing.
process.on('SIGINT', () => {});
const result = spawnSync(process.execPath, ['--import', tsxLoader, main, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
