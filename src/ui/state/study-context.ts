// The study a stored run came from, read back from its raw config: the accel panel needs the
// horizons and the fixed η list, which the expanded sweeps no longer carry.

import { parseConfig } from '../../core/config';
import type { StudyContext } from '../charts/panels';
import type { Raw } from './form-model';

export function studyContext(raw: Raw | null): StudyContext | undefined {
  if (!raw || !raw.study) return undefined;
  try {
    const c = parseConfig(raw);
    return c.study ? { study: c.study, fixedEtas: c.etas } : undefined;
  } catch {
    return undefined;
  }
}
