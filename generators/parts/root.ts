// Repository root files: environment template, security policy, audit config, pre-commit hooks,
// ignore and editor settings, and the README that explains the generated layout.
import { CHECKLISTS } from '../../src/audit/checklists.js';
import type { PlanPart } from '../../src/generate/plan.js';
import { VERSION } from '../../src/version.js';

const FILES: Array<[path: string, template: string]> = [
  ['.env.example', 'root/env.example.hbs'],
  ['SECURITY.md', 'root/SECURITY.md.hbs'],
  ['.devops-audit.yaml', 'root/devops-audit.yaml.hbs'],
  ['.pre-commit-config.yaml', 'root/pre-commit-config.yaml.hbs'],
  ['.gitignore', 'root/gitignore.hbs'],
  ['.editorconfig', 'root/editorconfig.hbs'],
  ['README.md', 'root/README.md.hbs'],
];

/** Items a stack does not satisfy by the team's own choice, with the answer that waived them. */
function waived(d: Parameters<PlanPart>[0]): Array<{ item: string; rule: string; why: string }> {
  return d.hasTracing ? [] : [{ item: 'monitoring.error-tracking', rule: 'monitoring/error-tracking', why: 'tracing: none was chosen, so no error tracker (OpenTelemetry, Sentry, APM) is set up' }];
}

const root: PlanPart = (d) => {
  // The generated stack is built to satisfy every checklist item, so the gate requires them all,
  // except what an answer explicitly opted out of: that is recorded, with its reason, in the config.
  const off = waived(d);
  const checklists = CHECKLISTS.map((c) => ({ id: c.id, title: c.title, items: c.items.map((i) => i.id).filter((id) => !off.some((w) => w.item === id)) }));
  const data = { checklists, toolVersion: VERSION, waived: off };
  return FILES.map(([path, template]) => ({ path, template, data }));
};

export default root;
