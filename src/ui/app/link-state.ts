// The link: the page opens on the config, preset and view its address names, and the address bar
// follows the config and the view as they change, so a copied link opens both.

import { presetRaw } from '../../core/presets';
import { formFromRaw, type FormState, type Raw } from '../state/form-model';
import { configFromUrl, kioskFromUrl, linkProblem, urlWithConfig, viewFromUrl, type KioskParams, type ViewState } from '../state/url-state';

/** What the page opens on, read from its address. */
export interface LinkState {
  kiosk: KioskParams | null;
  preset: string;
  form: FormState;
  view: ViewState;
  /** What is wrong with the link, if anything ('' when nothing). */
  notice: string;
}

export function stateFromLink(search: string): LinkState {
  const raw = configFromUrl(search);
  const named = new URLSearchParams(search).get('preset');
  return {
    kiosk: kioskFromUrl(search),
    preset: raw ? (named !== null && !new URLSearchParams(search).has('config') ? named : '') : 'toy',
    form: formFromRaw(raw ?? presetRaw('toy', true)),
    view: viewFromUrl(search),
    notice: linkProblem(search) ?? '',
  };
}

/** The address bar follows the config and the view, so a copied link opens both. */
export function showInAddressBar(raw: Raw, view: ViewState): void {
  history.replaceState(null, '', urlWithConfig(location.href, raw, view));
}
