import { defineRule } from '../../src/audit/load-rules.js';
import { attribute, stringValue } from '../../src/repo/parsers/hcl.js';
import { allRules, signalsOfText, tfResources } from '../../src/rules-kit/prometheus.js';
import { signalsOf } from '../../src/rules-kit/promql.js';

const rules = (...alerts: Array<[string, string]>) =>
  `groups:\n  - name: app\n    rules:\n${alerts.map(([n, e]) => `      - alert: ${n}\n        expr: ${e}\n        for: 5m\n`).join('')}`;
const ERR: [string, string] = ['HighErrorRate', 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05'];
const LAT: [string, string] = ['HighLatency', 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5'];
const SAT: [string, string] = ['HighMemory', 'container_memory_working_set_bytes / container_spec_memory_limit_bytes > 0.9'];

const NEEDED = ['errors', 'latency', 'saturation'] as const;

export default defineRule({
  meta: {
    id: 'monitoring/alert-coverage',
    title: 'Alerts cover error rate, latency and saturation',
    description:
      'The checklist item "alert rules defined" is met by alerts on what users feel, not by any alert at all: error rate, latency and saturation of the service (the golden signals). Alerts are read from Prometheus rule files, PrometheusRule objects, Datadog monitors and CloudWatch / Cloud Monitoring alarms in Terraform.',
    remediation: 'Add an alert on the 5xx ratio, one on p95/p99 latency from the request-duration histogram, and one on CPU/memory/disk saturation.',
    checklistItem: 'monitoring.alert-rules',
    severity: 'high',
    artifacts: ['prometheus-rules', 'terraform'],
    scope: 'repository',
    examples: {
      fail: [
        { path: 'monitoring/alerts/rules.yml', code: rules(ERR, SAT), note: 'no latency alert' },
        { path: 'README.md', code: '# app\n', note: 'no alerts at all' },
      ],
      pass: [
        { path: 'monitoring/alerts/rules.yml', code: rules(ERR, LAT, SAT) },
        {
          path: 'monitoring/datadog/monitors.tf',
          code: ['errors', 'latency', 'cpu'].map((s) => `resource "datadog_monitor" "${s}" {\n  query = "avg(last_5m):avg:app.${s === 'latency' ? 'request.duration.p95' : s === 'cpu' ? 'system.cpu.user' : 'request.errors'}{*} > 1"\n}\n`).join(''),
        },
      ],
    },
  },
  check(ctx) {
    const covered = new Map<string, { name: string; file: string; at: unknown }>();
    let count = 0;
    for (const { artifact, rule } of allRules(ctx.repo)) {
      if (rule.kind !== 'alert' || !rule.expr) continue;
      count++;
      for (const s of signalsOf(rule.expr, rule.name)) if (!covered.has(s)) covered.set(s, { name: rule.name, file: artifact.path, at: rule.nameNode });
    }
    for (const r of tfResources(ctx.repo)) {
      let text = '';
      if (r.type === 'datadog_monitor') text = [attribute(r.node, 'query'), attribute(r.node, 'name')].map((a) => (a ? stringValue(a.value) ?? a.value.text : '')).join(' ');
      else if (/^(aws_cloudwatch_metric_alarm|google_monitoring_alert_policy|azurerm_monitor_metric_alert)$/.test(r.type)) text = r.node.text;
      else continue;
      count++;
      for (const s of signalsOfText(text)) if (!covered.has(s)) covered.set(s, { name: `${r.type}.${r.name}`, file: r.artifact.path, at: r.node });
    }
    const first = ctx.repo.ofKind('prometheus-rules')[0]?.path ?? '.';
    if (!count) {
      ctx.report({ message: 'no alert rules: no Prometheus alerts, Datadog monitors or cloud alarms', file: first, at: { line: 1 } });
      return;
    }
    const missing = NEEDED.filter((s) => !covered.has(s));
    for (const s of NEEDED) {
      const c = covered.get(s);
      if (c) ctx.evidence(`alert on ${s === 'errors' ? 'error rate' : s}: ${c.name}`, { file: c.file, at: c.at as never });
    }
    if (missing.length) ctx.report({ message: `no alert on ${missing.map((m) => (m === 'errors' ? 'error rate' : m)).join(', ')} (the golden signals the checklist asks for)`, file: first, at: { line: 1 } });
  },
});
