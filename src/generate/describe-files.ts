// What each generated file is for, in one line, grouped the way the handoff summary (seed 001)
// reports work: pipelines, infrastructure, monitoring, security, scripts, docs, application.
export interface FileGroup {
  id: 'pipelines' | 'infrastructure' | 'monitoring' | 'security' | 'scripts' | 'docs' | 'app' | 'repository' | 'records';
  title: string;
  files: Array<{ path: string; purpose: string }>;
}

const GROUPS: Array<{ id: FileGroup['id']; title: string; test: RegExp }> = [
  { id: 'security', title: 'Security Configurations', test: /^(security\/|infrastructure\/terraform\/security\/|\.github\/workflows\/security-scan\.ya?ml$|SECURITY\.md$|\.pre-commit-config\.yaml$|\.devops-audit\.ya?ml$)/ },
  { id: 'pipelines', title: 'CI/CD Pipelines Created', test: /^\.github\// },
  { id: 'infrastructure', title: 'Infrastructure Provisioned', test: /^infrastructure\// },
  { id: 'monitoring', title: 'Monitoring and Alerting Setup', test: /^monitoring\// },
  { id: 'scripts', title: 'Deployment Scripts', test: /^scripts\// },
  { id: 'docs', title: 'Runbooks and Documentation', test: /^docs\// },
  { id: 'records', title: 'Handoff and Context Records', test: /^(\.agency\/|ai-state\/|\.devops-stack\/)/ },
  { id: 'app', title: 'Application Skeleton', test: /^(src|app|test|tests|cmd|internal|pkg)\/|^(package(-lock)?\.json|tsconfig\.json|pyproject\.toml|requirements.*\.txt|go\.(mod|sum)|pom\.xml|build\.gradle(\.kts)?|main\.go|Makefile)$/ },
  { id: 'repository', title: 'Repository Files', test: /./ },
];

/** Purposes by path pattern; the first match wins. A path with no match gets a purpose from its folder. */
const PURPOSES: Array<[RegExp, string]> = [
  [/^\.github\/workflows\/ci\.ya?ml$/, 'Continuous integration: lint, test, build, with dependency caching'],
  [/^\.github\/workflows\/deploy-staging\.ya?ml$/, 'Deploys every push to main to staging, with smoke tests'],
  [/^\.github\/workflows\/deploy-production\.ya?ml$/, 'Deploys release tags to production behind an approval, with health checks and automatic rollback'],
  [/^\.github\/workflows\/preview-deploy\.ya?ml$/, 'Preview environment per pull request, torn down on close'],
  [/^\.github\/workflows\/security-scan\.ya?ml$/, 'Dependency audit, SAST, container, IaC and secret scanning with SARIF upload'],
  [/^\.github\/workflows\/release\.ya?ml$/, 'Semantic versioning from conventional commits, changelog, tag and release notes'],
  [/^\.github\/workflows\//, 'GitHub Actions workflow'],
  [/^\.github\/dependabot\.ya?ml$/, 'Automated dependency updates'],
  [/^\.github\/CODEOWNERS$/, 'Code owners for reviews'],
  [/^infrastructure\/terraform\/modules\/([^/]+)\//, 'Terraform module: $1'],
  [/^infrastructure\/terraform\/environments\/([^/]+)\//, 'Terraform root for the $1 environment'],
  [/^infrastructure\/terraform\/security\//, 'Terraform: IAM, secrets and network security'],
  [/^infrastructure\/terraform\//, 'Terraform'],
  [/^infrastructure\/kubernetes\/base\//, 'Kubernetes base manifest'],
  [/^infrastructure\/kubernetes\/overlays\/([^/]+)\//, 'Kustomize overlay for $1'],
  [/^infrastructure\/docker\/Dockerfile/, 'Multi-stage container build: pinned base, non-root, health check'],
  [/^infrastructure\/docker\/docker-compose/, 'Local stack with Docker Compose'],
  [/^infrastructure\/docker\//, 'Container build support'],
  [/^monitoring\/prometheus\//, 'Prometheus configuration and rules'],
  [/^monitoring\/alertmanager\//, 'Alertmanager routing by severity'],
  [/^monitoring\/grafana\/dashboards\/([^/]+)\.json$/, 'Grafana dashboard: $1'],
  [/^monitoring\/grafana\//, 'Grafana provisioning'],
  [/^monitoring\/alerts\//, 'Alert rules'],
  [/^monitoring\/datadog\//, 'Datadog monitors'],
  [/^monitoring\//, 'Observability configuration'],
  [/^security\/iam\//, 'Security, IAM'],
  [/^security\/network\//, 'Security, network'],
  [/^security\/secrets\//, 'Security, secrets'],
  [/^security\//, 'Security configuration'],
  [/^scripts\/deploy\.sh$/, 'Deploy a version to an environment'],
  [/^scripts\/rollback\.sh$/, 'Roll an environment back to the previous version'],
  [/^scripts\/health-check\.sh$/, 'Poll health endpoints until healthy or time out'],
  [/^scripts\/lib\/codedeploy\.sh$/, 'CodeDeploy deployments, stops and rollbacks for ECS blue-green and canary'],
  [/^docs\/runbooks\/([^/]+)\.md$/, 'Runbook: $1'],
  [/^docs\/infrastructure\/([^/]+)\.md$/, 'Infrastructure documentation: $1'],
  [/^\.agency\/handoff\/[^/]+\/devops-automator\/([^/]+)$/, 'Handoff: $1'],
  [/^ai-state\/active\/devops\/tasks\//, 'Open DevOps task'],
  [/^ai-state\//, 'DevOps context for orchestration'],
  [/^\.devops-stack\/answers\.json$/, 'The answers this stack was generated from'],
  [/^\.devops-stack\/manifest\.json$/, 'What the generator wrote, with content hashes'],
  [/^SECURITY\.md$/, 'Security policy and vulnerability reporting'],
  [/^\.env\.example$/, 'Configuration the app reads, without secrets'],
  [/^\.pre-commit-config\.yaml$/, 'Pre-commit hooks, devops-audit included'],
  [/^\.devops-audit\.ya?ml$/, 'devops-audit configuration'],
];

/** What a file is by its name, added after the folder's purpose for Terraform and Kubernetes. */
const BY_NAME: Record<string, string> = {
  'main.tf': 'resources',
  'variables.tf': 'inputs',
  'outputs.tf': 'outputs',
  'versions.tf': 'pinned Terraform and provider versions',
  'backend.tf': 'remote state with locking',
  'terraform.tfvars': 'values for this environment',
  'policies.tf': 'IAM policies, least privilege',
  'roles.tf': 'IAM roles, including the CI role trusted through OIDC',
  'audit-logging.tf': 'audit logging',
  'security-groups.tf': 'security groups',
  'firewall-rules.tf': 'firewall rules',
  'kms.tf': 'encryption keys',
  'secrets-manager.tf': 'secrets in the cloud secret manager',
  'vault-config.hcl': 'HashiCorp Vault configuration',
  'kustomization.yaml': 'kustomization',
  'namespace.yaml': 'Namespace',
  'serviceaccount.yaml': 'ServiceAccount',
  'configmap.yaml': 'ConfigMap',
  'deployment.yaml': 'Deployment',
  'rollout.yaml': 'Argo Rollout (progressive delivery)',
  'analysistemplate.yaml': 'AnalysisTemplate gating promotion',
  'service.yaml': 'Services',
  'ingress.yaml': 'Ingress',
  'hpa.yaml': 'HorizontalPodAutoscaler',
  'pdb.yaml': 'PodDisruptionBudget',
  'networkpolicy.yaml': 'NetworkPolicies',
  'servicemonitor.yaml': 'ServiceMonitor for Prometheus',
};

export function purposeOf(path: string): string {
  for (const [re, text] of PURPOSES) {
    const m = re.exec(path);
    if (!m) continue;
    const base = text.replace('$1', m[1] ?? '');
    const byName = /^(infrastructure|security)\//.test(path) ? BY_NAME[path.slice(path.lastIndexOf('/') + 1)] : undefined;
    return byName ? `${base}: ${byName}` : base;
  }
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  return dir ? `Part of ${dir}/` : 'Repository file';
}

export function groupFiles(paths: string[]): FileGroup[] {
  const groups = GROUPS.map((g) => ({ id: g.id, title: g.title, files: [] as FileGroup['files'] }));
  for (const path of paths) {
    const i = GROUPS.findIndex((g) => g.test.test(path));
    groups[i].files.push({ path, purpose: purposeOf(path) });
  }
  return groups.filter((g) => g.files.length > 0);
}
