// The printed table: one row per figure with its median, spread, memory, ratio and target.
const pad = (s, n, right = false) => (right ? String(s).padStart(n) : String(s).padEnd(n));
export const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
export const fmtX = (x) => `${x.toFixed(2)}×`;

/** rows: { figure, m?: {median,min,max,rssMb}, ratio?, target?, ok? } or { section } */
export function renderTable(rows) {
  const head = ['figure', 'median', 'min–max', 'max RSS', 'ratio', 'target', ''];
  const cells = rows.map((r) =>
    r.section
      ? null
      : [r.figure, r.m ? fmtMs(r.m.median) : r.value ?? '', r.m ? `${fmtMs(r.m.min)}–${fmtMs(r.m.max)}` : '', r.m?.rssMb ? `${Math.round(r.m.rssMb)} MB` : '', r.ratio ?? '', r.target ?? '', r.ok === undefined ? '' : r.ok ? 'ok' : 'MISS'],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...cells.filter(Boolean).map((c) => String(c[i]).length)));
  const line = (c) => c.map((x, i) => pad(x, widths[i], i > 0 && i < 4)).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  ')];
  rows.forEach((r, i) => out.push(r.section ? `\n${r.section}` : line(cells[i])));
  return `${out.join('\n')}\n`;
}
