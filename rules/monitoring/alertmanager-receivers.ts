import { defineRule } from '../../src/audit/load-rules.js';
import { receivers, rootMap, routes } from '../../src/rules-kit/prometheus.js';

const AM = (route: string, recv: string) => `route:\n${route}receivers:\n${recv}`;
const SLACK = "  - name: team\n    slack_configs:\n      - channel: '#alerts'\n        api_url_file: /etc/alertmanager/slack-url\n";

export default defineRule({
  meta: {
    id: 'monitoring/alertmanager-receivers',
    title: 'Alertmanager routes end in receivers that notify someone',
    description:
      'A route naming a receiver that does not exist stops Alertmanager from loading its config; a default receiver with no `*_configs` is a blackhole that swallows every alert no sub-route claimed. Both look like working alerting until the outage.',
    remediation: 'Define every receiver a route names, and give the root route a receiver with at least one notifier (PagerDuty, Slack, e-mail, webhook). Keep empty "null" receivers for explicitly silenced alerts (Watchdog, InfoInhibitor) only.',
    checklistItem: 'monitoring.alert-rules',
    severity: 'high',
    artifacts: ['alertmanager-config'],
    equivalents: [],
    examples: {
      fail: [
        { path: 'monitoring/alertmanager/alertmanager.yml', code: AM('  receiver: "null"\n', '  - name: "null"\n'), note: 'default receiver is a blackhole' },
        { path: 'monitoring/alertmanager/alertmanager.yml', code: AM('  receiver: team\n  routes:\n    - matchers: [severity="critical"]\n      receiver: pager\n', SLACK), note: 'undefined receiver' },
        { path: 'monitoring/alertmanager/alertmanager.yml', code: AM('  receiver: team\n  routes:\n    - matchers: [severity="critical"]\n      receiver: "null"\n', SLACK + '  - name: "null"\n'), note: 'critical alerts silenced' },
      ],
      pass: [
        { path: 'monitoring/alertmanager/alertmanager.yml', code: AM('  receiver: team\n', SLACK) },
        { path: 'monitoring/alertmanager/alertmanager.yml', code: AM('  receiver: team\n  routes:\n    - matchers: [alertname="Watchdog"]\n      receiver: "null"\n', SLACK + '  - name: "null"\n'), note: 'silencing the Watchdog is deliberate' },
      ],
    },
  },
  check(ctx) {
    const root = rootMap(ctx.artifact);
    if (!root) return;
    const recv = receivers(root);
    const rs = routes(root);
    if (!rs.length) {
      ctx.report({ message: 'Alertmanager config has no route', at: { line: 1 } });
      return;
    }
    let bad = 0;
    for (const r of rs) {
      if (!r.receiver) {
        if (r.depth === 0) ctx.report({ message: 'the root route has no receiver', at: r.node });
        bad++;
        continue;
      }
      const def = recv.get(r.receiver);
      if (!def) {
        ctx.report({ message: `route sends to receiver "${r.receiver}", which is not defined`, at: r.receiverNode ?? r.node });
        bad++;
        continue;
      }
      if (!def.notifies) {
        const deliberate = r.matchers.some((m) => (m.name === 'alertname' && /Watchdog|InfoInhibitor|DeadMansSwitch/.test(m.value)) || (m.name === 'severity' && /^(none|info)$/.test(m.value)));
        if (r.depth === 0 || (!deliberate && r.receiverNode)) {
          ctx.report({ message: `receiver "${r.receiver}" has no notifier configured: alerts routed ${r.depth === 0 ? 'by default ' : ''}here reach nobody`, at: r.receiverNode ?? r.node });
          bad++;
        }
      }
    }
    if (!bad) ctx.evidence(`Alertmanager routes to ${[...recv.values()].filter((x) => x.notifies).length} notifying receiver(s)`, { at: rs[0].receiverNode ?? rs[0].node });
  },
});
