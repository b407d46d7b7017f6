import { defineRule } from '../../src/audit/load-rules.js';
import { isRunbook, placeholders } from '../../src/rules-kit/markdown.js';

export default defineRule({
  meta: {
    id: 'docs/no-placeholders',
    title: 'Operational documents have no unfilled placeholders',
    description:
      'A runbook that says "TODO" at step 3, or a handoff signed "[Your name]", was never finished: the reader finds out at the worst moment. Template markers (`TODO`, `TBD`, `FIXME`, `[Your name]`, `[Date]`, lorem ipsum) in runbooks, architecture docs and handoff files mean the document is not done.',
    remediation: 'Fill in or delete each placeholder. Track open work in the issue tracker, not in the runbook.',
    checklistItem: 'operations.runbooks',
    severity: 'medium',
    artifacts: ['runbook', 'architecture-doc', 'handoff'],
    examples: {
      fail: [
        { path: 'docs/runbooks/scaling.md', code: '# Scaling\n\n## Steps\n\n1. TODO: describe how to add nodes\n' },
        { path: '.agency/handoff/checkout/devops-automator/summary.md', code: '# Summary\n\n---\n**DevOps Automator**: [Your name]\n**Infrastructure Date**: [Date]\n' },
      ],
      pass: [{ path: 'docs/runbooks/scaling.md', code: '# Scaling\n\n## Steps\n\n1. Raise `maxReplicas` in the HPA and apply it ([how](../infrastructure/architecture.md)).\n' }],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    if (!a.is('markdown')) return;
    if (a.is('runbook') && !isRunbook(a) && !a.is('handoff') && !a.is('architecture-doc')) return;
    const item = a.is('handoff') ? 'operations.handoff' : a.is('runbook') ? 'operations.runbooks' : 'operations.architecture-docs';
    for (const p of placeholders(a)) {
      ctx.report({ message: `unfilled placeholder "${p.token}"`, at: { line: p.line, column: p.column, endColumn: p.column + p.length }, checklistItem: item });
    }
  },
});
