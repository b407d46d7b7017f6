import { defineRule } from '../../src/audit/load-rules.js';
import { ruleGroups } from '../../src/rules-kit/prometheus.js';
import { parsePromql, scalarValueOffset } from '../../src/rules-kit/promql.js';

const RULES = (expr: string) => `groups:\n  - name: app\n    rules:\n      - record: job:http_requests:rate5m\n        expr: ${expr}\n`;

export default defineRule({
  meta: {
    id: 'monitoring/promql-syntax',
    title: 'Alert and recording rule expressions are valid PromQL',
    description:
      'Prometheus refuses to load a rule file with one bad expression: every rule in it stops evaluating, and the alerts that should page stay silent. Catching it before deploy points at the exact column.',
    remediation: 'Fix the expression at the reported column; check it with `promtool check rules <file>`.',
    checklistItem: 'monitoring.alert-rules',
    severity: 'high',
    artifacts: ['prometheus-rules'],
    equivalents: ['pint:promql/syntax'],
    examples: {
      fail: [
        { path: 'monitoring/prometheus/rules.yml', code: RULES('sum(rate(http_requests_total[5m]) by (job)'), note: 'unbalanced parenthesis' },
        { path: 'monitoring/prometheus/rules.yml', code: RULES('rate(http_requests_total)'), note: 'rate() needs a range vector' },
        { path: 'monitoring/prometheus/rules.yml', code: RULES('""') },
        { path: 'monitoring/prometheus/rules.yml', code: 'groups:\n  - name: app\n    rules:\n      - alert: NoExpr\n        for: 5m\n', note: 'no expr at all' },
      ],
      pass: [
        { path: 'monitoring/prometheus/rules.yml', code: RULES('sum by (job) (rate(http_requests_total[5m]))') },
        {
          path: 'monitoring/prometheus/rules.yml',
          code: 'groups:\n  - name: app\n    rules:\n      - record: job:latency_seconds:p95\n        expr: |\n          histogram_quantile(0.95,\n            sum by (le, job) (rate(http_request_duration_seconds_bucket[5m])))\n',
        },
      ],
    },
  },
  check(ctx) {
    const text = ctx.artifact.text;
    let ok = 0;
    for (const g of ruleGroups(ctx.artifact)) {
      for (const r of g.rules) {
        if (!r.exprNode) {
          ctx.report({ message: `${r.kind} ${r.name} has no expr`, at: r.nameNode });
          continue;
        }
        const expr = r.expr ?? '';
        const parsed = parsePromql(expr);
        if (!parsed.problems.length) {
          ok++;
          continue;
        }
        const p = parsed.problems[0];
        const from = scalarValueOffset(r.exprNode, text, p.from);
        const to = scalarValueOffset(r.exprNode, text, p.to);
        ctx.report({ message: `${r.kind} ${r.name}: invalid PromQL: ${p.message}`, at: { offset: from, length: Math.max(1, to - from) } });
      }
    }
    if (ok) ctx.evidence(`${ok} rule expression(s) parse as PromQL`, { at: { line: 1 } });
  },
});
