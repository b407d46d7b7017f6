import { defineRule } from '../../src/audit/load-rules.js';
import { byActivity } from '../../src/rules-kit/ci-activities.js';
import { workflowOf } from '../../src/rules-kit/workflows.js';

export default defineRule({
  meta: {
    id: 'github-actions/deploy-concurrency',
    title: 'Deploy workflows serialise with `concurrency`',
    description:
      'Two deploys of the same environment running at once — two quick merges, a re-run next to a new push — race: the older one can finish last and roll production back to a stale version, or both fight over a Terraform lock or a rollout. A `concurrency` group per environment makes them queue.',
    remediation: 'Add `concurrency: {group: deploy-${{ github.workflow }}-<environment>, cancel-in-progress: false}` at the workflow level or on the deploy job (do not cancel a deploy half-way).',
    checklistItem: 'delivery.deployment-strategy',
    severity: 'medium',
    artifacts: ['github-workflow'],
    examples: {
      fail: [
        {
          path: '.github/workflows/deploy.yml',
          code: 'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment: staging\n    steps:\n      - run: helm upgrade --install app ./chart --wait\n',
        },
        {
          path: '.github/workflows/deploy.yml',
          code: 'on: workflow_dispatch\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: kubectl apply -k k8s/overlays/production\n',
        },
      ],
      pass: [
        {
          path: '.github/workflows/reusable-deploy.yml',
          code: 'on:\n  workflow_call:\n    inputs:\n      environment: {type: string, required: true}\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment: ${{ inputs.environment }}\n    steps:\n      - run: helm upgrade --install app ./chart --wait\n',
          files: { '.github/workflows/deploy.yml': 'on:\n  push:\n    branches: [main]\nconcurrency: deploy-staging\njobs:\n  staging:\n    uses: ./.github/workflows/reusable-deploy.yml\n    with:\n      environment: staging\n' },
          note: 'a reusable workflow inherits its caller\'s concurrency group',
        },
        {
          path: '.github/workflows/deploy.yml',
          code:
            'on:\n  push:\n    branches: [main]\nconcurrency:\n  group: deploy-staging\n  cancel-in-progress: false\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment: staging\n    steps:\n      - run: helm upgrade --install app ./chart --wait\n',
        },
        {
          path: '.github/workflows/deploy.yml',
          code: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    concurrency: production\n    steps:\n      - run: kubectl apply -k k8s/overlays/production\n',
        },
      ],
    },
  },
  check(ctx) {
    // File scope (so pre-commit runs check a changed workflow); the repository model supplies scripts and callers when present.
    const jobs = [...new Set(byActivity(ctx.repo, 'deploy').map((f) => f.job))].filter((j) => j.provider === 'github' && j.gh && j.workflow && j.file === ctx.artifact.path);
    for (const job of jobs) {
      const wf = job.workflow!;
      // Reusable workflows inherit their callers' concurrency.
      const callers = ctx.repo.ofKind('github-workflow').map((a) => workflowOf(a)).flatMap((w) => (w ? w.jobs.filter((j) => j.uses?.replace(/^\.\//, '') === wf.artifact.path).map((j) => ({ w, j })) : []));
      // In a partial run the callers of a reusable workflow may be absent: do not judge it.
      if (ctx.partial && callers.length === 0 && wf.triggers.some((t) => t.event === 'workflow_call')) continue;
      const guarded = wf.concurrency || job.gh!.concurrency || (callers.length > 0 && callers.every(({ w, j }) => w.concurrency || j.concurrency));
      if (guarded) ctx.evidence(`${'`'}${job.file}${'`'} job ${'`'}${job.id}${'`'} deploys under a ${'`'}concurrency${'`'} group`, { file: job.file, at: job.at });
      else ctx.report({ file: job.file, at: job.gh!.keyNode, message: `job \`${job.id}\` deploys with no \`concurrency\` group: concurrent runs can race and leave an older version deployed; add \`concurrency: {group: deploy-<environment>, cancel-in-progress: false}\`` });
    }
  },
});
