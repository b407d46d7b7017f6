import { defineRule } from '../../src/audit/load-rules.js';
import { observability } from '../../src/rules-kit/prometheus.js';

export default defineRule({
  meta: {
    id: 'monitoring/log-aggregation',
    title: 'Logs are shipped to a central store',
    description:
      'Container logs die with the container. Without a collector shipping them to a store (Loki/Promtail, Fluent Bit/Fluentd + Elasticsearch, Vector, an OpenTelemetry Collector logs pipeline, CloudWatch Logs / Cloud Logging sinks), the evidence of an incident is gone by the time anyone looks.',
    remediation: 'Add a log collector config (Promtail, Fluent Bit, Vector or an OTel Collector logs pipeline) or cloud log groups/sinks in Terraform.',
    checklistItem: 'monitoring.log-aggregation',
    severity: 'medium',
    artifacts: ['log-collector-config', 'terraform', 'kubernetes', 'compose'],
    scope: 'repository',
    examples: {
      fail: [{ path: 'monitoring/prometheus/prometheus.yml', code: 'scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ["app:8080"]\n' }],
      pass: [
        { path: 'monitoring/logging/promtail.yaml', code: 'server:\n  http_listen_port: 9080\npositions:\n  filename: /tmp/positions.yaml\nclients:\n  - url: http://loki:3100/loki/api/v1/push\nscrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs:\n      - role: pod\n' },
        { path: 'infrastructure/terraform/logs.tf', code: 'resource "aws_cloudwatch_log_group" "app" {\n  name              = "/ecs/app"\n  retention_in_days = 30\n}\n' },
      ],
    },
  },
  check(ctx) {
    const o = observability(ctx.repo);
    for (const s of o.logs) ctx.evidence(s.what, { file: s.file, at: { line: s.line ?? 1 } });
    if (!o.logs.length) ctx.report({ message: 'no log aggregation: no collector config (Promtail, Fluent Bit, Vector, OTel logs pipeline) and no cloud log groups or sinks', file: '.', at: { line: 1 } });
  },
});
