import { defineRule } from '../../src/audit/load-rules.js';
import type { Artifact, Repository } from '../../src/repo/repository.js';
import { memo } from '../../src/rules-kit/memo.js';
import { allRules, type RuleFacts } from '../../src/rules-kit/prometheus.js';

const alert = (name: string, sev: string) =>
  `      - alert: ${name}\n        expr: up{job="app"} == 0\n        for: 2m\n        labels:\n          severity: ${sev}\n        annotations:\n          summary: s\n          description: d\n`;
const file = (...rules: string[]) => `groups:\n  - name: app\n    rules:\n${rules.join('')}`;

export default defineRule({
  meta: {
    id: 'monitoring/duplicate-alert',
    title: 'No two alerts share a name and labels',
    description:
      'Two alerts with the same name and the same labels are the same alert to Alertmanager: their notifications merge, one silences the other, and whichever expression fires last wins. It is almost always a copy-paste that was meant to be edited. The same name with a different severity (warning and critical tiers) is fine.',
    remediation: 'Rename one of them, or give each a distinct severity if they are tiers of one alert.',
    checklistItem: 'monitoring.alert-rules',
    severity: 'medium',
    artifacts: ['prometheus-rules'],
    examples: {
      fail: [
        { path: 'monitoring/alerts/rules.yml', code: file(alert('AppDown', 'critical'), alert('AppDown', 'critical')) },
        {
          path: 'monitoring/alerts/rules.yml',
          code: file(alert('AppDown', 'critical')),
          files: { 'monitoring/alerts/more.yml': file(alert('AppDown', 'critical')) },
          note: 'across files',
        },
      ],
      pass: [{ path: 'monitoring/alerts/rules.yml', code: file(alert('AppDown', 'warning'), alert('AppDown', 'critical')) }],
    },
  },
  check(ctx) {
    for (const d of duplicates(ctx.repo).get(ctx.artifact) ?? []) {
      ctx.report({ message: `alert ${d.rule.name} duplicates the alert with the same labels at ${d.first}`, at: d.rule.nameNode });
    }
    ctx.evidence('alert names are unique per label set', { at: { line: 1 } });
  },
});

/** Every alert repeating an earlier one (same name and labels), by file: computed once per run. */
function duplicates(repo: Repository): Map<Artifact, Array<{ rule: RuleFacts; first: string }>> {
  return memo(repo, 'monitoring/duplicate-alert', () => {
    const first = new Map<string, string>();
    const out = new Map<Artifact, Array<{ rule: RuleFacts; first: string }>>();
    for (const { artifact, rule } of allRules(repo)) {
      if (rule.kind !== 'alert') continue;
      const key = `${rule.name}\0${JSON.stringify(Object.entries(rule.labels).sort())}`;
      const seen = first.get(key);
      if (seen === undefined) {
        first.set(key, `${artifact.path}:${rule.nameNode.range ? artifact.lines.position(rule.nameNode.range[0]).line : 1}`);
        continue;
      }
      let list = out.get(artifact);
      if (!list) out.set(artifact, (list = []));
      list.push({ rule, first: seen });
    }
    return out;
  });
}
