import { defineRule } from '../../src/audit/load-rules.js';
import { tfResources } from '../../src/rules-kit/prometheus.js';

export default defineRule({
  meta: {
    id: 'monitoring/dashboards-present',
    title: 'Dashboards are kept as code',
    description:
      'Dashboards built by hand in a UI are lost with the Grafana instance and drift between environments. The checklist asks for dashboards created: Grafana dashboard JSON (provisioned), or Datadog / CloudWatch / Cloud Monitoring dashboards in Terraform.',
    remediation: 'Commit dashboards as Grafana JSON under monitoring/grafana/dashboards/ with a provisioning file, or as `datadog_dashboard` / `aws_cloudwatch_dashboard` resources.',
    checklistItem: 'monitoring.dashboards',
    severity: 'medium',
    artifacts: ['grafana-dashboard', 'terraform'],
    scope: 'repository',
    examples: {
      fail: [{ path: 'monitoring/prometheus/prometheus.yml', code: 'scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ["app:8080"]\n' }],
      pass: [
        { path: 'monitoring/grafana/dashboards/app.json', code: '{ "uid": "app", "title": "App", "schemaVersion": 39, "panels": [] }\n' },
        { path: 'monitoring/datadog/dashboards.tf', code: 'resource "datadog_dashboard_json" "app" {\n  dashboard = file("${path.module}/app.json")\n}\n' },
      ],
    },
  },
  check(ctx) {
    const dashboards = ctx.repo.ofKind('grafana-dashboard');
    for (const d of dashboards) ctx.evidence('Grafana dashboard', { file: d.path, at: { line: 1 } });
    let tf = 0;
    for (const r of tfResources(ctx.repo)) {
      if (/^(datadog_dashboard(_json)?|aws_cloudwatch_dashboard|google_monitoring_dashboard|azurerm_portal_dashboard|grafana_dashboard|newrelic_one_dashboard(_json)?)$/.test(r.type)) {
        tf++;
        ctx.evidence(`${r.type}.${r.name}`, { file: r.artifact.path, at: r.node });
      }
    }
    if (!dashboards.length && !tf) {
      const near = ctx.repo.ofKind('prometheus-config')[0] ?? ctx.repo.ofKind('grafana-provisioning')[0];
      ctx.report({ message: 'no dashboards in the repository (Grafana JSON or dashboard resources in Terraform)', file: near?.path ?? '.', at: { line: 1 } });
    }
  },
});
