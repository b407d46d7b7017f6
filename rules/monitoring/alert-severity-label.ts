import { defineRule } from '../../src/audit/load-rules.js';
import { memo } from '../../src/rules-kit/memo.js';
import { allRules, PRIORITY, ruleGroups, SEVERITY_WORDS } from '../../src/rules-kit/prometheus.js';

const alert = (labels: string) =>
  `groups:\n  - name: app\n    rules:\n      - alert: HighErrorRate\n        expr: sum(rate(http_requests_total{code=~"5.."}[5m])) > 1\n        for: 5m\n${labels}        annotations:\n          summary: s\n          description: d\n`;

export default defineRule({
  meta: {
    id: 'monitoring/alert-severity-label',
    title: 'Every alert carries a severity label',
    description:
      'Alertmanager routes on labels: an alert without `severity` falls through to the default receiver, so a service-down page and a warning land in the same place. When the repository uses the P1–P4 levels, every alert must use them, or the routes written for P1 never match.',
    remediation: 'Add `labels: {severity: critical|warning|info}` (or `severity: P1`…`P4` when the repository uses priority levels) to every alert.',
    checklistItem: 'monitoring.alert-rules',
    severity: 'medium',
    artifacts: ['prometheus-rules'],
    examples: {
      fail: [
        { path: 'monitoring/alerts/rules.yml', code: alert('') },
        { path: 'monitoring/alerts/rules.yml', code: alert('        labels:\n          severity: urgent-ish\n') },
        {
          path: 'monitoring/alerts/rules.yml',
          code: alert('        labels:\n          severity: critical\n'),
          files: { 'monitoring/alerts/other.yml': alert('        labels:\n          severity: P1\n') },
          note: 'P1–P4 used elsewhere in the repository, plain words here',
        },
      ],
      pass: [
        { path: 'monitoring/alerts/rules.yml', code: alert('        labels:\n          severity: critical\n') },
        { path: 'monitoring/alerts/rules.yml', code: alert('        labels:\n          severity: P2\n') },
        { path: 'monitoring/alerts/rules.yml', code: alert('        labels:\n          severity: critical\n          priority: P1\n') },
      ],
    },
  },
  check(ctx) {
    // The P1–P4 convention is a repository-wide choice: any alert using it commits every alert to it.
    const usesPriority = memo(ctx.repo, 'monitoring/alert-severity-label', () => allRules(ctx.repo).some(({ rule }) => PRIORITY.test(rule.labels.severity ?? '') || PRIORITY.test(rule.labels.priority ?? '')));
    let ok = 0;
    for (const g of ruleGroups(ctx.artifact)) {
      for (const r of g.rules) {
        if (r.kind !== 'alert') continue;
        const sev = r.labels.severity;
        if (sev === undefined) {
          ctx.report({ message: `alert ${r.name} has no severity label`, at: r.labelsNode ?? r.nameNode });
          continue;
        }
        const isP = PRIORITY.test(sev);
        if (!isP && !SEVERITY_WORDS.has(sev.toLowerCase())) {
          ctx.report({ message: `alert ${r.name}: severity "${sev}" is not a known level (critical, warning, info, or P1–P4)`, at: r.labelNodes.severity });
          continue;
        }
        if (usesPriority && !isP && !PRIORITY.test(r.labels.priority ?? '')) {
          ctx.report({ message: `alert ${r.name}: the repository uses P1–P4 alert levels, but this alert has severity "${sev}" and no P1–P4 priority`, at: r.labelNodes.severity });
          continue;
        }
        ok++;
      }
    }
    if (ok) ctx.evidence(`${ok} alert(s) with a severity level`, { at: { line: 1 } });
  },
});
