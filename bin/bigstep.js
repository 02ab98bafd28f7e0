#!/usr/bin/env node
// Entry point for `npx bigstep`: registers tsx's loader in this very process and runs the TypeScript
// CLI (no build step needed). One process, so SIGINT and SIGTERM (a scheduler's preemption, sent to
// this pid) reach the CLI's own handlers, which write a checkpoint and the results before exiting.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const here = path.dirname(fileURLToPath(import.meta.url));
await import(pathToFileURL(path.join(here, '..', 'src', 'cli', 'main.ts')).href);
