import { defineRule } from '../../src/audit/load-rules.js';
import { attribute, blocks, literalValue, stringValue } from '../../src/repo/parsers/hcl.js';
import { tfResourcesIn } from '../../src/rules-kit/prometheus.js';

const MON = (body: string) => `resource "datadog_monitor" "error_rate" {\n  name    = "High error rate"\n  type    = "query alert"\n  query   = "sum(last_5m):sum:trace.http.request.errors{service:shop}.as_count() > 50"\n${body}}\n`;
const GOOD = '  message  = "Error rate above 50/5m. Runbook: https://github.com/acme/shop/blob/main/docs/runbooks/incident-response.md @pagerduty-shop"\n  priority = 1\n  tags     = ["service:shop", "severity:critical"]\n  monitor_thresholds {\n    critical = 50\n    warning  = 20\n  }\n';

export default defineRule({
  meta: {
    id: 'monitoring/datadog-monitor',
    title: 'Datadog monitors notify someone, with thresholds and a priority',
    description:
      'When Datadog is the monitoring stack, `datadog_monitor` resources are the alert rules. A monitor whose message mentions no `@` handle notifies nobody; one without a critical threshold or a priority cannot be routed the way P1–P4 alerts must be.',
    remediation: 'Give every monitor a `message` with the runbook link and an `@pagerduty-…`/`@slack-…` handle, a `monitor_thresholds { critical = … }` block and a `priority` (1–5).',
    checklistItem: 'monitoring.alert-rules',
    severity: 'medium',
    artifacts: ['terraform'],
    examples: {
      fail: [
        { path: 'monitoring/datadog/monitors.tf', code: MON('  message = "Error rate is high"\n  priority = 1\n  monitor_thresholds {\n    critical = 50\n  }\n'), note: 'nobody is notified' },
        { path: 'monitoring/datadog/monitors.tf', code: MON('  message = "Error rate is high @slack-shop"\n  priority = 2\n'), note: 'no critical threshold' },
        { path: 'monitoring/datadog/monitors.tf', code: MON('  message = "Error rate is high @slack-shop"\n  monitor_thresholds {\n    critical = 50\n  }\n'), note: 'no priority' },
      ],
      pass: [{ path: 'monitoring/datadog/monitors.tf', code: MON(GOOD) }],
    },
  },
  check(ctx) {
    let ok = 0;
    for (const r of tfResourcesIn(ctx.artifact)) {
      if (r.type !== 'datadog_monitor') continue;
      const problems: string[] = [];
      const query = attribute(r.node, 'query');
      const message = attribute(r.node, 'message');
      const msg = message ? stringValue(message.value) ?? message.value.text : '';
      if (!query) problems.push('no query');
      if (!message || !/@[\w.-]+/.test(msg)) problems.push('a message that notifies no @handle');
      const type = attribute(r.node, 'type');
      const typeText = type ? stringValue(type.value) ?? '' : '';
      const th = blocks(r.node).find((b) => b.type === 'monitor_thresholds');
      const needsThreshold = /metric alert|query alert|log alert|trace-analytics alert|rum alert|slo alert/.test(typeText);
      if (needsThreshold && !(th && attribute(th.node, 'critical'))) problems.push('no monitor_thresholds.critical');
      const prio = attribute(r.node, 'priority');
      const tags = attribute(r.node, 'tags');
      const tagged = tags ? /"(severity|priority):/.test(tags.value.text) : false;
      if (!(prio && literalValue(prio.value) !== undefined) && !tagged) problems.push('no priority');
      if (problems.length) ctx.report({ message: `datadog_monitor.${r.name} has ${problems.join(', ')}`, at: r.node.firstNamedChild ?? r.node });
      else ok++;
    }
    if (ok) ctx.evidence(`${ok} Datadog monitor(s) with thresholds, priority and a notification`, { at: { line: 1 } });
  },
});
