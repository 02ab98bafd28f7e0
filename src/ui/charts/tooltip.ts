// A floating tooltip beside the cursor: the step (or η, T) and every shown η curve's value there,
// sorted by value, the curve nearest the cursor in bold (uPlot's focus dims the others). Only the
// dashboard's live charts get it; static renders have no cursor.

import type uPlot from 'uplot';
import { fmtNum } from './format';
import type { PanelSpec } from './panel-types';

export function tooltipPlugin(spec: PanelSpec): uPlot.Plugin {
  let tip: HTMLDivElement | null = null;
  return {
    hooks: {
      init: [
        (u) => {
          tip = document.createElement('div');
          tip.className = 'bs-tooltip';
          tip.setAttribute('role', 'tooltip');
          tip.style.display = 'none';
          u.over.append(tip);
          u.over.addEventListener('mouseleave', () => tip && (tip.style.display = 'none'));
        },
      ],
      setCursor: [
        (u) => {
          const i = u.cursor.idx;
          const { left, top } = u.cursor;
          if (!tip || i === null || i === undefined || left === undefined || top === undefined || left < 0) {
            if (tip) tip.style.display = 'none';
            return;
          }
          const rows = spec.series
            .map((s, k) => ({ s, k, v: u.data[k + 1]?.[i] }))
            .filter(({ s, k, v }) => (s.role === 'eta' || s.role === 'point') && u.series[k + 1]?.show && typeof v === 'number');
          if (rows.length === 0) {
            tip.style.display = 'none';
            return;
          }
          rows.sort((a, b) => (b.v as number) - (a.v as number));
          // The nearest curve: the one whose value sits closest to the cursor's height.
          const near = rows.reduce((a, b) => (Math.abs(u.valToPos(b.v as number, 'y') - top) < Math.abs(u.valToPos(a.v as number, 'y') - top) ? b : a));
          tip.replaceChildren();
          const head = document.createElement('div');
          head.textContent = `${spec.xLabel} = ${fmtNum(u.data[0][i], 6)}`;
          tip.append(head);
          for (const r of rows) {
            const line = document.createElement('div');
            if (r === near) line.className = 'bs-tooltip-near';
            const sw = document.createElement('span');
            sw.className = 'bs-swatch';
            sw.style.setProperty('--c', r.s.color);
            line.append(sw, ` ${r.s.label}: ${fmtNum(r.v as number, 4)}`);
            tip.append(line);
          }
          tip.style.display = 'block';
          // Beside the cursor, flipped to its left in the right half so it stays on the plot.
          const w = u.over.clientWidth;
          tip.style.left = left > w / 2 ? '' : `${left + 12}px`;
          tip.style.right = left > w / 2 ? `${w - left + 12}px` : '';
          tip.style.top = `${Math.max(0, top - 10)}px`;
        },
      ],
    },
  };
}
