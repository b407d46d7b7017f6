import { defineRule } from '../../src/audit/load-rules.js';
import { baseName, runbooks, RUNBOOK_TOPICS } from '../../src/rules-kit/markdown.js';

const RB = (title: string) => `# ${title}\n\n## Purpose\n\nWhat this is for.\n`;

export default defineRule({
  meta: {
    id: 'docs/runbooks-present',
    title: 'Runbooks exist for deployment, incidents, scaling and disaster recovery',
    description:
      'The four situations where someone must act fast and correctly (shipping, firefighting, scaling under load, restoring after loss) each need a written procedure in `docs/runbooks/`. Writing it during the incident is too late.',
    remediation: 'Add docs/runbooks/deployment.md, incident-response.md, scaling.md and disaster-recovery.md (`npx create-devops-stack add runbook`).',
    checklistItem: 'operations.runbooks',
    severity: 'medium',
    artifacts: ['runbook', 'markdown'],
    scope: 'repository',
    examples: {
      fail: [
        { path: 'docs/runbooks/deployment.md', code: RB('Deployment'), files: { 'docs/runbooks/incident-response.md': RB('Incident response') } },
        { path: 'README.md', code: '# app\n', note: 'no runbooks at all' },
      ],
      pass: [
        {
          path: 'docs/runbooks/deployment.md',
          code: RB('Deployment'),
          files: { 'docs/runbooks/incident-response.md': RB('Incidents'), 'docs/runbooks/scaling.md': RB('Scaling'), 'docs/runbooks/disaster-recovery.md': RB('DR') },
        },
      ],
    },
  },
  check(ctx) {
    const list = runbooks(ctx.repo);
    const missing: string[] = [];
    for (const t of RUNBOOK_TOPICS) {
      const found = list.find((a) => t.file.test(baseName(a.path)));
      if (found) ctx.evidence(`${t.label} runbook`, { file: found.path, at: { line: 1 } });
      else missing.push(t.label);
    }
    if (missing.length) {
      ctx.report({ message: `no ${missing.join(', ')} runbook${missing.length > 1 ? 's' : ''} in docs/runbooks/`, file: list[0]?.path ?? '.', at: { line: 1 } });
    }
  },
});
