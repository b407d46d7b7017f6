import { defineRule } from '../../src/audit/load-rules.js';
import { byActivity, type Found } from '../../src/rules-kit/ci-activities.js';
import { ciAnchor, foundMessage, hasDeployables } from '../../src/rules-kit/ci-evidence.js';
import { ciModel } from '../../src/rules-kit/ci-model.js';
import { deliveryFacts } from '../../src/rules-kit/delivery.js';

/** A rollback that runs by itself when a deploy fails. */
export function automaticRollbacks(found: Found[]): Found[] {
  return found.filter((f) => {
    if (f.activity === 'auto-rollback') return true;
    if (f.activity !== 'rollback') return false;
    if (f.step?.if && /\bfailure\(\)/.test(f.step.if)) return true;
    const jobIf = f.job.gh?.if ?? '';
    if (/\bfailure\(\)/.test(jobIf)) return true;
    if (f.job.gl && f.job.gl.when === 'on_failure') return true;
    return false;
  });
}

export default defineRule({
  meta: {
    id: 'pipeline/automated-rollback',
    title: 'A failed deploy rolls back by itself',
    description:
      'A rollback that waits for someone to notice the failure, find the runbook and run it turns minutes of degradation into an outage. The deploy should undo itself when its health check fails: a rollback step that runs `if: failure()`, `helm upgrade --atomic`, Argo Rollouts analysis, or the ECS circuit breaker with rollback.',
    remediation:
      'After the deploy and its health check, add a step with `if: failure()` that runs the rollback (`./scripts/rollback.sh`, `kubectl rollout undo`), or use `helm upgrade --atomic`, an Argo Rollouts analysis, or `deployment_circuit_breaker { rollback = true }`; on GitLab, a rollback job with `when: on_failure`.',
    checklistItem: 'delivery.automated-rollback',
    severity: 'medium',
    artifacts: ['github-workflow', 'gitlab-ci', 'kubernetes', 'terraform'],
    scope: 'repository',
    examples: {
      fail: [
        {
          path: '.github/workflows/rollback.yml',
          code: 'on:\n  workflow_dispatch:\njobs:\n  rollback:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: kubectl rollout undo deployment/app\n',
          files: { '.github/workflows/deploy.yml': 'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: kubectl apply -k k8s/\n' },
          note: 'a rollback exists, but only by hand',
        },
        { path: '.gitlab-ci.yml', code: 'deploy:\n  stage: deploy\n  environment: production\n  script:\n    - kubectl apply -f k8s/\n' },
      ],
      pass: [
        {
          path: '.github/workflows/deploy.yml',
          code:
            'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment: staging\n    steps:\n      - run: kubectl apply -k k8s/overlays/staging\n      - run: ./scripts/health-check.sh https://staging.example.com\n      - if: failure()\n        run: ./scripts/rollback.sh staging\n',
        },
        {
          path: 'infra/ecs.tf',
          code: 'resource "aws_ecs_service" "app" {\n  name = "app"\n  deployment_circuit_breaker {\n    enable   = true\n    rollback = true\n  }\n}\n',
        },
      ],
    },
  },
  check(ctx) {
    const ci = automaticRollbacks(byActivity(ctx.repo, 'rollback', 'auto-rollback'));
    let n = 0;
    for (const f of ci) {
      if (n++ < 4) ctx.evidence(foundMessage(f, 'rolls back automatically with'), { file: f.file, at: f.at });
    }
    for (const f of deliveryFacts(ctx.repo).filter((d) => d.kind === 'auto-rollback')) {
      ctx.evidence(f.message, { file: f.file, at: f.at });
      n++;
    }
    if (n || !hasDeployables(ctx.repo)) return;
    const manual = byActivity(ctx.repo, 'rollback')[0];
    ctx.report({
      file: manual?.file ?? ciAnchor(ctx.repo),
      at: manual?.at,
      message: manual
        ? `rollback exists (${manual.what}) but only runs by hand: run it automatically when the deploy or its health check fails (\`if: failure()\`, \`helm upgrade --atomic\`)`
        : ciModel(ctx.repo).jobs.length
          ? 'no deploy rolls back by itself on failure: add a rollback step with `if: failure()`, `helm upgrade --atomic`, Argo Rollouts analysis or the ECS circuit breaker'
          : 'nothing deploys this repository automatically, so nothing can roll back automatically',
    });
  },
});
