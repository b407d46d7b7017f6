import { defineRule } from '../../src/audit/load-rules.js';
import { observability } from '../../src/rules-kit/prometheus.js';

export default defineRule({
  meta: {
    id: 'monitoring/app-metrics-collected',
    title: 'Something collects the application\'s metrics',
    description:
      'An app that exposes /metrics is only monitored when something scrapes it: a Prometheus job for the service (not just Prometheus scraping itself), a ServiceMonitor/PodMonitor, pods annotated for scraping, an OpenTelemetry metrics pipeline or Datadog.',
    remediation: 'Add a scrape job for the service to prometheus.yml (static targets or kubernetes_sd_configs), or a ServiceMonitor, or the Datadog agent.',
    checklistItem: 'monitoring.app-metrics',
    severity: 'high',
    artifacts: ['prometheus-config', 'kubernetes', 'log-collector-config', 'terraform', 'compose'],
    scope: 'repository',
    examples: {
      fail: [
        { path: 'monitoring/prometheus/prometheus.yml', code: 'scrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: ["localhost:9090"]\n  - job_name: node\n    static_configs:\n      - targets: ["node-exporter:9100"]\n', note: 'only itself and the node exporter' },
      ],
      pass: [
        { path: 'monitoring/prometheus/prometheus.yml', code: 'scrape_configs:\n  - job_name: shop-api\n    static_configs:\n      - targets: ["shop-api:8080"]\n' },
        { path: 'k8s/servicemonitor.yaml', code: 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: shop-api\nspec:\n  endpoints:\n    - port: http\n  selector:\n    matchLabels:\n      app: shop-api\n' },
      ],
    },
  },
  check(ctx) {
    const o = observability(ctx.repo);
    for (const s of o.appMetrics) ctx.evidence(s.what, { file: s.file, at: { line: s.line ?? 1 } });
    if (!o.appMetrics.length) {
      const near = ctx.repo.ofKind('prometheus-config')[0];
      ctx.report({ message: 'nothing collects the application\'s metrics (no scrape job for the service, ServiceMonitor, scrape annotation, OTel metrics pipeline or Datadog)', file: near?.path ?? '.', at: { line: 1 } });
    }
  },
});
