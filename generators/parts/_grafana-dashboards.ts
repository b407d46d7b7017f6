// Grafana dashboards built as objects and serialised, so the JSON is valid by construction and
// every panel gets the same datasource, grid placement and target shape. Queries read the
// recording rules of templates/monitoring/prometheus/rules/recording-rules.yml where one exists.
import type { TemplateData } from '../../src/generate/template-data.js';

const DATASOURCE = { type: 'prometheus', uid: 'prometheus' } as const;

interface PanelSpec {
  title: string;
  description: string;
  unit: string;
  /** [PromQL, legend] pairs. */
  queries: Array<[string, string]>;
  type?: 'timeseries' | 'stat';
  /** Red above this value (same unit as the panel). */
  threshold?: number;
}

export interface DashboardSpec {
  file: 'application' | 'infrastructure' | 'database';
  title: string;
  description: string;
  panels: PanelSpec[];
}

/** Grafana caps uids at 40 characters. */
function uid(name: string, suffix: string): string {
  return `${name.slice(0, 40 - suffix.length - 1)}-${suffix}`;
}

function panel(spec: PanelSpec, id: number): Record<string, unknown> {
  const width = spec.type === 'stat' ? 6 : 12;
  return {
    id,
    type: spec.type ?? 'timeseries',
    title: spec.title,
    description: spec.description,
    datasource: DATASOURCE,
    gridPos: { h: spec.type === 'stat' ? 4 : 8, w: width, x: 0, y: 0 },
    fieldConfig: {
      defaults: {
        unit: spec.unit,
        thresholds: {
          mode: 'absolute',
          steps: [
            { color: 'green', value: null },
            ...(spec.threshold === undefined ? [] : [{ color: 'red', value: spec.threshold }]),
          ],
        },
      },
      overrides: [],
    },
    options: spec.type === 'stat' ? { reduceOptions: { calcs: ['lastNotNull'] } } : { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
    targets: spec.queries.map(([expr, legendFormat], i) => ({ refId: String.fromCharCode(65 + i), datasource: DATASOURCE, expr, legendFormat })),
  };
}

/** Lays panels out left to right, wrapping at Grafana's 24-column width. */
function layout(panels: Array<Record<string, unknown>>): void {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const p of panels) {
    const pos = p.gridPos as { h: number; w: number; x: number; y: number };
    if (x + pos.w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    pos.x = x;
    pos.y = y;
    x += pos.w;
    rowHeight = Math.max(rowHeight, pos.h);
  }
}

export function dashboardJson(d: TemplateData, spec: DashboardSpec): string {
  const panels = spec.panels.map((p, i) => panel(p, i + 1));
  layout(panels);
  const dashboard = {
    uid: uid(d.name, { application: 'app', infrastructure: 'infra', database: 'db' }[spec.file]),
    title: `${d.title} / ${spec.title}`,
    description: spec.description,
    tags: [d.name, spec.file],
    timezone: 'utc',
    editable: false,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [] },
    annotations: { list: [] },
    links: [
      { title: 'Runbooks', type: 'link', icon: 'doc', targetBlank: true, url: `https://github.com/${d.repository}/tree/main/docs/runbooks` },
    ],
    panels,
  };
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

function application(d: TemplateData): DashboardSpec {
  const job = `job="${d.name}"`;
  return {
    file: 'application',
    title: 'Application',
    description: `Golden signals of ${d.name}: traffic, errors, latency and saturation.`,
    panels: [
      { type: 'stat', title: 'Instances up', description: 'Targets answering /metrics.', unit: 'none', queries: [[`sum(up{${job}})`, 'up']] },
      { type: 'stat', title: 'Requests per second', description: 'All routes, 5m rate.', unit: 'reqps', queries: [[`job:http_requests:rate5m{${job}}`, 'rps']] },
      { type: 'stat', title: 'Error ratio', description: 'Share of 5xx responses (HighErrorRate fires above 5%).', unit: 'percentunit', threshold: 0.05, queries: [[`job:http_requests_errors:ratio_rate5m{${job}}`, 'errors']] },
      { type: 'stat', title: 'Latency p99', description: 'HighLatencyP99 fires above 1s.', unit: 's', threshold: 1, queries: [[`job:http_request_duration_seconds:p99_rate5m{${job}}`, 'p99']] },
      { title: 'Requests by route', description: 'Traffic per route.', unit: 'reqps', queries: [[`job_route:http_requests:rate5m{${job}}`, '{{route}}']] },
      { title: 'Responses by status', description: 'Response codes over time.', unit: 'reqps', queries: [[`sum by (status) (rate(http_requests_total{${job}}[5m]))`, '{{status}}']] },
      {
        title: 'Latency percentiles',
        description: 'p50, p95 and p99 of request duration.',
        unit: 's',
        threshold: 1,
        queries: [
          [`job:http_request_duration_seconds:p50_rate5m{${job}}`, 'p50'],
          [`job:http_request_duration_seconds:p95_rate5m{${job}}`, 'p95'],
          [`job:http_request_duration_seconds:p99_rate5m{${job}}`, 'p99'],
        ],
      },
      { title: 'Error ratio', description: 'Share of 5xx responses; ElevatedErrorRate at 1%, HighErrorRate at 5%.', unit: 'percentunit', threshold: 0.05, queries: [[`job:http_requests_errors:ratio_rate5m{${job}}`, 'error ratio']] },
      { title: 'Process CPU', description: 'CPU seconds per second used by each instance.', unit: 'short', queries: [[`sum by (instance) (rate(process_cpu_seconds_total{${job}}[5m]))`, '{{instance}}']] },
      { title: 'Process memory', description: 'Resident memory of each instance.', unit: 'bytes', queries: [[`process_resident_memory_bytes{${job}}`, '{{instance}}']] },
    ],
  };
}

function infrastructure(d: TemplateData): DashboardSpec {
  if (d.isEcs) {
    return {
      file: 'infrastructure',
      title: 'Infrastructure',
      description: `ECS Fargate, load balancer and database host metrics for ${d.name} (CloudWatch via cloudwatch-exporter).`,
      panels: [
        { title: 'Task CPU utilisation', description: 'Share of the CPU reserved by the task definition (HighCpuSaturation at 80%).', unit: 'percentunit', threshold: 0.8, queries: [['service:ecs_cpu_utilisation:ratio', '{{service_name}}']] },
        { title: 'Task memory utilisation', description: 'Share of the memory reserved by the task definition (HighMemorySaturation at 90%).', unit: 'percentunit', threshold: 0.9, queries: [['service:ecs_memory_utilisation:ratio', '{{service_name}}']] },
        {
          title: 'Desired vs running tasks',
          description: 'A gap means tasks are failing to start or stay healthy (EcsTasksNotRunning).',
          unit: 'none',
          queries: [
            [`aws_ecs_containerinsights_desired_task_count_average{service_name="${d.name}"}`, 'desired'],
            [`aws_ecs_containerinsights_running_task_count_average{service_name="${d.name}"}`, 'running'],
          ],
        },
        { title: 'Healthy load balancer targets', description: 'Targets passing the ALB health check.', unit: 'none', queries: [['aws_applicationelb_healthy_host_count_minimum', '{{target_group}}']] },
        { title: 'Load balancer 5xx from targets', description: '5xx responses returned by the tasks, as the ALB saw them.', unit: 'none', queries: [['aws_applicationelb_httpcode_target_5_xx_count_sum', '{{load_balancer}}']] },
        { title: 'Scrape targets up', description: 'Every Prometheus target (TargetDown fires after 10m down).', unit: 'none', queries: [['up', '{{job}} {{instance}}']] },
      ],
    };
  }
  return {
    file: 'infrastructure',
    title: 'Infrastructure',
    description: `Kubernetes (${d.platform.toUpperCase()}) nodes and ${d.name} pods: CPU, memory, disk, restarts and autoscaling.`,
    panels: [
      { title: 'Node CPU utilisation', description: 'NodeHighCpu fires above 80% for 30m.', unit: 'percentunit', threshold: 0.8, queries: [['instance:node_cpu_utilisation:rate5m', '{{instance}}']] },
      { title: 'Node memory available', description: 'MemAvailable as a share of total memory.', unit: 'percentunit', queries: [['node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes', '{{instance}}']] },
      { title: 'Node disk free', description: 'Lowest free share of any real filesystem (NodeDiskSpaceLow below 20%).', unit: 'percentunit', queries: [['instance:node_filesystem_avail:ratio', '{{instance}}']] },
      {
        title: 'Node network',
        description: 'Bytes received and sent per node.',
        unit: 'Bps',
        queries: [
          ['sum by (instance) (rate(node_network_receive_bytes_total{device!~"lo|veth.*"}[5m]))', '{{instance}} rx'],
          ['sum by (instance) (rate(node_network_transmit_bytes_total{device!~"lo|veth.*"}[5m]))', '{{instance}} tx'],
        ],
      },
      { title: 'Pod CPU vs limit', description: 'HighCpuSaturation fires above 80% for 15m.', unit: 'percentunit', threshold: 0.8, queries: [['namespace_pod:cpu_limit_utilisation:ratio', '{{namespace}}/{{pod}}']] },
      { title: 'Pod memory vs limit', description: 'HighMemorySaturation fires above 90% for 10m.', unit: 'percentunit', threshold: 0.9, queries: [['namespace_pod:memory_limit_utilisation:ratio', '{{namespace}}/{{pod}}']] },
      { title: 'Container restarts (1h)', description: 'FrequentPodRestarts fires above 3 per hour.', unit: 'none', threshold: 3, queries: [[`sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{pod=~"${d.name}-.*"}[1h]))`, '{{namespace}}/{{pod}}']] },
      {
        title: 'Autoscaler replicas',
        description: 'Current vs maximum replicas (HpaAtMaxReplicas).',
        unit: 'none',
        queries: [
          [`kube_horizontalpodautoscaler_status_current_replicas{horizontalpodautoscaler=~"${d.name}.*"}`, '{{namespace}} current'],
          [`kube_horizontalpodautoscaler_spec_max_replicas{horizontalpodautoscaler=~"${d.name}.*"}`, '{{namespace}} max'],
        ],
      },
    ],
  };
}

function database(d: TemplateData): DashboardSpec {
  return {
    file: 'database',
    title: 'Database',
    description: `PostgreSQL behind ${d.name} (postgres-exporter): availability, connections, throughput and size.`,
    panels: [
      { type: 'stat', title: 'Database up', description: 'DatabaseDown fires when 0 for 2m.', unit: 'none', queries: [['min(pg_up)', 'up']] },
      { type: 'stat', title: 'Connections used', description: 'DatabaseConnectionsHigh fires above 80%.', unit: 'percentunit', threshold: 0.8, queries: [['max(instance:pg_connections_used:ratio)', 'used']] },
      { title: 'Connections by database', description: 'Open backends per database.', unit: 'none', queries: [['sum by (datname) (pg_stat_database_numbackends)', '{{datname}}']] },
      {
        title: 'Transactions',
        description: 'Commits and rollbacks per second.',
        unit: 'ops',
        queries: [
          ['sum(rate(pg_stat_database_xact_commit[5m]))', 'commits'],
          ['sum(rate(pg_stat_database_xact_rollback[5m]))', 'rollbacks'],
        ],
      },
      { title: 'Cache hit ratio', description: 'Blocks served from shared buffers; below 99% means the working set does not fit in memory.', unit: 'percentunit', queries: [['sum(rate(pg_stat_database_blks_hit[5m])) / (sum(rate(pg_stat_database_blks_hit[5m])) + sum(rate(pg_stat_database_blks_read[5m])))', 'hit ratio']] },
      { title: 'Deadlocks', description: 'Deadlocks detected per second.', unit: 'ops', queries: [['sum(rate(pg_stat_database_deadlocks[5m]))', 'deadlocks']] },
      { title: 'Database size', description: 'On-disk size per database.', unit: 'bytes', queries: [['pg_database_size_bytes', '{{datname}}']] },
    ],
  };
}

export function dashboards(d: TemplateData): DashboardSpec[] {
  return [application(d), infrastructure(d), database(d)];
}
