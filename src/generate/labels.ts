// Human names for answer values, for prose (docs, handoff summary, prompts).
import type { StackAnswers } from './answers.js';

export const LABELS = {
  runtime: { node: 'Node.js', python: 'Python', go: 'Go', java: 'Java', existing: 'existing app (no skeleton)' },
  cloud: { aws: 'AWS', gcp: 'Google Cloud', azure: 'Azure' },
  orchestrator: { kubernetes: 'Kubernetes', ecs: 'ECS Fargate' },
  strategy: { rolling: 'rolling update', 'blue-green': 'blue-green', canary: 'canary' },
  registry: { ghcr: 'GitHub Container Registry', ecr: 'Amazon ECR', gar: 'Google Artifact Registry', acr: 'Azure Container Registry', dockerhub: 'Docker Hub' },
  monitoring: { prometheus: 'Prometheus + Grafana + Alertmanager', datadog: 'Datadog' },
  logging: { loki: 'Loki', efk: 'EFK (Elasticsearch, Fluent Bit, Kibana)', cloud: "the cloud's log service" },
  tracing: { 'otel-jaeger': 'OpenTelemetry Collector + Jaeger', none: 'none' },
  secrets: { vault: 'HashiCorp Vault', cloud: "the cloud's secret manager" },
} as const satisfies { [K in keyof StackAnswers]?: Record<string, string> };

const PLATFORM = { eks: 'Amazon EKS', gke: 'Google GKE', aks: 'Azure AKS', ecs: 'Amazon ECS on Fargate' } as const;
const SECRET_MANAGER = { aws: 'AWS Secrets Manager', gcp: 'Google Secret Manager', azure: 'Azure Key Vault' } as const;
const CLOUD_LOGS = { aws: 'CloudWatch Logs', gcp: 'Cloud Logging', azure: 'Azure Monitor Logs' } as const;

/** Display names for one set of answers, as template data (`labels.cloud`, `labels.platform` …). */
export function labelsFor(a: StackAnswers & { platform: string }): Record<string, string> {
  return {
    runtime: LABELS.runtime[a.runtime],
    cloud: LABELS.cloud[a.cloud],
    platform: PLATFORM[a.platform as keyof typeof PLATFORM] ?? a.platform,
    strategy: LABELS.strategy[a.strategy],
    registry: LABELS.registry[a.registry],
    monitoring: LABELS.monitoring[a.monitoring],
    logging: a.logging === 'cloud' ? CLOUD_LOGS[a.cloud] : LABELS.logging[a.logging],
    tracing: LABELS.tracing[a.tracing],
    secrets: a.secrets === 'vault' ? 'HashiCorp Vault' : SECRET_MANAGER[a.cloud],
  };
}
