// Past runs from IndexedDB: open one to view it again, lay it over the run on view to compare them,
// rename it and note what it showed, or delete it. A filter narrows the list by name, note, engine
// or status.

import { html, LitElement } from 'lit';
import type { RunListItem } from '../store/run-store';

export interface RunEdit {
  id: string;
  name: string;
  note: string;
}

export class BsRuns extends LitElement {
  static override properties = { items: { attribute: false }, current: {}, overlaid: { attribute: false }, editing: { state: true }, filter: { state: true } };
  declare items: RunListItem[];
  declare current: string;
  /** The runs laid over the one on view. */
  declare overlaid: ReadonlySet<string>;
  /** The run whose name and note are being edited ('' for none). */
  declare editing: string;
  /** What the list is narrowed to (words that must all appear in a run's name, note, engine or status). */
  declare filter: string;

  constructor() {
    super();
    this.items = [];
    this.current = '';
    this.overlaid = new Set();
    this.editing = '';
    this.filter = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private fire(name: string, id: string): void {
    this.dispatchEvent(new CustomEvent(name, { detail: id, bubbles: true }));
  }

  private save(e: Event, id: string): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = (form.elements.namedItem('run-name') as HTMLInputElement).value.trim();
    const note = (form.elements.namedItem('run-note') as HTMLTextAreaElement).value.trim();
    this.editing = '';
    if (name) this.dispatchEvent(new CustomEvent<RunEdit>('edit-run', { detail: { id, name, note }, bubbles: true }));
  }

  private shown(): RunListItem[] {
    const words = this.filter.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return this.items;
    return this.items.filter((r) => {
      const text = `${r.name} ${r.note ?? ''} ${r.engine} ${r.status}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }

  protected override render() {
    if (this.items.length === 0) return html`<p class="bs-muted">No saved runs yet.</p>`;
    const shown = this.shown();
    return html`<input type="search" name="run-filter" class="bs-run-filter" placeholder="filter runs: name, note, engine, status" aria-label="filter the saved runs"
        .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} />
      ${shown.length < this.items.length ? html`<p class="bs-muted" data-role="run-count">${shown.length} of ${this.items.length} runs</p>` : ''}
      <ul class="bs-runs">
      ${shown.map((r) =>
        this.editing === r.id
          ? html`<li data-run-id=${r.id}>
              <form class="bs-run-edit" @submit=${(e: Event) => this.save(e, r.id)}>
                <input name="run-name" aria-label="name of the run" .value=${r.name} required />
                <textarea name="run-note" aria-label="note on the run" rows="2" placeholder="note: what was tried, what it showed">${r.note ?? ''}</textarea>
                <span><button type="submit" data-action="save-run">Save</button> <button type="button" @click=${() => (this.editing = '')}>Cancel</button></span>
              </form>
            </li>`
          : html`<li data-run-id=${r.id} class=${r.id === this.current ? 'bs-current' : ''}>
              <button class="bs-link" data-action="open-run" @click=${() => this.fire('open-run', r.id)}>
                <b data-role="run-name">${r.name}</b> <span class="bs-muted">${r.etas} η · ${r.steps} steps · ${r.engine} · ${new Date(r.createdAt).toLocaleString()}</span>
                ${r.note ? html`<span class="bs-run-note" data-role="run-note">${r.note}</span>` : ''}
              </button>
              <span class="bs-badge" data-status=${r.status}>${r.status}</span>
              <button class="bs-small" data-action="overlay-run" aria-pressed=${this.overlaid.has(r.id) ? 'true' : 'false'} ?disabled=${r.id === this.current}
                aria-label="${this.overlaid.has(r.id) ? 'remove' : 'lay'} ${r.name} ${this.overlaid.has(r.id) ? 'from' : 'over'} the charts" title="Compare: draw this run's curves (dashed) over the run on view"
                @click=${() => this.fire('overlay-run', r.id)}>${this.overlaid.has(r.id) ? '− compare' : '+ compare'}</button>
              <button class="bs-small" data-action="edit-run" aria-label="rename or note ${r.name}" title="Rename, add a note" @click=${() => (this.editing = r.id)}>✎</button>
              <button class="bs-small" data-action="delete-run" aria-label="delete ${r.name}" @click=${() => this.fire('delete-run', r.id)}>✕</button>
            </li>`,
      )}
    </ul>`;
  }
}

customElements.define('bs-runs', BsRuns);
