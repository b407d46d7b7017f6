// Datadog (monitoring=datadog): the monitors, one explicit `datadog_monitor` per alert so each
// is readable (and auditable) on its own, and the dashboards as JSON files Terraform loads.
// Queries use HCL interpolation (`${local.scope}`, `${local.metrics}`) defined in monitors.tf.
import type { TemplateData } from '../../src/generate/template-data.js';

export interface Monitor {
  /** Alert name: also the runbook section's heading. */
  alert: string;
  /** Terraform resource name. */
  id: string;
  priority: 1 | 2 | 3 | 4;
  severity: 'critical' | 'high' | 'warning' | 'info';
  type: 'query alert' | 'service check';
  query: string;
  critical: number;
  summary: string;
  /** `<file>.md#<anchor>` under docs/runbooks/. */
  runbook: string;
  /** P1 and P2 page through PagerDuty; every priority posts to Slack. */
  page: boolean;
  /** Minutes between re-notifications while it keeps firing (0: never). */
  renotify: number;
}

const SEVERITY = { 1: 'critical', 2: 'high', 3: 'warning', 4: 'info' } as const;

function monitor(alert: string, priority: Monitor['priority'], type: Monitor['type'], query: string, critical: number, summary: string, file: string): Monitor {
  return {
    alert,
    id: alert.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase(),
    priority,
    severity: SEVERITY[priority],
    type,
    query,
    critical,
    summary,
    runbook: `${file}.md#${alert.toLowerCase()}`,
    page: priority <= 2,
    renotify: { 1: 30, 2: 60, 3: 0, 4: 0 }[priority],
  };
}

const M = '${local.metrics}';
const S = '${local.scope}';

export function datadogMonitors(d: TemplateData): Monitor[] {
  const n = d.name;
  const errorRatio = (window: string, threshold: number) =>
    `sum(${window}):sum:${M}.http_requests.count{${S},status:5*}.as_count() / sum:${M}.http_requests.count{${S}}.as_count() > ${threshold}`;
  const platform = d.isKubernetes
    ? [
        monitor('PodCrashLooping', 2, 'query alert', `max(last_10m):max:kubernetes_state.container.status_report.count.waiting{${S},reason:crashloopbackoff} by {pod_name} >= 1`, 1, `A ${n} pod is in CrashLoopBackOff.`, 'incident-response'),
        monitor('FrequentPodRestarts', 3, 'query alert', `change(max(last_1h),last_1h):sum:kubernetes.containers.restarts{${S}} by {pod_name} > 3`, 3, `${n} containers restarted more than 3 times in an hour.`, 'incident-response'),
        monitor('HighCpuSaturation', 3, 'query alert', `avg(last_15m):(max:kubernetes.cpu.usage.total{${S}} by {pod_name} / 1000000000) / max:kubernetes.cpu.limits{${S}} by {pod_name} > 0.8`, 0.8, `${n} pods use more than 80% of their CPU limit.`, 'scaling'),
        monitor('HighMemorySaturation', 2, 'query alert', `avg(last_10m):max:kubernetes.memory.usage{${S}} by {pod_name} / max:kubernetes.memory.limits{${S}} by {pod_name} > 0.9`, 0.9, `${n} pods use more than 90% of their memory limit.`, 'scaling'),
        monitor('HpaAtMaxReplicas', 3, 'query alert', `min(last_15m):max:kubernetes_state.hpa.current_replicas{${S}} - max:kubernetes_state.hpa.max_replicas{${S}} >= 0`, 0, `The ${n} autoscaler has been at its maximum for 15 minutes.`, 'scaling'),
        monitor('NodeDiskSpaceLow', 3, 'query alert', `max(last_15m):max:system.disk.in_use{kube_cluster_name:${n}-\${var.environment}} by {host,device} > 0.8`, 0.8, 'A node has less than 20% disk space left.', 'scaling'),
      ]
    : [
        monitor('EcsTasksNotRunning', 2, 'query alert', 'min(last_10m):avg:aws.ecs.service.desired{servicename:${local.service}} - avg:aws.ecs.service.running{servicename:${local.service}} > 0', 0, `ECS runs fewer ${n} tasks than desired.`, 'incident-response'),
        monitor('HighCpuSaturation', 3, 'query alert', `avg(last_15m):max:ecs.fargate.cpu.percent{${S}} by {task_arn} > 80`, 80, `${n} tasks use more than 80% of their CPU.`, 'scaling'),
        monitor('HighMemorySaturation', 2, 'query alert', `avg(last_10m):max:ecs.fargate.mem.usage{${S}} by {task_arn} / max:ecs.fargate.mem.limit{${S}} by {task_arn} > 0.9`, 0.9, `${n} tasks use more than 90% of their memory.`, 'scaling'),
      ];
  return [
    monitor('ServiceDown', 1, 'service check', `"${M}.openmetrics.health".over("service:\${local.service}","env:\${var.environment}").last(3).count_by_status()`, 2, `No ${n} instance answers its metrics endpoint.`, 'incident-response'),
    monitor('HighErrorRate', 1, 'query alert', errorRatio('last_5m', 0.05), 0.05, `More than 5% of ${n} requests fail with a 5xx.`, 'incident-response'),
    monitor('ElevatedErrorRate', 3, 'query alert', errorRatio('last_15m', 0.01), 0.01, `More than 1% of ${n} requests fail with a 5xx.`, 'incident-response'),
    monitor('HighLatencyP99', 2, 'query alert', `avg(last_10m):p99:${M}.http_request_duration_seconds{${S}} > 1`, 1, `${n} p99 latency is above 1s.`, 'incident-response'),
    ...platform,
    monitor('DatabaseDown', 1, 'service check', '"postgres.can_connect".over("service:${local.service}","env:${var.environment}").last(3).count_by_status()', 2, `PostgreSQL for ${n} is unreachable.`, 'disaster-recovery'),
    monitor('DatabaseConnectionsHigh', 3, 'query alert', `avg(last_10m):max:postgresql.percent_usage_connections{${S}} > 0.8`, 0.8, `PostgreSQL for ${n} uses more than 80% of max_connections.`, 'scaling'),
  ];
}

