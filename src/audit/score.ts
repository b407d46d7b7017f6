// Checklist scoring (DESIGN.md): pass = evidence and nothing at medium or above; warn = evidence
// and medium findings; fail = no evidence, or a high/critical finding; n/a = nothing it applies to.
import type { Repository } from '../repo/repository.js';
import { CHECKLISTS } from './checklists.js';
import { atLeast, type ChecklistResult, type Evidence, type Finding, type ItemStatus } from './types.js';

export function scoreChecklists(
  repo: Repository,
  evidence: Evidence[],
  findings: Finding[],
  opts: { partial: boolean; only?: string[] },
): ChecklistResult[] {
  const evidenceOf = new Map<string, string[]>();
  for (const e of evidence) {
    let list = evidenceOf.get(e.item);
    if (!list) evidenceOf.set(e.item, (list = []));
    const where = e.file ? ` (${e.file}${e.line ? `:${e.line}` : ''})` : '';
    const text = `${e.message}${where}`;
    if (!list.includes(text)) list.push(text);
  }
  const findingsOf = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = findingsOf.get(f.checklistItem);
    if (!list) findingsOf.set(f.checklistItem, (list = []));
    list.push(f);
  }
  return CHECKLISTS.filter((c) => !opts.only?.length || opts.only.includes(c.id)).map((c) => {
    const items = c.items.map((item) => {
      const ev = evidenceOf.get(item.id) ?? [];
      const fs = findingsOf.get(item.id) ?? [];
      const applicable = !item.appliesTo || item.appliesTo.some((k) => repo.has(k)) || fs.length > 0 || ev.length > 0;
      let status: ItemStatus;
      if (!applicable) status = 'n/a';
      else if (fs.some((f) => atLeast(f.severity, 'high'))) status = 'fail';
      else if (ev.length === 0) status = opts.partial ? 'n/a' : 'fail';
      else if (fs.some((f) => atLeast(f.severity, 'medium'))) status = 'warn';
      else status = 'pass';
      return { id: item.id, title: item.title, status, evidence: ev, findings: fs.length };
    });
    return { id: c.id, title: c.title, score: scoreOf(items), items };
  });
}

/** A checklist's score: passed ÷ applicable (1 when nothing applies), to two decimals. */
export function scoreOf(items: Array<{ status: ItemStatus }>): number {
  const applicable = items.filter((i) => i.status !== 'n/a');
  const passed = applicable.filter((i) => i.status === 'pass').length;
  return applicable.length ? Math.round((passed / applicable.length) * 100) / 100 : 1;
}
