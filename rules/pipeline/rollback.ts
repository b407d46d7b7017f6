import { defineRule } from '../../src/audit/load-rules.js';
import { byActivity } from '../../src/rules-kit/ci-activities.js';
import { hasDeployables, recordEvidence, reportGap } from '../../src/rules-kit/ci-evidence.js';
import { deliveryFacts } from '../../src/rules-kit/delivery.js';
import { scriptFacts } from '../../src/rules-kit/repo-scripts.js';

export default defineRule({
  meta: {
    id: 'pipeline/rollback',
    title: 'There is a rollback path',
    description:
      '"No rollback plan" is one of the anti-patterns the checklists name: when a release misbehaves, the fastest fix is to go back to the last good version, and that path must exist before it is needed — a workflow, a script, `kubectl rollout undo`, `helm rollback`, an Argo Rollouts abort, an ECS circuit breaker.',
    remediation:
      'Add a rollback path: a `rollback` workflow (workflow_dispatch with the version to restore), a `scripts/rollback.sh` running `kubectl rollout undo` / `helm rollback`, or a platform mechanism (Argo Rollouts, ECS deployment circuit breaker with `rollback = true`).',
    checklistItem: 'cicd.rollback',
    severity: 'high',
    artifacts: ['github-workflow', 'gitlab-ci', 'shell', 'kubernetes', 'terraform'],
    scope: 'repository',
    examples: {
      fail: [
        {
          path: '.github/workflows/deploy.yml',
          code: 'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment: production\n    steps:\n      - run: kubectl apply -k k8s/overlays/production\n',
        },
        { path: 'scripts/deploy.sh', code: '#!/bin/sh\nset -eu\nhelm upgrade --install app ./chart\n', note: 'deploys, with no way back' },
      ],
      pass: [
        { path: 'scripts/rollback.sh', code: '#!/bin/sh\nset -eu\nkubectl rollout undo deployment/app -n "$1"\n' },
        {
          path: '.gitlab-ci.yml',
          code: 'deploy:\n  stage: deploy\n  script:\n    - helm upgrade --install --atomic --wait app ./chart\n',
          note: '`--atomic` rolls back a failed upgrade',
        },
      ],
    },
  },
  check(ctx) {
    const ci = byActivity(ctx.repo, 'rollback', 'auto-rollback');
    let n = recordEvidence(ctx, ci, 'can roll back with');
    for (const f of scriptFacts(ctx.repo).filter((s) => s.activity === 'rollback')) {
      ctx.evidence(f.message, { file: f.file, at: f.at });
      n++;
    }
    for (const f of deliveryFacts(ctx.repo).filter((d) => d.kind === 'rollback' || d.kind === 'auto-rollback')) {
      ctx.evidence(f.message, { file: f.file, at: f.at });
      n++;
    }
    if (n) return;
    // Nothing deployable (a library, a tool): the gap shows, but does not fail the gate.
    const severity = hasDeployables(ctx.repo) ? undefined : ('low' as const);
    reportGap(ctx, { ...(severity ? { severity } : {}), message: 'no rollback path found (workflow, script, `kubectl rollout undo`, `helm rollback`, Argo Rollouts, ECS circuit breaker): add one before the next release needs it' });
  },
});
