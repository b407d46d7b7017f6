import { defineRule } from '../../src/audit/load-rules.js';
import type { Artifact } from '../../src/repo/repository.js';
import { baseName, mentions, sections } from '../../src/rules-kit/markdown.js';

const FULL =
  '# Incident response\n\n## Severities\n\n| Level | Meaning |\n|---|---|\n| P1 | Service down |\n| P2 | Degraded |\n| P3 | Non-critical errors |\n| P4 | Warnings |\n\n## Escalation\n\nUnacknowledged P1 after 5 minutes pages the secondary on-call.\n\n## Communication\n\nPost updates in #shop-incidents every 30 minutes; update the status page for P1/P2.\n';

/** Where the incident process is written down: an incident runbook, or any doc titled so. */
function incidentDocs(all: Artifact[]): Artifact[] {
  return all.filter((a) => /incident|on-?call/i.test(baseName(a.path)) || /incident/i.test(a.markdown.headings[0]?.text ?? ''));
}

export default defineRule({
  meta: {
    id: 'docs/incident-response',
    title: 'Incident response defines severities, escalation and communication',
    description:
      'During an incident nobody should have to decide how bad it is, who to wake next or where to tell people. The process needs severity levels (P1–P4 or SEV1–4) with what each means, an escalation path with times, and how and where updates are communicated.',
    remediation: 'Write docs/runbooks/incident-response.md with a severity table (P1–P4: meaning, who is notified, response time), the escalation path, and the communication channels (incident channel, status page, stakeholders).',
    checklistItem: 'operations.incident-response',
    severity: 'medium',
    artifacts: ['markdown'],
    scope: 'repository',
    examples: {
      fail: [
        { path: 'docs/runbooks/incident-response.md', code: '# Incident response\n\n## Steps\n\n1. Look at the dashboards.\n2. Fix it.\n' },
        { path: 'README.md', code: '# app\n', note: 'no incident process at all' },
      ],
      pass: [{ path: 'docs/runbooks/incident-response.md', code: FULL }],
    },
  },
  check(ctx) {
    const docs = incidentDocs(ctx.repo.ofKind('markdown'));
    if (!docs.length) {
      ctx.report({ message: 'no incident response document (docs/runbooks/incident-response.md)', file: '.', at: { line: 1 } });
      return;
    }
    const need = {
      severities: (a: Artifact) => {
        const levels = new Set<string>();
        for (let l = 1; l <= a.lines.lineCount; l++) for (const m of a.lines.lineText(l).matchAll(/\b(P[1-5]|SEV-?[0-5])\b/gi)) levels.add(m[1].toUpperCase().replace('-', ''));
        if (levels.size >= 3) return mentions(a, /\b(P1|SEV-?1)\b/i);
        const s = sections(a).find((x) => /severit|priorit|classification|levels/i.test(x.heading));
        return s ? { line: s.line } : undefined;
      },
      'escalation path': (a: Artifact) => {
        const s = sections(a).find((x) => /escalat|on-?call/i.test(x.heading));
        return s ? { line: s.line } : mentions(a, /escalat/i);
      },
      communication: (a: Artifact) => mentions(a, /communicat|status ?page|stakeholder|incident channel|(^|\s)#[a-z][\w-]*-(incidents?|alerts|oncall|ops)\b|announce/i),
    };
    const missing: string[] = [];
    for (const [what, find] of Object.entries(need)) {
      let hit: { file: string; line: number } | undefined;
      for (const d of docs) {
        const m = find(d);
        if (m) {
          hit = { file: d.path, line: m.line };
          break;
        }
      }
      if (hit) ctx.evidence(`incident response defines ${what}`, { file: hit.file, at: { line: hit.line } });
      else missing.push(what);
    }
    if (missing.length) ctx.report({ message: `incident response does not define ${missing.join(', ')}`, file: docs[0].path, at: { line: 1 } });
  },
});
