import { defineRule } from '../../src/audit/load-rules.js';
import { activities } from '../../src/rules-kit/ci-activities.js';
import { ciAnchor, foundMessage, hasDeployables } from '../../src/rules-kit/ci-evidence.js';
import { deliveryFacts } from '../../src/rules-kit/delivery.js';

export default defineRule({
  meta: {
    id: 'pipeline/deployment-strategy',
    title: 'Deployments use a declared rollout strategy',
    description:
      'How a new version replaces the old one decides whether users see downtime or errors during a deploy. A declared strategy — rolling update with surge and no unavailable pods, blue-green, or canary — keeps the old version serving until the new one is healthy.',
    remediation:
      'Declare the strategy: a Deployment `strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}`, an Argo Rollouts `Rollout` (canary / blueGreen) or Flagger `Canary`, an ECS service with `deployment_circuit_breaker` or CodeDeploy blue/green, or traffic shifting in the deploy job (`gcloud run services update-traffic`, slot swap).',
    checklistItem: 'delivery.deployment-strategy',
    severity: 'medium',
    artifacts: ['kubernetes', 'terraform', 'github-workflow', 'gitlab-ci'],
    scope: 'repository',
    examples: {
      fail: [
        {
          path: 'k8s/deployment.yaml',
          code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  strategy:\n    type: Recreate\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1.0.0\n',
        },
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\n', files: { 'docker-compose.yml': 'services:\n  app:\n    build: .\n' }, note: 'something to deploy, no strategy anywhere' },
      ],
      pass: [
        {
          path: 'k8s/rollout.yaml',
          code: 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: app\nspec:\n  strategy:\n    canary:\n      steps:\n        - setWeight: 20\n        - pause: {duration: 5m}\n',
        },
        {
          path: 'k8s/deployment.yaml',
          code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 0\n      maxSurge: 1\n',
        },
      ],
    },
  },
  check(ctx) {
    let n = 0;
    for (const f of deliveryFacts(ctx.repo).filter((d) => d.kind === 'strategy')) {
      ctx.evidence(f.message, { file: f.file, at: f.at });
      n++;
    }
    // Traffic shifting done by the pipeline itself.
    for (const f of activities(ctx.repo)) {
      const a = (f.args ?? []).join(' ');
      const w = f.step?.with ?? {};
      if (/argo rollouts (promote|set|abort)|update-traffic|slot swap|--traffic-split/.test(a) || /canary|blue-green/.test(String(w.strategy ?? ''))) {
        ctx.evidence(foundMessage(f, 'shifts traffic with'), { file: f.file, at: f.at });
        n++;
      }
    }
    if (n || !hasDeployables(ctx.repo)) return;
    ctx.report({
      file: ctx.repo.ofKind('kubernetes')[0]?.path ?? ctx.repo.ofKind('terraform')[0]?.path ?? ciAnchor(ctx.repo),
      message: 'no rollout strategy is declared (rolling update with maxUnavailable/maxSurge, blue-green, canary): declare one so a deploy never takes the service down',
    });
  },
});
