import { defineRule } from '../../src/audit/load-rules.js';
import { byActivity, type Found } from '../../src/rules-kit/ci-activities.js';
import { foundMessage, hasDeployables, reportGap } from '../../src/rules-kit/ci-evidence.js';
import { ciModel, describeJob, type CiJob } from '../../src/rules-kit/ci-model.js';

/** Jobs that run after `job` (its `needs`, transitively) in the same file, or later GitLab stages. */
function downstream(job: CiJob, jobs: CiJob[]): CiJob[] {
  const out = new Set<CiJob>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const j of jobs) {
      if (out.has(j) || j === job || j.file !== job.file) continue;
      if (j.needs.includes(job.id) || j.needs.some((n) => [...out].some((o) => o.id === n))) {
        out.add(j);
        grew = true;
      }
    }
  }
  return [...out];
}

export default defineRule({
  meta: {
    id: 'pipeline/health-checks',
    title: 'Each deploy is followed by a health or smoke check',
    description:
      'A deploy job that ends when the API accepts the manifest reports success for a release that may be crash-looping. A post-deploy check — `kubectl rollout status`, a smoke test, `curl --fail` on the health endpoint — makes the pipeline fail (and roll back) when the new version does not serve.',
    remediation:
      'After each deploy step, wait for the rollout and probe the service: `kubectl rollout status deployment/app --timeout=5m`, then `./scripts/health-check.sh "$URL"` or `curl --fail --retry 10 --retry-all-errors "$URL/healthz"`; in a later job that `needs` the deploy job if you prefer.',
    checklistItem: 'delivery.health-checks',
    severity: 'medium',
    artifacts: ['github-workflow', 'gitlab-ci'],
    scope: 'repository',
    examples: {
      fail: [
        {
          path: '.github/workflows/deploy.yml',
          code: 'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: helm upgrade --install app ./chart\n',
        },
        { path: '.gitlab-ci.yml', code: 'deploy:\n  stage: deploy\n  script:\n    - kubectl apply -f k8s/\n    - curl https://example.com/\n', note: '`curl` without `--fail` passes on a 500' },
      ],
      pass: [
        {
          path: '.github/workflows/e2e.yml',
          code: 'on: pull_request\njobs:\n  e2e:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          kind create cluster --wait 2m\n          kubectl apply -k k8s/overlays/dev\n          npm run test:e2e\n',
          note: 'applying manifests to a throw-away kind cluster is a test, not a deploy',
        },
        {
          path: '.github/workflows/deploy.yml',
          code:
            'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          kubectl apply -k k8s/overlays/staging\n          kubectl rollout status deployment/app --timeout=5m\n',
        },
        {
          path: '.github/workflows/deploy.yml',
          code:
            'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./scripts/deploy.sh\n  smoke:\n    needs: deploy\n    runs-on: ubuntu-24.04\n    steps:\n      - run: curl --fail --retry 5 https://staging.example.com/healthz\n',
          files: { 'scripts/deploy.sh': '#!/bin/sh\nhelm upgrade --install app ./chart\n' },
        },
      ],
    },
  },
  check(ctx) {
    const jobs = ciModel(ctx.repo).jobs;
    const deploys = byActivity(ctx.repo, 'deploy').filter((f) => f.job.steps.length > 0 || f.job.calls);
    const checks = byActivity(ctx.repo, 'health-check');
    const deployJobs = [...new Set(deploys.map((f) => f.job))];
    let checked = 0;
    for (const job of deployJobs) {
      const after = new Set([job, ...downstream(job, jobs)]);
      const deployStep = Math.min(...deploys.filter((f) => f.job === job).map((f) => f.step?.order ?? 0));
      const candidates = checks.filter((c) => after.has(c.job) && (c.job !== job || (c.step?.order ?? 0) >= deployStep));
      // Prefer a dedicated check step over a wait inside the deploy step itself.
      const hit: Found | undefined = candidates.find((c) => c.job !== job || (c.step?.order ?? 0) > deployStep) ?? candidates[0];
      if (hit) {
        ctx.evidence(`${foundMessage(hit, 'checks the deploy with')}`, { file: hit.file, at: hit.at });
        checked++;
      } else if (!job.calls) {
        ctx.report({ file: job.file, at: job.at, message: `${describeJob(job)} deploys but nothing checks the result: add \`kubectl rollout status\` and a smoke test (\`curl --fail …/healthz\`, \`./scripts/health-check.sh\`) after the deploy step` });
      }
    }
    if (checked || deployJobs.length || !hasDeployables(ctx.repo)) return;
    reportGap(ctx, { message: 'no CI job deploys, so no deploy is health-checked: automate the deploy and probe the service after it' });
  },
});
