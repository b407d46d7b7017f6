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

const root: PlanPart = () => {
  // The generated stack is built to satisfy every checklist item, so the gate requires them all.
  const checklists = CHECKLISTS.map((c) => ({ id: c.id, title: c.title, items: c.items.map((i) => i.id) }));
  const data = { checklists, toolVersion: VERSION };
  return FILES.map(([path, template]) => ({ path, template, data }));
};

export default root;
