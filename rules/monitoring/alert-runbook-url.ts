import { defineRule } from '../../src/audit/load-rules.js';
import { resolveRunbook } from '../../src/rules-kit/markdown.js';
import { ruleGroups } from '../../src/rules-kit/prometheus.js';

const alert = (url: string) =>
  `groups:\n  - name: app\n    rules:\n      - alert: HighErrorRate\n        expr: sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05\n        for: 5m\n        labels:\n          severity: critical\n        annotations:\n          summary: s\n          description: d\n${url}`;
const RUNBOOK = '# Incident response\n\n## High error rate\n\nSteps.\n';

export default defineRule({
  meta: {
    id: 'monitoring/alert-runbook-url',
    title: 'Every alert links a runbook that exists',
    description:
      'A page without a runbook makes the on-call engineer improvise. A `runbook_url` that points at a moved or renamed file is worse: it looks handled until the night it is needed. The link must resolve to a runbook in the repository (down to its heading anchor) or be an absolute URL.',
    remediation: 'Add `annotations.runbook_url` pointing at `docs/runbooks/<file>.md#<section>` (or the GitHub URL of that file); keep the heading the anchor names.',
    checklistItem: 'operations.runbooks',
    severity: 'medium',
    artifacts: ['prometheus-rules'],
    examples: {
      fail: [
        { path: 'monitoring/alerts/rules.yml', code: alert(''), files: { 'docs/runbooks/incident-response.md': RUNBOOK } },
        { path: 'monitoring/alerts/rules.yml', code: alert('          runbook_url: docs/runbooks/high-errors.md\n'), files: { 'docs/runbooks/incident-response.md': RUNBOOK }, note: 'file does not exist' },
        { path: 'monitoring/alerts/rules.yml', code: alert('          runbook_url: docs/runbooks/incident-response.md#high-latency\n'), files: { 'docs/runbooks/incident-response.md': RUNBOOK }, note: 'anchor does not exist' },
        {
          path: 'monitoring/alerts/rules.yml',
          code: alert('          runbook_url: https://github.com/acme/shop/blob/main/docs/runbooks/missing.md\n'),
          files: { 'docs/runbooks/incident-response.md': RUNBOOK },
        },
      ],
      pass: [
        { path: 'monitoring/alerts/rules.yml', code: alert('          runbook_url: docs/runbooks/incident-response.md#high-error-rate\n'), files: { 'docs/runbooks/incident-response.md': RUNBOOK } },
        { path: 'monitoring/alerts/rules.yml', code: alert('          runbook_url: ../../docs/runbooks/incident-response.md\n'), files: { 'docs/runbooks/incident-response.md': RUNBOOK }, note: 'relative to the rules file' },
        {
          path: 'monitoring/alerts/rules.yml',
          code: alert('          runbook_url: https://github.com/acme/shop/blob/main/docs/runbooks/incident-response.md#high-error-rate\n'),
          files: { 'docs/runbooks/incident-response.md': RUNBOOK },
        },
        { path: 'monitoring/alerts/rules.yml', code: alert('          runbook_url: https://wiki.example.com/runbooks/high-error-rate\n') },
        {
          path: 'services/api/monitoring/alerts/rules.yml',
          code: alert('          runbook_url: https://github.com/acme/api/blob/main/docs/runbooks/incident-response.md#high-error-rate\n'),
          files: { 'services/api/docs/runbooks/incident-response.md': RUNBOOK, 'docs/runbooks/incident-response.md': '# Platform\n' },
          note: 'in a monorepo, the service\'s own docs/ is the nearest match',
        },
      ],
    },
  },
  check(ctx) {
    let ok = 0;
    for (const g of ruleGroups(ctx.artifact)) {
      for (const r of g.rules) {
        if (r.kind !== 'alert') continue;
        const url = (r.annotations.runbook_url ?? r.annotations.runbook ?? '').trim();
        if (!url) {
          ctx.report({ message: `alert ${r.name} has no runbook_url annotation`, at: r.nameNode });
          continue;
        }
        const res = resolveRunbook(ctx.repo, ctx.artifact.path, url);
        if (!res.ok) ctx.report({ message: `alert ${r.name}: ${res.why}`, at: r.annotationNodes.runbook_url ?? r.annotationNodes.runbook });
        else ok++;
      }
    }
    if (ok) ctx.evidence(`${ok} alert(s) link a runbook that resolves`, { at: { line: 1 } });
  },
});
