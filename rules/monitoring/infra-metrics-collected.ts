import { defineRule } from '../../src/audit/load-rules.js';
import { observability } from '../../src/rules-kit/prometheus.js';

export default defineRule({
  meta: {
    id: 'monitoring/infra-metrics-collected',
    title: 'Infrastructure metrics are collected',
    description:
      'CPU, memory, disk and network of the nodes and containers are what the saturation alerts and capacity planning read. They come from node-exporter, kube-state-metrics and cAdvisor/kubelet (Prometheus), the Datadog agent, or the cloud\'s own (CloudWatch Container Insights, Cloud Monitoring).',
    remediation: 'Scrape node-exporter and kube-state-metrics (or install kube-prometheus-stack), run the Datadog agent, or enable Container Insights / CloudWatch alarms in Terraform.',
    checklistItem: 'monitoring.infra-metrics',
    severity: 'medium',
    artifacts: ['prometheus-config', 'kubernetes', 'terraform', 'compose'],
    scope: 'repository',
    examples: {
      fail: [{ path: 'monitoring/prometheus/prometheus.yml', code: 'scrape_configs:\n  - job_name: shop-api\n    static_configs:\n      - targets: ["shop-api:8080"]\n' }],
      pass: [
        { path: 'monitoring/prometheus/prometheus.yml', code: 'scrape_configs:\n  - job_name: node-exporter\n    static_configs:\n      - targets: ["node-exporter:9100"]\n' },
        { path: 'infrastructure/terraform/ecs.tf', code: 'resource "aws_ecs_cluster" "main" {\n  name = "app"\n  setting {\n    name  = "containerInsights"\n    value = "enabled"\n  }\n}\n' },
      ],
    },
  },
  check(ctx) {
    const o = observability(ctx.repo);
    for (const s of o.infraMetrics) ctx.evidence(s.what, { file: s.file, at: { line: s.line ?? 1 } });
    if (!o.infraMetrics.length) {
      const near = ctx.repo.ofKind('prometheus-config')[0];
      ctx.report({ message: 'no infrastructure metrics are collected (node-exporter, kube-state-metrics, cAdvisor, Datadog agent, Container Insights…)', file: near?.path ?? '.', at: { line: 1 } });
    }
  },
});
