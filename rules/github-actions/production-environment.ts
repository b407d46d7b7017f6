import { defineRule } from '../../src/audit/load-rules.js';
import { byActivity } from '../../src/rules-kit/ci-activities.js';
import { describeJob, targetsProduction } from '../../src/rules-kit/ci-model.js';

export default defineRule({
  meta: {
    id: 'github-actions/production-environment',
    title: 'Production deploy jobs run in a GitHub `environment`',
    description:
      'A GitHub environment is where production protection lives: required reviewers, wait timers, branch/tag restrictions and environment-scoped secrets and OIDC subjects. A production deploy job without `environment:` bypasses all of it and leaves no deployment record.',
    remediation: 'Add `environment: {name: production, url: https://…}` to the production deploy job, and configure required reviewers and a `main`/tag deployment-branch rule on that environment.',
    checklistItem: 'delivery.production-approval',
    severity: 'high',
    artifacts: ['github-workflow'],
    examples: {
      fail: [
        {
          path: '.github/workflows/deploy-production.yml',
          code: 'on:\n  release:\n    types: [published]\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./scripts/deploy.sh production\n',
          files: { 'scripts/deploy.sh': '#!/bin/sh\nkubectl apply -k "k8s/overlays/$1"\n' },
        },
        { path: '.github/workflows/cd.yml', code: 'on: workflow_dispatch\njobs:\n  prod:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: helm upgrade --install app ./chart -f values-prod.yaml\n', note: 'a manual start is not a protected environment' },
      ],
      pass: [
        {
          path: '.github/workflows/reusable-deploy.yml',
          code: 'on:\n  workflow_call:\n    inputs:\n      environment: {type: string, required: true}\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment: ${{ inputs.environment }}\n    steps:\n      - run: kubectl apply -k k8s/overlays/${{ inputs.environment }}\n',
          files: { '.github/workflows/release.yml': 'on:\n  release:\n    types: [published]\njobs:\n  production:\n    uses: ./.github/workflows/reusable-deploy.yml\n    with:\n      environment: production\n' },
          note: 'the environment comes from the caller of a reusable workflow',
        },
        {
          path: '.github/workflows/deploy-production.yml',
          code: 'on:\n  release:\n    types: [published]\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment:\n      name: production\n      url: https://example.com\n    steps:\n      - run: ./scripts/deploy.sh production\n',
          files: { 'scripts/deploy.sh': '#!/bin/sh\nkubectl apply -k "k8s/overlays/$1"\n' },
        },
        { path: '.github/workflows/deploy-staging.yml', code: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: kubectl apply -k k8s/overlays/staging\n', note: 'not production' },
      ],
    },
  },
  check(ctx) {
    // File scope (so pre-commit runs check a changed workflow); the repository model supplies scripts when present.
    const jobs = [...new Set(byActivity(ctx.repo, 'deploy').map((f) => f.job))].filter((j) => j.provider === 'github' && j.gh && j.file === ctx.artifact.path);
    for (const job of jobs) {
      if (!targetsProduction(job)) continue;
      if (job.environment) ctx.evidence(`${describeJob(job)} deploys production in environment \`${job.environment.name}\``, { file: job.file, at: job.environment.at ?? job.at });
      else ctx.report({ file: job.file, at: job.gh!.keyNode, message: `${describeJob(job)} deploys production without \`environment:\`, bypassing required reviewers and environment secrets: add \`environment: production\`` });
    }
  },
});
