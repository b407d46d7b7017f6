import { defineRule } from '../../src/audit/load-rules.js';
import { parseUses, workflowOf } from '../../src/rules-kit/workflows.js';
import { str } from '../../src/rules-kit/yaml-nodes.js';

export default defineRule({
  meta: {
    id: 'github-actions/secrets-inherit',
    title: 'Reusable workflows from other repositories do not inherit every secret',
    description:
      '`secrets: inherit` hands every secret of the calling repository (and organisation) to the called workflow. For a workflow in another repository, anyone who can change that repository — or the tag you reference — gets all of them; even a trustworthy workflow then holds far more than it uses.',
    remediation: 'Pass only the secrets the called workflow declares: `secrets: {REGISTRY_TOKEN: ${{ secrets.REGISTRY_TOKEN }}}`. Local workflows (`./.github/workflows/…`) are part of this repository and may inherit.',
    checklistItem: 'security.secrets-management',
    severity: 'high',
    artifacts: ['github-workflow'],
    defaultOptions: { trustedOwners: [] },
    optionsDoc: { trustedOwners: 'Owners (organisations) whose reusable workflows may inherit secrets, e.g. your own organisation.' },
    examples: {
      fail: [
        { path: '.github/workflows/deploy.yml', code: 'on: push\njobs:\n  deploy:\n    uses: someone/workflows/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567\n    secrets: inherit\n' },
        { path: '.github/workflows/release.yml', code: 'on: push\njobs:\n  release:\n    uses: vendor/ci/.github/workflows/release.yml@v1\n    secrets: inherit\n' },
      ],
      pass: [
        { path: '.github/workflows/deploy.yml', code: 'on: push\njobs:\n  deploy:\n    uses: ./.github/workflows/reusable-deploy.yml\n    secrets: inherit\n' },
        {
          path: '.github/workflows/deploy.yml',
          code: 'on: push\njobs:\n  deploy:\n    uses: someone/workflows/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567\n    secrets:\n      DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n',
        },
        { path: '.github/workflows/deploy.yml', code: 'on: push\njobs:\n  deploy:\n    uses: acme/workflows/.github/workflows/deploy.yml@v3\n    secrets: inherit\n', options: { trustedOwners: ['acme'] } },
      ],
    },
  },
  check(ctx) {
    const wf = workflowOf(ctx.artifact);
    if (!wf) return;
    const trusted = new Set(((ctx.options.trustedOwners as string[] | undefined) ?? []).map((o) => o.toLowerCase()));
    for (const job of wf.jobs) {
      if (!job.uses || str(wf.doc, job.secretsNode) !== 'inherit') continue;
      const ref = parseUses(job.uses);
      if (!ref || ref.kind === 'local' || trusted.has((ref.owner ?? '').toLowerCase())) continue;
      ctx.report({ at: job.secretsNode as object, message: `job \`${job.id}\` gives every secret to \`${ref.name}\`, a workflow in another repository: pass only the secrets it needs` });
    }
  },
});
