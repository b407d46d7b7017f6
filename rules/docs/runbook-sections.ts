import { defineRule } from '../../src/audit/load-rules.js';
import { isEmptyDoc, isRunbook, RUNBOOK_SECTIONS, sections } from '../../src/rules-kit/markdown.js';

const FULL =
  '# Deployment\n\n## Purpose\n\nShip a release to production.\n\n## Prerequisites\n\n- kubectl access to the cluster\n\n## Steps\n\n1. Tag the release.\n\n```sh\ngit tag v1.2.3 && git push origin v1.2.3\n```\n\n## Verification\n\n- `/readyz` returns 200\n\n## Rollback\n\n```sh\nkubectl rollout undo deployment/app\n```\n\n## Escalation\n\nPage the on-call engineer.\n';

export default defineRule({
  meta: {
    id: 'docs/runbook-sections',
    title: 'Runbooks have the sections an on-call engineer needs',
    description:
      'A runbook is read under stress by someone who did not write it. It must say what it is for, what access is needed first, the exact commands in order, how to tell it worked, how to undo it, and who to call when it does not. A runbook with no commands is an essay.',
    remediation: 'Give the runbook sections for purpose, prerequisites, steps (with the commands in code blocks), verification, rollback and escalation.',
    checklistItem: 'operations.runbooks',
    severity: 'medium',
    artifacts: ['runbook'],
    examples: {
      fail: [
        { path: 'docs/runbooks/deployment.md', code: '# Deployment\n\n## Purpose\n\nShip a release.\n\n## Steps\n\n1. Run the deploy workflow.\n', note: 'no commands, verification, rollback or escalation' },
        { path: 'docs/runbooks/scaling.md', code: '# Scaling\n', note: 'empty' },
      ],
      pass: [{ path: 'docs/runbooks/deployment.md', code: FULL }],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    if (!isRunbook(a) || a.path.toLowerCase().endsWith('readme.md')) return; // an index of runbooks, not a runbook
    const h1 = a.markdown.headings[0];
    const at = { line: h1?.line ?? 1 };
    if (isEmptyDoc(a)) {
      ctx.report({ message: 'runbook is empty', at });
      return;
    }
    const list = sections(a);
    const missing = RUNBOOK_SECTIONS.filter((s) => !list.some((x) => x.level > 1 && s.heading.test(x.heading))).map((s) => s.label);
    if (!a.markdown.codeBlocks.length) missing.push('commands (no code block)');
    if (missing.length) ctx.report({ message: `runbook lacks: ${missing.join(', ')}`, at });
    else ctx.evidence('runbook with purpose, prerequisites, steps, verification, rollback and escalation', { at });
  },
});
