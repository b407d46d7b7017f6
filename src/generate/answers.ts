// The answers that decide a stack, their defaults, and the derived values templates read.
// schemas/stack-answers.schema.json is the source of truth for what is valid.

export const RUNTIMES = ['node', 'python', 'go', 'java', 'existing'] as const;
export const CLOUDS = ['aws', 'gcp', 'azure'] as const;
export const ORCHESTRATORS = ['kubernetes', 'ecs'] as const;
export const STRATEGIES = ['rolling', 'blue-green', 'canary'] as const;
export const REGISTRIES = ['ghcr', 'ecr', 'gar', 'acr', 'dockerhub'] as const;
export const MONITORING = ['prometheus', 'datadog'] as const;
export const LOGGING = ['loki', 'efk', 'cloud'] as const;
export const TRACING = ['otel-jaeger', 'none'] as const;
export const SECRETS = ['vault', 'cloud'] as const;

export interface StackAnswers {
  /** Service name: DNS-1123 label (lowercase letters, digits, '-'), 2–40 chars. */
  name: string;
  runtime: (typeof RUNTIMES)[number];
  cloud: (typeof CLOUDS)[number];
  /** `ecs` only with `aws` (ECS Fargate); `kubernetes` means EKS/GKE/AKS by cloud. */
  orchestrator: (typeof ORCHESTRATORS)[number];
  strategy: (typeof STRATEGIES)[number];
  /** Promotion order, first to last; the last one is production. */
  environments: string[];
  registry: (typeof REGISTRIES)[number];
  monitoring: (typeof MONITORING)[number];
  logging: (typeof LOGGING)[number];
  tracing: (typeof TRACING)[number];
  secrets: (typeof SECRETS)[number];
  /** A preview environment per pull request: a namespace in the cluster, so Kubernetes only. */
  previews: boolean;
  /** GitHub owners for CODEOWNERS, e.g. `@acme/platform`. */
  codeowners: string[];
  /** Feature name for `.agency/handoff/<feature>/`. kebab-case. */
  feature: string;
  /** GitHub `owner/repo`, used in image names and URLs. */
  repository: string;
  /** Cloud region. */
  region: string;
  /** Port the app listens on. */
  port: number;
  /** Services added with `add service`, under services/<name>/ (recorded, never asked). */
  services?: string[];
}

export const DEFAULT_REGION: Record<StackAnswers['cloud'], string> = { aws: 'us-east-1', gcp: 'us-central1', azure: 'eastus' };
export const DEFAULT_REGISTRY: Record<StackAnswers['cloud'], StackAnswers['registry']> = { aws: 'ecr', gcp: 'gar', azure: 'acr' };

export function defaultAnswers(partial: Partial<StackAnswers> = {}): StackAnswers {
  const name = partial.name ?? 'my-service';
  const cloud = partial.cloud ?? 'aws';
  const orchestrator = partial.orchestrator ?? 'kubernetes';
  return {
    name,
    runtime: 'node',
    cloud,
    orchestrator: 'kubernetes',
    strategy: 'canary',
    environments: ['dev', 'staging', 'prod'],
    registry: DEFAULT_REGISTRY[cloud],
    monitoring: 'prometheus',
    logging: 'loki',
    tracing: 'otel-jaeger',
    secrets: cloud === 'aws' ? 'cloud' : 'cloud',
    // Previews are namespaces in a cluster: on by default with Kubernetes, not available on ECS.
    previews: orchestrator === 'kubernetes',
    codeowners: ['@acme/platform'],
    feature: 'devops-foundation',
    repository: `acme/${name}`,
    region: DEFAULT_REGION[cloud],
    port: 8080,
    ...partial,
  };
}
