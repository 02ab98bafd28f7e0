// Every error of the configure form at once. parseConfig stops at the first bad field, so the form
// parses a copy of the raw config, notes the error, puts a known-good stand-in where the bad value
// was, and parses again, until the copy parses or nothing more can be mended. Each error is mapped
// to the form field that shows it, once per field.

import { ConfigError } from '../../core/config-error';
import { parseConfig, type ExperimentConfig } from '../../core/config';
import { rawFromForm, type FormState, type Raw } from './form-model';

export interface FieldError {
  /** The form field the message sits next to (see fieldOf), or 'general' for the foot of the form. */
  field: string;
  message: string;
}

export type Validation = { ok: true; config: ExperimentConfig; raw: Raw } | { ok: false; errors: FieldError[]; raw: Raw };

/** Which form field an error belongs to: "etas[3]" and "etas.start" go to the η box, "data.digits[1]" to the digits. */
export function fieldOf(errorField: string): string {
  if (errorField.startsWith('etas')) return 'etas';
  if (errorField.startsWith('data.digits')) return 'data.digits';
  if (errorField.startsWith('model.widths')) return 'model.widths';
  if (errorField.startsWith('metrics')) return 'metrics';
  if (errorField === 'model.initSeed' || errorField === 'optimizer.orderSeed') return 'seed';
  if (errorField.startsWith('study') || errorField.startsWith('record') || errorField === 'divergeAbove' || errorField === 'config') return 'general';
  return errorField;
}

/**
 * More parses than the form has fields would mean a stand-in keeps failing; the bound also keeps a
 * hostile link (thousands of unknown keys) from costing more than a few dozen parses per keystroke.
 */
const MAX_PARSES = 48;

export function validateForm(f: FormState): Validation {
  const raw = rawFromForm(f);
  const { config, errors } = collectConfigErrors(raw);
  return config ? { ok: true, config, raw } : { ok: false, errors, raw };
}

/** The parsed config when `raw` is valid; otherwise every error found, one per form field, in parse order. */
export function collectConfigErrors(raw: Raw): { config: ExperimentConfig | null; errors: FieldError[] } {
  const work = structuredClone(raw);
  const errors: FieldError[] = [];
  const mended = new Set<string>();
  for (let i = 0; i < MAX_PARSES; i++) {
    try {
      const config = parseConfig(work);
      return { config: errors.length === 0 ? config : null, errors };
    } catch (err) {
      if (!(err instanceof ConfigError)) {
        errors.push({ field: 'general', message: (err as Error).message });
        break;
      }
      const field = fieldOf(err.field);
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: err.message });
      // The same path failing again means its stand-in did not cure it: stop rather than loop.
      if (mended.has(err.field) || !putStandIn(work, err.field)) break;
      mended.add(err.field);
    }
  }
  return { config: null, errors };
}

const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The config's parts that have fields of their own; a bad field inside one is mended there. */
const PARTS = ['data', 'model', 'loss', 'optimizer'];
/** Smallest valid values of the fields parseConfig requires (the others are deleted: their default applies). */
const REQUIRED_TOP: Raw = { data: { kind: 'toy' }, etas: [1], steps: 1 };
const REQUIRED_IN_PART: Raw = { width: 1, widths: [1], path: 'stand-in', images: 'stand-in', labels: 'stand-in' };

/**
 * Replaces the value at config path `path` ("data.n", "etas[2]", "study.horizons[0]") with one
 * parseConfig accepts, chosen to add no error of its own: the smallest valid value, and for
 * multi-class data a model and loss that go with it. False when there is nothing to mend.
 */
function putStandIn(work: Raw, path: string): boolean {
  const [top, key] = path.split('.').map((segment) => segment.replace(/\[\d+\]$/, ''));
  const part = work[top];
  if (key === undefined || !PARTS.includes(top) || !isObj(part)) {
    // A whole top-level value: η list, steps, metrics, record, study, an unknown key.
    if (top in REQUIRED_TOP) work[top] = structuredClone(REQUIRED_TOP[top]);
    else if (top in work) delete work[top];
    else return false;
    return true;
  }
  const multiClass = isObj(work.data) && work.data.kind === 'mnistClasses';
  if (key === 'kind') work[top] = kindStandIn(top, multiClass);
  // Two classes, not the default ten: a small n, valid for the user's own list, stays valid.
  else if (top === 'data' && key === 'digits' && multiClass) part.digits = [0, 1];
  else if (key in REQUIRED_IN_PART) part[key] = structuredClone(REQUIRED_IN_PART[key]);
  else if (key in part) delete part[key];
  else return false;
  return true;
}

function kindStandIn(part: string, multiClass: boolean): Raw {
  if (part === 'model') return multiClass ? { kind: 'mlp', widths: [1] } : { kind: 'linear' };
  if (part === 'loss') return { kind: multiClass ? 'softmaxCE' : 'logistic' };
  if (part === 'optimizer') return { kind: 'gd' };
  return { kind: 'toy' };
}
