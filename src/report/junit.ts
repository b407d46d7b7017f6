// JUnit XML: one testsuite per checklist, one testcase per item (failures carry the item's
// findings), plus a `core` suite for findings outside the checklists (parse errors…).
import type { Reporter } from './index.js';
import type { Finding } from '../audit/types.js';

export function xmlEscape(s: string): string {
  // Characters XML 1.0 forbids are dropped; the five specials are escaped.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

const line = (f: Finding) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId}: ${f.message}`;

export const render: Reporter = (report) => {
  const active = report.findings.filter((f) => !f.suppressed);
  const byItem = new Map<string, Finding[]>();
  for (const f of active) {
    const list = byItem.get(f.checklistItem) ?? [];
    list.push(f);
    byItem.set(f.checklistItem, list);
  }
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const c of report.checklists) {
    const cases: string[] = [];
    let sf = 0;
    let ss = 0;
    for (const i of c.items) {
      const fs = byItem.get(i.id) ?? [];
      byItem.delete(i.id);
      const name = `${i.id} ${i.title}`;
      let body = '';
      if (i.status === 'fail') {
        sf++;
        const detail = fs.length ? fs.map(line).join('\n') : 'no evidence found';
        body = `<failure message="${xmlEscape(fs.length ? `${fs.length} finding(s)` : 'no evidence found')}" type="${i.status}">${xmlEscape(detail)}</failure>`;
      } else if (i.status === 'n/a') {
        ss++;
        body = `<skipped message="${xmlEscape(i.waived ? `waived: ${i.waived}` : 'not applicable')}"/>`;
      } else {
        const out = [...i.evidence.map((e) => `evidence: ${e}`), ...fs.map(line)].join('\n');
        if (out) body = `<system-out>${xmlEscape(out)}</system-out>`;
      }
      cases.push(`    <testcase classname="${xmlEscape(c.id)}" name="${xmlEscape(name)}">${body}</testcase>`);
    }
    tests += c.items.length;
    failures += sf;
    skipped += ss;
    suites.push(`  <testsuite name="${xmlEscape(`${c.id} — ${c.title}`)}" tests="${c.items.length}" failures="${sf}" skipped="${ss}" errors="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const rest = [...byItem.values()].flat();
  if (rest.length) {
    const cases = rest.map((f) => `    <testcase classname="core" name="${xmlEscape(`${f.ruleId} ${f.file}:${f.line}`)}"><failure message="${xmlEscape(f.message)}" type="${f.severity}">${xmlEscape(line(f))}</failure></testcase>`);
    tests += rest.length;
    failures += rest.length;
    suites.push(`  <testsuite name="core" tests="${rest.length}" failures="${rest.length}" skipped="0" errors="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="devops-audit" tests="${tests}" failures="${failures}" skipped="${skipped}" errors="0" time="${(report.summary.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
};
