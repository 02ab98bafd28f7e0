// Past runs from IndexedDB: open one to view it again, or delete it.

import { html, LitElement } from 'lit';
import type { RunListItem } from '../store/run-store';

export class BsRuns extends LitElement {
  static override properties = { items: { attribute: false }, current: {} };
  declare items: RunListItem[];
  declare current: string;

  constructor() {
    super();
    this.items = [];
    this.current = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private fire(name: string, id: string): void {
    this.dispatchEvent(new CustomEvent(name, { detail: id, bubbles: true }));
  }

  protected override render() {
    if (this.items.length === 0) return html`<p class="bs-muted">No saved runs yet.</p>`;
    return html`<ul class="bs-runs">
      ${this.items.map(
        (r) => html`<li data-run-id=${r.id} class=${r.id === this.current ? 'bs-current' : ''}>
          <button class="bs-link" data-action="open-run" @click=${() => this.fire('open-run', r.id)}>
            <b>${r.name}</b> <span class="bs-muted">${r.etas} η · ${r.steps} steps · ${r.engine} · ${new Date(r.createdAt).toLocaleString()}</span>
          </button>
          <span class="bs-badge" data-status=${r.status}>${r.status}</span>
          <button class="bs-small" data-action="delete-run" aria-label="delete ${r.name}" @click=${() => this.fire('delete-run', r.id)}>✕</button>
        </li>`,
      )}
    </ul>`;
  }
}

customElements.define('bs-runs', BsRuns);
