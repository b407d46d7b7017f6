import { defineRule } from '../../src/audit/load-rules.js';
import { ruleGroups } from '../../src/rules-kit/prometheus.js';

const alert = (ann: string) =>
  `groups:\n  - name: app\n    rules:\n      - alert: HighLatency\n        expr: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5\n        for: 10m\n        labels:\n          severity: warning\n${ann}`;

export default defineRule({
  meta: {
    id: 'monitoring/alert-annotations',
    title: 'Alerts explain themselves: summary and description',
    description:
      'The person paged at 3 a.m. reads the notification, not the rule file. Without a `summary` and a `description` (ideally with `{{ $labels }}`/`{{ $value }}`), they start the incident by reverse-engineering PromQL.',
    remediation: 'Add `annotations.summary` (one line, what is wrong) and `annotations.description` (impact, current value, where to look).',
    checklistItem: 'monitoring.alert-rules',
    severity: 'medium',
    artifacts: ['prometheus-rules'],
    examples: {
      fail: [
        { path: 'monitoring/alerts/rules.yml', code: alert('') },
        { path: 'monitoring/alerts/rules.yml', code: alert('        annotations:\n          summary: High latency\n'), note: 'no description' },
        { path: 'monitoring/alerts/rules.yml', code: alert('        annotations:\n          summary: ""\n          description: p95 above 500ms\n') },
      ],
      pass: [
        {
          path: 'monitoring/alerts/rules.yml',
          code: alert('        annotations:\n          summary: High p95 latency on {{ $labels.job }}\n          description: p95 latency is {{ $value }}s (threshold 0.5s).\n'),
        },
      ],
    },
  },
  check(ctx) {
    let ok = 0;
    for (const g of ruleGroups(ctx.artifact)) {
      for (const r of g.rules) {
        if (r.kind !== 'alert') continue;
        const missing = ['summary', 'description'].filter((k) => !(r.annotations[k] ?? '').trim());
        if (missing.length) {
          const at = missing.length === 1 && r.annotationNodes[missing[0]] ? r.annotationNodes[missing[0]] : r.nameNode;
          ctx.report({ message: `alert ${r.name} has no ${missing.join(' or ')} annotation`, at });
        } else ok++;
      }
    }
    if (ok) ctx.evidence(`${ok} alert(s) annotated with summary and description`, { at: { line: 1 } });
  },
});
