import { defineRule } from '../../src/audit/load-rules.js';
import { hasTrigger, workflowOf } from '../../src/rules-kit/workflows.js';

export default defineRule({
  meta: {
    id: 'github-actions/self-hosted-runner-pr',
    title: 'Self-hosted runners do not run pull requests',
    description:
      'On a public repository anyone can open a pull request, and its workflow runs on your self-hosted runner: the contributor\'s code executes inside your network, can persist on a non-ephemeral machine and read what later jobs leave behind (credentials, caches).',
    remediation: 'Run pull-request workflows on GitHub-hosted runners; keep self-hosted (ideally ephemeral, isolated) runners for trusted `push`/`workflow_dispatch` jobs, and require approval for fork pull requests.',
    checklistItem: 'security.access-control',
    severity: 'high',
    artifacts: ['github-workflow'],
    equivalents: ['poutine:pr_runs_on_self_hosted'],
    examples: {
      fail: [
        { path: '.github/workflows/ci.yml', code: 'on: pull_request\njobs:\n  test:\n    runs-on: [self-hosted, linux]\n    steps:\n      - run: make test\n' },
        { path: '.github/workflows/ci.yml', code: 'on:\n  pull_request_target:\njobs:\n  test:\n    runs-on: self-hosted\n    steps:\n      - run: make test\n' },
      ],
      pass: [
        { path: '.github/workflows/ci.yml', code: 'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make test\n' },
        { path: '.github/workflows/deploy.yml', code: 'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: [self-hosted, deploy]\n    steps:\n      - run: make deploy\n' },
      ],
    },
  },
  check(ctx) {
    const wf = workflowOf(ctx.artifact);
    if (!wf || !hasTrigger(wf, 'pull_request', 'pull_request_target', 'issue_comment', 'pull_request_review', 'pull_request_review_comment')) return;
    for (const job of wf.jobs) {
      if (job.runsOn.some((l) => l.toLowerCase() === 'self-hosted')) {
        ctx.report({ at: job.runsOnNode as object, message: `job \`${job.id}\` runs pull-request code on a self-hosted runner: use a GitHub-hosted runner for pull requests` });
      }
    }
  },
});
