// Answers → the data every template sees: the answers themselves plus derived flags and names,
// so templates stay free of logic beyond `{{#if}}`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../schemas.js';
import type { StackAnswers } from './answers.js';

export interface ActionPin {
  sha: string;
  tag: string;
  inputs: Record<string, { required?: boolean; default?: unknown }>;
}

let pins: Record<string, ActionPin> | undefined;
/** Pinned GitHub Actions: data/github-actions.json is the single source of SHAs. */
export function actionPins(): Record<string, ActionPin> {
  pins ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'data', 'github-actions.json'), 'utf8')) as { actions: Record<string, ActionPin> }).actions;
  return pins;
}

export interface EnvironmentData {
  name: string;
  /** Index in the promotion order. */
  index: number;
  isProd: boolean;
  isFirst: boolean;
  previous?: string;
  next?: string;
  replicas: number;
  minReplicas: number;
  maxReplicas: number;
}

export interface TemplateData extends StackAnswers {
  isAws: boolean;
  isGcp: boolean;
  isAzure: boolean;
  isKubernetes: boolean;
  isEcs: boolean;
  isRolling: boolean;
  isBlueGreen: boolean;
  isCanary: boolean;
  isPrometheus: boolean;
  isDatadog: boolean;
  isVault: boolean;
  hasApp: boolean;
  hasTracing: boolean;
  /** `eks` | `gke` | `aks` | `ecs` */
  platform: string;
  envs: EnvironmentData[];
  prodEnv: string;
  stagingEnv: string;
  /** Full image name without tag, for the chosen registry. */
  image: string;
  /** Human name: "My Service". */
  title: string;
  year: number;
}

export function templateData(a: StackAnswers): TemplateData {
  const envs = a.environments.map((name, index, list) => {
    const isProd = index === list.length - 1;
    return {
      name,
      index,
      isProd,
      isFirst: index === 0,
      previous: index > 0 ? list[index - 1] : undefined,
      next: index < list.length - 1 ? list[index + 1] : undefined,
      replicas: isProd ? 3 : 2,
      minReplicas: 2,
      maxReplicas: isProd ? 10 : 4,
    };
  });
  const registryHost: Record<StackAnswers['registry'], string> = {
    ghcr: `ghcr.io/${a.repository}`,
    ecr: `123456789012.dkr.ecr.${a.region}.amazonaws.com/${a.name}`,
    gar: `${a.region}-docker.pkg.dev/${a.name}-project/${a.name}/${a.name}`,
    acr: `${a.name.replace(/-/g, '')}acr.azurecr.io/${a.name}`,
    dockerhub: `docker.io/${a.repository.split('/')[0]}/${a.name}`,
  };
  return {
    ...a,
    // Validation refuses previews on ECS; templates and the workflow list agree on it regardless.
    previews: a.previews && a.orchestrator === 'kubernetes',
    isAws: a.cloud === 'aws',
    isGcp: a.cloud === 'gcp',
    isAzure: a.cloud === 'azure',
    isKubernetes: a.orchestrator === 'kubernetes',
    isEcs: a.orchestrator === 'ecs',
    isRolling: a.strategy === 'rolling',
    isBlueGreen: a.strategy === 'blue-green',
    isCanary: a.strategy === 'canary',
    isPrometheus: a.monitoring === 'prometheus',
    isDatadog: a.monitoring === 'datadog',
    isVault: a.secrets === 'vault',
    hasApp: a.runtime !== 'existing',
    hasTracing: a.tracing !== 'none',
    platform: a.orchestrator === 'ecs' ? 'ecs' : { aws: 'eks', gcp: 'gke', azure: 'aks' }[a.cloud],
    envs,
    prodEnv: envs[envs.length - 1].name,
    stagingEnv: envs.length > 1 ? envs[envs.length - 2].name : envs[0].name,
    image: registryHost[a.registry],
    title: a.name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' '),
    year: new Date().getUTCFullYear(),
  };
}
