import { defineRule } from '../../src/audit/load-rules.js';
import { byActivity } from '../../src/rules-kit/ci-activities.js';
import { foundMessage, hasDeployables, reportGap } from '../../src/rules-kit/ci-evidence.js';
import { scriptFacts } from '../../src/rules-kit/repo-scripts.js';

export default defineRule({
  meta: {
    id: 'pipeline/no-manual-deployments',
    title: 'Deployments run from CI, not from a laptop',
    description:
      '"Manual deployments" is the first anti-pattern the checklists name: a deploy script someone runs locally uses their credentials and their working copy, leaves no audit trail, and skips the tests, scans and approvals the pipeline enforces.',
    remediation:
      'Call the deploy script from a CI job (with OIDC credentials and a protected environment) instead of running it by hand; keep `workflow_dispatch` for deliberate manual starts — the deploy still runs in CI.',
    checklistItem: 'delivery.environment-promotion',
    severity: 'medium',
    artifacts: ['shell', 'github-workflow', 'gitlab-ci'],
    scope: 'repository',
    examples: {
      fail: [
        {
          path: 'scripts/deploy.sh',
          code: '#!/bin/sh\nset -eu\ndocker build -t app .\nkubectl apply -f k8s/\n',
          files: { '.github/workflows/ci.yml': 'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: npm test\n' },
          note: 'a deploy script no CI job runs',
        },
        { path: 'deploy.sh', code: '#!/bin/bash\nterraform apply -auto-approve\n' },
      ],
      pass: [
        {
          path: 'scripts/deploy.sh',
          code: '#!/bin/sh\nset -eu\nkubectl apply -k "k8s/overlays/$1"\n',
          files: { '.github/workflows/deploy.yml': 'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment: staging\n    steps:\n      - run: ./scripts/deploy.sh staging\n' },
        },
        { path: '.gitlab-ci.yml', code: 'deploy:\n  stage: deploy\n  environment: staging\n  script:\n    - helm upgrade --install app ./chart\n' },
      ],
    },
  },
  check(ctx) {
    const ci = byActivity(ctx.repo, 'deploy');
    // When CI deploys (perhaps through `make deploy`), a script it does not call directly is a convenience, not the path.
    const manual = ci.length ? [] : scriptFacts(ctx.repo).filter((s) => s.activity === 'deploy' && !s.runByCi);
    for (const s of manual) {
      ctx.report({ file: s.file, at: s.at, message: `\`${s.file}\` deploys (${s.what}) but no CI job runs it: deployments depend on someone running it by hand; call it from a deploy job` });
    }
    if (ci.length) {
      ctx.evidence(foundMessage(ci[0], 'deploys with'), { file: ci[0].file, at: ci[0].at });
      return;
    }
    if (!manual.length && hasDeployables(ctx.repo)) {
      reportGap(ctx, { message: 'nothing in CI deploys this repository: deployments are manual; add deploy jobs (staging on merge, production behind an approval)' });
    }
  },
});
