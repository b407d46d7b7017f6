// The orchestration context of seed 002 (ai-state/active/devops/): pipelines, infrastructure,
// monitoring and open tasks. Read from the files the stack actually holds (workflows, manifests
// and rules are parsed), so the context never claims a pipeline or alert that is not there.
import type { DeriveContext } from './plan.js';
import { readYaml } from './read-yaml.js';
import type { TemplateData } from './template-data.js';

type Json = Record<string, unknown>;

function yamlOf(ctx: DeriveContext, path: string): unknown {
  const text = ctx.content(path);
  return text === undefined ? undefined : readYaml(text);
}

const paths = (ctx: DeriveContext, re: RegExp) => ctx.files.map((f) => f.path).filter((p) => re.test(p));

function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  if (on && typeof on === 'object') return Object.keys(on);
  return [];
}

export function pipelinesState(ctx: DeriveContext): Json {
  const d = ctx.data;
  const pipelines = paths(ctx, /^\.github\/workflows\/[^/]+\.ya?ml$/).map((file) => {
    const wf = (yamlOf(ctx, file) ?? {}) as { name?: unknown; on?: unknown; jobs?: Record<string, { environment?: unknown; name?: unknown }> };
    const jobs = Object.entries(wf.jobs ?? {});
    const environments = jobs
      .map(([, j]) => (typeof j?.environment === 'string' ? j.environment : (j?.environment as { name?: unknown } | undefined)?.name))
      .filter((e): e is string => typeof e === 'string');
    return { file, name: typeof wf.name === 'string' ? wf.name : file, triggers: triggers(wf.on), jobs: jobs.map(([id]) => id), environments: [...new Set(environments)] };
  });
  return {
    service: d.name,
    repository: d.repository,
    platform: 'github-actions',
    strategy: d.strategy,
    promotion: d.environments,
    production: d.prodEnv,
    previews: d.previews,
    pipelines,
  };
}

const SECRET_STORES: Record<TemplateData['cloud'], string> = { aws: 'aws-secrets-manager', gcp: 'gcp-secret-manager', azure: 'azure-key-vault' };

