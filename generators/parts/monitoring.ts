// monitoring/: metrics, alerting and dashboards for the chosen monitoring stack (Prometheus +
// Alertmanager + Grafana, or Datadog), plus the log collector and trace pipeline, which do not
// depend on that choice.
import type { PlannedFile, PlanPart } from '../../src/generate/plan.js';
import type { TemplateData } from '../../src/generate/template-data.js';
import { datadogDashboards, datadogMonitors } from './_datadog.js';
import { dashboardJson, dashboards } from './_grafana-dashboards.js';

function prometheus(d: TemplateData): PlannedFile[] {
  const files: PlannedFile[] = [
    { path: 'monitoring/prometheus/prometheus.yml', template: 'monitoring/prometheus/prometheus.yml.hbs' },
    { path: 'monitoring/prometheus/rules/recording-rules.yml', template: 'monitoring/prometheus/rules/recording-rules.yml.hbs' },
    { path: 'monitoring/prometheus/rules/alert-rules.yml', template: 'monitoring/prometheus/rules/alert-rules.yml.hbs' },
    { path: 'monitoring/alertmanager/alertmanager.yml', template: 'monitoring/alertmanager/alertmanager.yml.hbs' },
    { path: 'monitoring/grafana/provisioning/datasources/datasources.yaml', template: 'monitoring/grafana/provisioning/datasources/datasources.yaml.hbs' },
    { path: 'monitoring/grafana/provisioning/dashboards/dashboards.yaml', template: 'monitoring/grafana/provisioning/dashboards/dashboards.yaml.hbs' },
    ...dashboards(d).map((spec) => ({ path: `monitoring/grafana/dashboards/${spec.file}.json`, content: dashboardJson(d, spec) })),
  ];
  // Fargate has no nodes for node-exporter: task and load-balancer metrics come from CloudWatch.
  if (d.isEcs) files.push({ path: 'monitoring/prometheus/cloudwatch-exporter.yml', template: 'monitoring/prometheus/cloudwatch-exporter.yml.hbs' });
  return files;
}

function datadog(d: TemplateData): PlannedFile[] {
  return [
    { path: 'monitoring/datadog/monitors.tf', template: 'monitoring/datadog/monitors.tf.hbs', data: { monitors: datadogMonitors(d) } },
    { path: 'monitoring/datadog/dashboards.tf', template: 'monitoring/datadog/dashboards.tf.hbs' },
    ...datadogDashboards(d).map(({ file, content }) => ({ path: `monitoring/datadog/dashboards/${file}.json`, content })),
    d.isKubernetes
      ? { path: 'monitoring/datadog/datadog-values.yaml', template: 'monitoring/datadog/datadog-values.yaml.hbs' }
      : { path: 'monitoring/datadog/datadog-agent-container.json', template: 'monitoring/datadog/datadog-agent-container.json.hbs' },
  ];
}

function logsAndTraces(d: TemplateData): PlannedFile[] {
  const files: PlannedFile[] = [{ path: 'monitoring/logging/fluent-bit.yaml', template: 'monitoring/logging/fluent-bit.yaml.hbs' }];
  if (d.logging === 'loki') files.push({ path: 'monitoring/logging/loki.yaml', template: 'monitoring/logging/loki.yaml.hbs' });
  if (d.hasTracing) files.push({ path: 'monitoring/tracing/otel-collector.yaml', template: 'monitoring/tracing/otel-collector.yaml.hbs' });
  return files;
}

const monitoring: PlanPart = (d) => [...(d.isPrometheus ? prometheus(d) : datadog(d)), ...logsAndTraces(d)];

export default monitoring;
