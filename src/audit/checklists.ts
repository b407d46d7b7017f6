// The seven checklists of DESIGN.md. Ids are a contract: reports, configs and other tools read them.
import type { ArtifactKind } from '../repo/kinds.js';

export interface ChecklistItemDef {
  id: string; // `<checklist>.<item>`
  title: string;
  /** The item is n/a when the repository has no file of these kinds. Absent: always applicable. */
  appliesTo?: ArtifactKind[];
}

export interface ChecklistDef {
  id: string;
  title: string;
  items: ChecklistItemDef[];
}

const CONTAINER_KINDS: ArtifactKind[] = ['dockerfile', 'compose', 'kubernetes', 'helm-values'];
const DEPLOYABLE: ArtifactKind[] = ['dockerfile', 'compose', 'kubernetes', 'helm-values', 'terraform', 'helm-chart'];

function items(checklist: string, list: Array<[string, string, ArtifactKind[]?]>): ChecklistItemDef[] {
  return list.map(([id, title, appliesTo]) => ({ id: `${checklist}.${id}`, title, ...(appliesTo ? { appliesTo } : {}) }));
}

export const CHECKLISTS: ChecklistDef[] = [
  {
    id: 'cicd',
    title: 'CI/CD',
    items: items('cicd', [
      ['automated-builds', 'Automated builds'],
      ['automated-tests', 'Automated tests'],
      ['security-scanning', 'Security scanning'],
      ['code-quality', 'Code quality checks'],
      ['artifact-versioning', 'Artifact versioning'],
      ['rollback', 'Rollback capability'],
    ]),
  },
  {
    id: 'infrastructure',
    title: 'Infrastructure',
    items: items('infrastructure', [
      ['iac', 'Infrastructure as code'],
      ['immutable', 'Immutable infrastructure', DEPLOYABLE],
      ['autoscaling', 'Auto-scaling', DEPLOYABLE],
      ['backups', 'Backup strategy', ['terraform']],
      ['disaster-recovery', 'Disaster recovery plan', DEPLOYABLE],
      ['cost-optimization', 'Cost optimization', ['terraform', 'kubernetes', 'helm-values']],
    ]),
  },
  {
    id: 'monitoring',
    title: 'Monitoring',
    items: items('monitoring', [
      ['app-metrics', 'Application metrics'],
      ['infra-metrics', 'Infrastructure metrics'],
      ['log-aggregation', 'Log aggregation'],
      ['error-tracking', 'Error tracking'],
      ['alert-rules', 'Alert rules'],
      ['dashboards', 'Dashboards'],
    ]),
  },
  {
    id: 'security',
    title: 'Security',
    items: items('security', [
      ['vulnerability-scanning', 'Vulnerability scanning'],
      ['secrets-management', 'Secrets management'],
      ['network-security', 'Network security', ['kubernetes', 'terraform', 'compose', 'helm-values']],
      ['access-control', 'Access control'],
      ['audit-logging', 'Audit logging', ['terraform', 'kubernetes']],
      ['compliance', 'Compliance checks'],
    ]),
  },
  {
    id: 'containers',
    title: 'Containers',
    items: items('containers', [
      ['multi-stage', 'Multi-stage builds', ['dockerfile']],
      ['pinned-base-images', 'Pinned base images', CONTAINER_KINDS],
      ['healthcheck', 'Health checks', CONTAINER_KINDS],
      ['non-root', 'Non-root user', CONTAINER_KINDS],
      ['graceful-shutdown', 'Graceful shutdown', CONTAINER_KINDS],
      ['minimal-image', 'Minimal images', ['dockerfile']],
    ]),
  },
  {
    id: 'delivery',
    title: 'Delivery',
    items: items('delivery', [
      ['deployment-strategy', 'Deployment strategy', DEPLOYABLE],
      ['health-checks', 'Post-deploy health checks', DEPLOYABLE],
      ['automated-rollback', 'Automated rollback', DEPLOYABLE],
      ['production-approval', 'Production approval', DEPLOYABLE],
      ['environment-promotion', 'Environment promotion', DEPLOYABLE],
      ['release-automation', 'Release automation'],
    ]),
  },
  {
    id: 'operations',
    title: 'Operations',
    items: items('operations', [
      ['runbooks', 'Runbooks'],
      ['incident-response', 'Incident response'],
      ['architecture-docs', 'Architecture docs'],
      ['handoff', 'Handoff and context files'],
      ['ownership', 'Ownership'],
      ['dependency-updates', 'Dependency updates'],
    ]),
  },
];

export const CHECKLIST_ITEMS: Map<string, ChecklistItemDef> = new Map(
  CHECKLISTS.flatMap((c) => c.items.map((i) => [i.id, i] as const)),
);

/** `core.*` items are engine-level (parse errors, suppressions) and not scored. */
export function isKnownItem(id: string): boolean {
  return CHECKLIST_ITEMS.has(id) || id.startsWith('core.');
}