interface Widget {
  title: string;
  /** Datadog metric queries (with the literal service and env, not HCL). */
  queries: string[];
}

function dashboard(title: string, description: string, widgets: Widget[]): string {
  const json = {
    title,
    description,
    layout_type: 'ordered',
    widgets: widgets.map((w) => ({
      definition: { type: 'timeseries', title: w.title, requests: w.queries.map((q) => ({ q, display_type: 'line' })) },
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** `monitoring/datadog/dashboards/<file>.json` → content. */
export function datadogDashboards(d: TemplateData): Array<{ file: string; content: string }> {
  const scope = `service:${d.name},env:${d.prodEnv}`;
  const m = d.name.replace(/-/g, '_');
  const app = dashboard(`${d.title} / Application`, `Golden signals of ${d.name}.`, [
    { title: 'Requests per second', queries: [`sum:${m}.http_requests.count{${scope}}.as_rate()`] },
    { title: 'Error ratio (5xx)', queries: [`sum:${m}.http_requests.count{${scope},status:5*}.as_count() / sum:${m}.http_requests.count{${scope}}.as_count()`] },
    { title: 'Latency p50 / p95 / p99', queries: ['p50', 'p95', 'p99'].map((p) => `${p}:${m}.http_request_duration_seconds{${scope}}`) },
    { title: 'Requests by route', queries: [`sum:${m}.http_requests.count{${scope}} by {route}.as_rate()`] },
  ]);
  const infra = d.isKubernetes
    ? dashboard(`${d.title} / Infrastructure`, `${d.name} pods and nodes.`, [
        { title: 'Pod CPU (cores)', queries: [`sum:kubernetes.cpu.usage.total{${scope}} by {pod_name} / 1000000000`] },
        { title: 'Pod memory', queries: [`sum:kubernetes.memory.usage{${scope}} by {pod_name}`] },
        { title: 'Container restarts', queries: [`sum:kubernetes.containers.restarts{${scope}} by {pod_name}`] },
        { title: 'Autoscaler replicas', queries: [`max:kubernetes_state.hpa.current_replicas{${scope}}`, `max:kubernetes_state.hpa.max_replicas{${scope}}`] },
      ])
    : dashboard(`${d.title} / Infrastructure`, `${d.name} Fargate tasks.`, [
        { title: 'Task CPU %', queries: [`max:ecs.fargate.cpu.percent{${scope}} by {task_arn}`] },
        { title: 'Task memory', queries: [`max:ecs.fargate.mem.usage{${scope}} by {task_arn}`] },
        { title: 'Desired vs running tasks', queries: [`avg:aws.ecs.service.desired{servicename:${d.name}}`, `avg:aws.ecs.service.running{servicename:${d.name}}`] },
      ]);
  const db = dashboard(`${d.title} / Database`, `PostgreSQL behind ${d.name}.`, [
    { title: 'Connections used', queries: [`max:postgresql.percent_usage_connections{${scope}}`] },
    { title: 'Commits and rollbacks', queries: [`sum:postgresql.commits{${scope}}.as_rate()`, `sum:postgresql.rollbacks{${scope}}.as_rate()`] },
    { title: 'Deadlocks', queries: [`sum:postgresql.deadlocks.count{${scope}}.as_count()`] },
    { title: 'Database size', queries: [`max:postgresql.database_size{${scope}} by {db}`] },
  ]);
  return [
    { file: 'application', content: app },
    { file: 'infrastructure', content: infra },
    { file: 'database', content: db },
  ];
}
