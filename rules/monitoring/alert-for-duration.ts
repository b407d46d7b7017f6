import { defineRule } from '../../src/audit/load-rules.js';
import { ruleGroups, scalarString } from '../../src/rules-kit/prometheus.js';

const alert = (forLine: string) =>
  `groups:\n  - name: app\n    rules:\n      - alert: InstanceDown\n        expr: up{job="app"} == 0\n${forLine}        labels:\n          severity: critical\n        annotations:\n          summary: s\n          description: d\n`;

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

export default defineRule({
  meta: {
    id: 'monitoring/alert-for-duration',
    title: 'Alerts wait a `for:` duration before firing',
    description:
      'An alert without `for:` fires on the first evaluation that crosses the threshold: one slow scrape or a deploy blip pages someone. A `for:` of a few minutes turns spikes into nothing and sustained problems into pages.',
    remediation: 'Add `for: 5m` (or a duration that fits the signal: 1–2m for service down, 10–15m for slow burns).',
    checklistItem: 'monitoring.alert-rules',
    severity: 'low',
    artifacts: ['prometheus-rules'],
    examples: {
      fail: [
        { path: 'monitoring/alerts/rules.yml', code: alert('') },
        { path: 'monitoring/alerts/rules.yml', code: alert('        for: 0s\n') },
        { path: 'monitoring/alerts/rules.yml', code: alert('        for: five minutes\n') },
      ],
      pass: [{ path: 'monitoring/alerts/rules.yml', code: alert('        for: 2m\n') }],
    },
  },
  check(ctx) {
    let ok = 0;
    for (const g of ruleGroups(ctx.artifact)) {
      for (const r of g.rules) {
        if (r.kind !== 'alert') continue;
        const f = scalarString(r.forNode);
        if (f === undefined) ctx.report({ message: `alert ${r.name} has no "for:" duration: it fires on the first bad sample`, at: r.nameNode });
        else if (!DURATION.test(f)) ctx.report({ message: `alert ${r.name}: "for: ${f}" is not a Prometheus duration (e.g. 5m)`, at: r.forNode });
        else if (/^0+[a-z]+$/.test(f)) ctx.report({ message: `alert ${r.name}: "for: ${f}" fires on the first bad sample`, at: r.forNode });
        else ok++;
      }
    }
    if (ok) ctx.evidence(`${ok} alert(s) with a for: duration`, { at: { line: 1 } });
  },
});
