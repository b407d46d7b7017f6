import { defineRule } from '../../src/audit/load-rules.js';
import { byActivity } from '../../src/rules-kit/ci-activities.js';
import { hasDeployables, reportGap } from '../../src/rules-kit/ci-evidence.js';
import { describeJob, targetsProduction, type CiJob } from '../../src/rules-kit/ci-model.js';

/** How a production deploy job is gated, or undefined when it is not. */
export function productionGate(job: CiJob, all: CiJob[]): string | undefined {
  if (job.environment) return `deploys through the \`${job.environment.name}\` environment (protect it with required reviewers)`;
  if (job.provider === 'gitlab' && job.manualGate) return 'runs only when started by hand (`when: manual`)';
  if (job.provider === 'github' && job.manualGate) return 'runs only when started by hand (`workflow_dispatch`)';
  const approver = all.find((j) => job.needs.includes(j.id) && j.file === job.file && (j.environment || j.steps.some((s) => /manual-approval|approval/i.test(s.uses ?? ''))));
  if (approver) return `waits for the approval job \`${approver.id}\``;
  return undefined;
}

export default defineRule({
  meta: {
    id: 'pipeline/production-approval',
    title: 'Production deploys wait for an approval',
    description:
      'A production deploy that starts on every merge with no gate lets any change reach users before anyone decided it should. A protected `environment` (GitHub: required reviewers; GitLab: protected environment) or a manual job is the gate the delivery checklist asks for.',
    remediation:
      'Give the production deploy job `environment: production` and configure required reviewers on that environment (GitHub) or protect it (GitLab); or make the job manual (`when: manual`, `workflow_dispatch`).',
    checklistItem: 'delivery.production-approval',
    severity: 'high',
    artifacts: ['github-workflow', 'gitlab-ci'],
    scope: 'repository',
    examples: {
      fail: [
        { path: '.gitlab-ci.yml', code: 'deploy_prod:\n  stage: deploy\n  script:\n    - kubectl apply -k k8s/overlays/production\n' },
        {
          path: '.gitlab-ci.yml',
          code: 'include:\n  - local: ci/deploy.yml\n',
          files: { 'ci/deploy.yml': '.deploy:\n  image: alpine/helm:3.15.4\n  script:\n    - helm upgrade --install app ./chart -f values-$ENV.yaml\nproduction:\n  extends: .deploy\n  variables:\n    ENV: production\n' },
          note: 'a locally included file, a job built with `extends:`',
        },
      ],
      pass: [
        {
          path: '.github/workflows/deploy-production.yml',
          code:
            'on:\n  push:\n    tags: ["v*"]\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment:\n      name: production\n      url: https://example.com\n    steps:\n      - run: helm upgrade --install app ./chart -f values-production.yaml\n',
        },
        { path: '.gitlab-ci.yml', code: 'deploy_prod:\n  stage: deploy\n  environment: production\n  when: manual\n  script:\n    - kubectl apply -k k8s/overlays/production\n' },
      ],
    },
  },
  check(ctx) {
    const deploys = byActivity(ctx.repo, 'deploy');
    const jobs = [...new Set(deploys.map((f) => f.job))];
    const all = jobs;
    const prod = jobs.filter(targetsProduction);
    let gated = 0;
    for (const job of prod) {
      const gate = productionGate(job, all);
      if (gate) {
        ctx.evidence(`${describeJob(job)} ${gate}`, { file: job.file, at: job.environment?.at ?? job.at });
        gated++;
      } else if (job.provider !== 'github') {
        // GitHub jobs without `environment:` are reported by github-actions/production-environment.
        ctx.report({ file: job.file, at: job.at, message: `${describeJob(job)} deploys to production with no approval gate: add \`environment: production\` and protect it, or \`when: manual\`` });
      }
    }
    if (prod.length || !hasDeployables(ctx.repo)) return;
    reportGap(ctx, {
      severity: jobs.length ? 'medium' : 'high',
      message: jobs.length
        ? 'no deploy job targets a production environment: deploy production from a job with `environment: production` and required reviewers'
        : 'no CI job deploys to production, so there is no approval gate: automate the production deploy behind a protected environment',
    });
  },
});
