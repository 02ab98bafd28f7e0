// Vitest setup file: every test file removes the temporary folders it made (tests/cli-runner.ts's
// tmpDir), also when a test fails, so a run leaves nothing behind in the temp dir.

import { afterAll } from 'vitest';
import { removeTmpDirs } from './cli-runner';

afterAll(() => removeTmpDirs());
