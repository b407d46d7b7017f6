import { defineRule } from '../../src/audit/load-rules.js';
import type { Repository } from '../../src/repo/repository.js';
import { memo } from '../../src/rules-kit/memo.js';
import { ancestorDirs } from '../../src/rules-kit/repo-paths.js';
import { allRules, matcherAccepts, rootMap, routes } from '../../src/rules-kit/prometheus.js';

const RULES = (sev: string) => `groups:\n  - name: app\n    rules:\n      - alert: AppDown\n        expr: up == 0\n        for: 2m\n        labels:\n          severity: ${sev}\n`;
const AM = (routesYaml: string) => `route:\n  receiver: team\n  routes:\n${routesYaml}receivers:\n  - name: team\n    webhook_configs:\n      - url: http://hooks.local/alert\n  - name: pager\n    webhook_configs:\n      - url: http://pager.local/alert\n`;

/**
 * Severities of the alerts this Alertmanager serves: those of the rule files under the nearest
 * directory above it that holds any. In a monorepo, services/a/monitoring/alertmanager/ is judged
 * by services/a's alerts, not by every service's.
 */
function severitiesNear(repo: Repository, path: string): Map<string, string> {
  const rules = allRules(repo);
  const scope = ancestorDirs(path).find((dir) => rules.some(({ artifact }) => artifact.path.startsWith(dir))) ?? '';
  return memo(repo, `monitoring/alertmanager-severity-routes:${scope}`, () => {
    const m = new Map<string, string>();
    for (const { artifact, rule } of rules) {
      if (!artifact.path.startsWith(scope)) continue;
      if (rule.kind === 'alert' && rule.labels.severity && !m.has(rule.labels.severity)) m.set(rule.labels.severity, rule.name);
    }
    return m;
  });
}

export default defineRule({
  meta: {
    id: 'monitoring/alertmanager-severity-routes',
    title: 'Alertmanager has a route for every severity the alerts use',
    description:
      'Severity exists to decide who is woken up. When a severity used by the alert rules (or a P1–P4 priority) has no route of its own, those alerts fall to the default receiver: a P1 lands in a Slack channel nobody watches at night. The alerts considered are those of the rule files under the nearest directory above the Alertmanager config that holds any (in a monorepo, the service\'s own).',
    remediation: 'Add a sub-route per severity (`matchers: [severity="critical"]` → pager, `severity="warning"` → chat …), or one regex route that covers several.',
    checklistItem: 'monitoring.alert-rules',
    severity: 'medium',
    artifacts: ['alertmanager-config'],
    examples: {
      fail: [
        { path: 'monitoring/alertmanager/alertmanager.yml', code: AM('    - matchers: [severity="warning"]\n      receiver: team\n'), files: { 'monitoring/alerts/rules.yml': RULES('critical') } },
      ],
      pass: [
        {
          path: 'services/api/monitoring/alertmanager/alertmanager.yml',
          code: AM('    - matchers: [severity="critical"]\n      receiver: pager\n'),
          files: { 'services/api/monitoring/alerts/rules.yml': RULES('critical'), 'services/jobs/monitoring/alerts/rules.yml': RULES('P2') },
          note: "in a monorepo, the alerts of the Alertmanager's own service decide (services/jobs has its own)",
        },
        { path: 'monitoring/alertmanager/alertmanager.yml', code: AM('    - matchers: [severity="critical"]\n      receiver: pager\n'), files: { 'monitoring/alerts/rules.yml': RULES('critical') } },
        { path: 'monitoring/alertmanager/alertmanager.yml', code: AM('    - match_re:\n        severity: P1|P2\n      receiver: pager\n'), files: { 'monitoring/alerts/rules.yml': RULES('P1') } },
      ],
    },
  },
  check(ctx) {
    const root = rootMap(ctx.artifact);
    if (!root) return;
    const used = severitiesNear(ctx.repo, ctx.artifact.path);
    if (!used.size) return;
    const sub = routes(root).filter((r) => r.depth > 0);
    const routeNode = (root.get('route', true) as object | undefined) ?? { line: 1 };
    let ok = 0;
    for (const [sev, example] of used) {
      const routed = sub.some((r) => r.matchers.some((m) => m.name === 'severity' && m.op !== '!=' && m.op !== '!~' && matcherAccepts(m, sev)));
      if (routed) ok++;
      else ctx.report({ message: `no route matches severity "${sev}" (used by alert ${example}): it falls to the default receiver`, at: routeNode as never });
    }
    if (ok === used.size) ctx.evidence(`every severity used by the alerts (${[...used.keys()].join(', ')}) has a route`, { at: routeNode as never });
  },
});
