// Past runs from IndexedDB: open one to view it again, rename it and note what it showed, or delete it.

import { html, LitElement } from 'lit';
import type { RunListItem } from '../store/run-store';

export interface RunEdit {
  id: string;
  name: string;
  note: string;
}

export class BsRuns extends LitElement {
  static override properties = { items: { attribute: false }, current: {}, editing: { state: true } };
  declare items: RunListItem[];
  declare current: string;
  /** The run whose name and note are being edited ('' for none). */
  declare editing: string;

  constructor() {
    super();
    this.items = [];
    this.current = '';
    this.editing = '';
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

  protected override render() {
    if (this.items.length === 0) return html`<p class="bs-muted">No saved runs yet.</p>`;
    return html`<ul class="bs-runs">
      ${this.items.map((r) =>
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
              <button class="bs-small" data-action="edit-run" aria-label="rename or note ${r.name}" title="Rename, add a note" @click=${() => (this.editing = r.id)}>✎</button>
              <button class="bs-small" data-action="delete-run" aria-label="delete ${r.name}" @click=${() => this.fire('delete-run', r.id)}>✕</button>
            </li>`,
      )}
    </ul>`;
  }
}

customElements.define('bs-runs', BsRuns);
