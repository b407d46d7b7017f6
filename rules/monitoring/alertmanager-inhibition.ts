import { defineRule } from '../../src/audit/load-rules.js';
import { getNode, matcherAccepts, matchersOf, rootMap, seqItems } from '../../src/rules-kit/prometheus.js';

const AM = (inhibit: string) => `route:\n  receiver: team\nreceivers:\n  - name: team\n    webhook_configs:\n      - url: http://hooks.local/alert\n${inhibit}`;

const HIGH = ['critical', 'P1', 'page'];
const LOW = ['warning', 'P3', 'P4', 'info', 'low'];

export default defineRule({
  meta: {
    id: 'monitoring/alertmanager-inhibition',
    title: 'Critical alerts inhibit the warnings they explain',
    description:
      'When a service is down, its latency, error-rate and saturation warnings all fire too. Without an inhibit rule the on-call engineer gets a storm of notifications for one cause; with one, the critical alert stands alone.',
    remediation: 'Add `inhibit_rules` with `source_matchers: [severity="critical"]`, `target_matchers: [severity="warning"]` and `equal: [alertname, service]` (or your service label).',
    checklistItem: 'monitoring.alert-rules',
    severity: 'low',
    artifacts: ['alertmanager-config'],
    examples: {
      fail: [
        { path: 'monitoring/alertmanager/alertmanager.yml', code: AM('') },
        { path: 'monitoring/alertmanager/alertmanager.yml', code: AM('inhibit_rules:\n  - source_matchers: [severity="warning"]\n    target_matchers: [severity="critical"]\n'), note: 'backwards' },
      ],
      pass: [
        { path: 'monitoring/alertmanager/alertmanager.yml', code: AM('inhibit_rules:\n  - source_matchers: [severity="critical"]\n    target_matchers: [severity="warning"]\n    equal: [service]\n') },
        { path: 'monitoring/alertmanager/alertmanager.yml', code: AM('inhibit_rules:\n  - source_match:\n      severity: P1\n    target_match_re:\n      severity: P3|P4\n    equal: [service]\n') },
      ],
    },
  },
  check(ctx) {
    const root = rootMap(ctx.artifact);
    if (!root) return;
    const rules = seqItems(getNode(root, 'inhibit_rules'));
    for (const r of rules) {
      const src = matchersOf(r, 'source_').filter((m) => m.name === 'severity' || m.name === 'priority');
      const tgt = matchersOf(r, 'target_').filter((m) => m.name === 'severity' || m.name === 'priority');
      if (src.some((m) => HIGH.some((v) => matcherAccepts(m, v))) && tgt.some((m) => LOW.some((v) => matcherAccepts(m, v)))) {
        ctx.evidence('critical alerts inhibit warnings', { at: r });
        return;
      }
    }
    ctx.report({ message: 'no inhibit rule lets a critical alert silence the warnings it causes', at: getNode(root, 'inhibit_rules') ?? { line: 1 } });
  },
});
