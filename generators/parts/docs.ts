// docs/: the runbooks an on-call engineer follows and the infrastructure documents a newcomer
// reads, written for the chosen stack. The alert tables are read back from the rendered alert
// rules (or the Datadog monitor list), so the docs can never list an alert the stack does not have.
import type { PlannedFile, PlanPart } from '../../src/generate/plan.js';
import { readYaml } from '../../src/generate/read-yaml.js';
import { renderTemplate } from '../../src/generate/render.js';
import type { TemplateData } from '../../src/generate/template-data.js';
import { datadogMonitors } from './_datadog.js';
import { operations } from './_operations.js';

export interface AlertDoc {
  name: string;
  priority: string;
  severity: string;
  summary: string;
  /** `docs/runbooks/<file>.md#<anchor>` */
  runbook: string;
}

interface RuleDoc {
  alert?: string;
  labels?: { severity: string; priority: string };
  annotations?: { summary: string; runbook_url: string };
}

/** Alert templating in prose: `{{ $labels.pod }}` → `<pod>`, `{{ $value }}` → `N`. */
function readable(summary: string): string {
  return summary.replace(/\{\{\s*\$labels\.(\w+)\s*\}\}/g, '`<$1>`').replace(/\{\{\s*\$value[^}]*\}\}/g, 'N');
}

function prometheusAlerts(d: TemplateData): AlertDoc[] {
  // The same text as the file monitoring.ts plans: read once for the docs and the context files.
  const rules = readYaml(renderTemplate('monitoring/prometheus/rules/alert-rules.yml.hbs', d)) as { groups: Array<{ rules: RuleDoc[] }> };
  return rules.groups
    .flatMap((g) => g.rules)
    .filter((r) => r.alert)
    .map((r) => ({
      name: r.alert!,
      priority: r.labels!.priority,
      severity: r.labels!.severity,
      summary: readable(r.annotations!.summary),
      runbook: `docs/runbooks/${r.annotations!.runbook_url.split('/docs/runbooks/')[1]}`,
    }));
}

function datadogAlerts(d: TemplateData): AlertDoc[] {
  return datadogMonitors(d).map((m) => ({ name: m.alert, priority: `P${m.priority}`, severity: m.severity, summary: m.summary, runbook: `docs/runbooks/${m.runbook}` }));
}

/**
 * Alert names in dictionary order: case-insensitive, then lowercase first, the order ICU's root
 * collation gives letters and digits. Not localeCompare: its first call starts ICU (~10 ms of a
 * run), and it sorts by the machine's locale (in Lithuanian, Y sorts with I).
 */
function byName(a: string, b: string): number {
  const [la, lb] = [a.toLowerCase(), b.toLowerCase()];
  if (la !== lb) return la < lb ? -1 : 1;
  return a === b ? 0 : a > b ? -1 : 1; // same letters: the lowercase one (the greater code unit) first
}

export function alertCatalog(d: TemplateData): AlertDoc[] {
  return (d.isPrometheus ? prometheusAlerts(d) : datadogAlerts(d)).sort((a, b) => byName(a.priority, b.priority) || byName(a.name, b.name));
}

const DOCS = [
  'runbooks/deployment.md',
  'runbooks/incident-response.md',
  'runbooks/scaling.md',
  'runbooks/disaster-recovery.md',
  'infrastructure/architecture.md',
  'infrastructure/networking.md',
  'infrastructure/monitoring.md',
];

const docsPart: PlanPart = (d) => {
  const alerts = alertCatalog(d);
  const data = {
    ops: operations(d),
    alerts,
    /** Relative link from docs/<dir>/ to an alert's runbook section. */
    alertLinks: alerts.map((a) => ({ ...a, link: `../${a.runbook.replace(/^docs\//, '')}` })),
    platformName: { eks: 'Amazon EKS', gke: 'Google Kubernetes Engine (GKE)', aks: 'Azure Kubernetes Service (AKS)', ecs: 'Amazon ECS on Fargate' }[d.platform] ?? d.platform,
    cloudName: { aws: 'AWS', gcp: 'Google Cloud', azure: 'Azure' }[d.cloud],
    hasLoki: d.logging === 'loki',
    hasEfk: d.logging === 'efk',
    hasCloudLogs: d.logging === 'cloud',
    nonProdEnvs: d.envs.filter((e) => !e.isProd).map((e) => e.name),
  };
  return DOCS.map((p): PlannedFile => ({ path: `docs/${p}`, template: `docs/${p}.hbs`, data }));
};

export default docsPart;
