import { defineRule } from '../../src/audit/load-rules.js';
import { ruleGroups } from '../../src/rules-kit/prometheus.js';

const rec = (name: string) => `groups:\n  - name: app.recording\n    rules:\n      - record: ${name}\n        expr: sum by (job) (rate(http_requests_total[5m]))\n`;

/** level:metric:operations — https://prometheus.io/docs/practices/rules/#naming */
const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*(:[a-zA-Z0-9_]+)+$/;

export default defineRule({
  meta: {
    id: 'monitoring/recording-rule-name',
    title: 'Recording rules are named level:metric:operations',
    description:
      'Prometheus\' naming convention for recording rules (`job:http_requests:rate5m`) says what was aggregated away, which metric and which operations, and keeps recorded series apart from scraped ones. A recorded series named like a raw metric is mistaken for one, and dashboards aggregate it twice.',
    remediation: 'Rename the series `level:metric:operations`, e.g. `job:http_requests:rate5m`, and update its users.',
    checklistItem: 'monitoring.alert-rules',
    severity: 'low',
    artifacts: ['prometheus-rules'],
    equivalents: [],
    examples: {
      fail: [
        { path: 'monitoring/prometheus/recording.yml', code: rec('http_requests_rate5m') },
        { path: 'monitoring/prometheus/recording.yml', code: rec('job:http_requests') },
      ],
      pass: [
        { path: 'monitoring/prometheus/recording.yml', code: rec('job:http_requests:rate5m') },
        { path: 'monitoring/prometheus/recording.yml', code: rec('instance_path:request_latency_seconds:mean5m') },
      ],
    },
  },
  check(ctx) {
    let ok = 0;
    for (const g of ruleGroups(ctx.artifact)) {
      for (const r of g.rules) {
        if (r.kind !== 'record') continue;
        if (!NAME.test(r.name)) ctx.report({ message: `recording rule "${r.name}" is not named level:metric:operations (e.g. job:http_requests:rate5m)`, at: r.nameNode });
        else ok++;
      }
    }
    if (ok) ctx.evidence(`${ok} recording rule(s) follow level:metric:operations`, { at: { line: 1 } });
  },
});