export function infrastructureState(ctx: DeriveContext): Json {
  const d = ctx.data;
  // Folder names in promotion order (environments), then the rest by name.
  const rank = (n: string) => (d.environments.includes(n) ? d.environments.indexOf(n) : d.environments.length);
  const dirs = (re: RegExp) => [...new Set(paths(ctx, re).map((p) => re.exec(p)![1]))].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return {
    service: d.name,
    cloud: d.cloud,
    region: d.region,
    platform: d.platform,
    orchestrator: d.orchestrator,
    iac: 'terraform',
    terraform: {
      modules: dirs(/^infrastructure\/terraform\/modules\/([^/]+)\//),
      environments: dirs(/^infrastructure\/terraform\/environments\/([^/]+)\//),
    },
    // Manifests by file (parsing every object costs ~30 ms per run; their kinds are in the files).
    kubernetes: d.isKubernetes ? { overlays: dirs(/^infrastructure\/kubernetes\/overlays\/([^/]+)\//), base: paths(ctx, /^infrastructure\/kubernetes\/base\/[^/]+\.ya?ml$/) } : null,
    environments: d.envs.map((e) => ({ name: e.name, production: e.isProd, promotesTo: e.next ?? null, replicas: e.replicas, minReplicas: e.minReplicas, maxReplicas: e.maxReplicas })),
    autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70, memoryUtilization: 80 },
    registry: d.registry,
    image: d.image,
    secrets: d.isVault ? 'vault' : SECRET_STORES[d.cloud],
    files: paths(ctx, /^(infrastructure|security)\//),
  };
}

const PRIORITY: Record<string, string> = { critical: 'P1', high: 'P2', warning: 'P3', medium: 'P3', low: 'P4', info: 'P4' };

interface RuleGroup {
  name?: unknown;
  rules?: Array<{ alert?: unknown; record?: unknown; for?: unknown; labels?: Record<string, unknown>; annotations?: Record<string, unknown> }>;
}

export function monitoringState(ctx: DeriveContext): Json {
  const d = ctx.data;
  const alerts: Json[] = [];
  const recordingRules: string[] = [];
  // Only files with a top-level `groups:` can hold Prometheus rules; the rest are not parsed.
  for (const file of paths(ctx, /^monitoring\/.+\.ya?ml$/).filter((f) => /^groups:/m.test(ctx.content(f) ?? ''))) {
    const doc = yamlOf(ctx, file) as { groups?: RuleGroup[] } | undefined;
    if (!doc || !Array.isArray(doc.groups)) continue;
    for (const g of doc.groups) {
      for (const r of g?.rules ?? []) {
        if (typeof r?.record === 'string') recordingRules.push(r.record);
        if (typeof r?.alert !== 'string') continue;
        const severity = String(r.labels?.severity ?? '');
        const priority = String(r.labels?.priority ?? PRIORITY[severity] ?? '');
        alerts.push({ name: r.alert, severity, priority, for: r.for === undefined ? null : String(r.for), runbook: r.annotations?.runbook_url ?? null, file });
      }
    }
  }
  const dashboards = paths(ctx, /^monitoring\/.*dashboards\/[^/]+\.json$/).map((file) => {
    let title = file;
    try {
      const t = (JSON.parse(ctx.content(file) ?? '{}') as { title?: unknown }).title;
      if (typeof t === 'string') title = t;
    } catch {
      /* keep the path as title */
    }
    return { file, title };
  });
  return {
    service: d.name,
    metrics: d.monitoring,
    logging: d.logging,
    tracing: d.tracing,
    slo: { availability: '99.9%', latencyP95Ms: 500, errorRate: '1%' },
    alertLevels: { P1: 'Service down', P2: 'Performance degraded', P3: 'Non-critical errors', P4: 'Warnings' },
    alerts,
    recordingRules,
    dashboards,
    files: paths(ctx, /^monitoring\//),
  };
}

export interface Task {
  id: string;
  title: string;
  status: 'todo' | 'in-progress' | 'blocked' | 'done';
  priority: 'P1' | 'P2' | 'P3' | 'P4';
  checklistItem: string;
  description: string;
  files: string[];
}

/** What a team must still do by hand before the first deploy: the generator cannot. */
export function openTasks(d: TemplateData): Task[] {
  const cloudAuth = { aws: 'an IAM role trusting GitHub OIDC (token.actions.githubusercontent.com)', gcp: 'a Workload Identity Federation pool and provider for GitHub', azure: 'a federated credential on an Entra ID app registration' }[d.cloud];
  const tasks: Array<Omit<Task, 'id' | 'status'> & { slug: string }> = [
    { slug: 'bootstrap-remote-state', title: 'Create the Terraform remote state and lock', priority: 'P1', checklistItem: 'infrastructure.iac', description: `Create the state bucket and lock named in infrastructure/terraform/**/backend.tf in ${d.region}, then run terraform init per environment.`, files: ['infrastructure/terraform/'] },
    { slug: 'configure-oidc', title: 'Trust GitHub Actions through OIDC', priority: 'P1', checklistItem: 'security.access-control', description: `Create ${cloudAuth} scoped to ${d.repository}, and set its identifiers as repository variables; no long-lived keys.`, files: ['.github/workflows/'] },
    { slug: 'protect-production', title: `Require approval for the ${d.prodEnv} environment`, priority: 'P1', checklistItem: 'delivery.production-approval', description: `In the repository settings, add required reviewers (${d.codeowners.join(', ')}) to the "${d.prodEnv}" environment and restrict it to release tags.`, files: ['.github/workflows/deploy-production.yml'] },
    { slug: 'wire-alert-receivers', title: 'Connect alert receivers', priority: 'P2', checklistItem: 'monitoring.alert-rules', description: d.isDatadog ? 'Set the Datadog notification handles used by monitoring/datadog/monitors.tf.' : 'Store the PagerDuty routing key and Slack webhook in the secret store and reference them from the Alertmanager configuration.', files: ['monitoring/'] },
    { slug: 'first-release', title: 'Cut the first release through the pipeline', priority: 'P3', checklistItem: 'delivery.release-automation', description: `Merge a conventional commit to main, let it reach ${d.stagingEnv}, then publish the release and approve the ${d.prodEnv} deployment; rehearse scripts/rollback.sh once.`, files: ['.github/workflows/release.yml', 'scripts/rollback.sh'] },
  ];
  return tasks.map((t, i) => {
    const { slug, ...rest } = t;
    return { id: `task-${String(i + 1).padStart(3, '0')}-${slug}`, status: 'todo', ...rest };
  });
}
