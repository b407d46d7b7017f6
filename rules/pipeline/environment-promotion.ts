import { defineRule } from '../../src/audit/load-rules.js';
import { byActivity } from '../../src/rules-kit/ci-activities.js';
import { hasDeployables, reportGap } from '../../src/rules-kit/ci-evidence.js';
import { ciModel, describeJob, environmentNames, isProductionName, targetsProduction, type CiJob } from '../../src/rules-kit/ci-model.js';

/** 0 dev/test, 1 staging, 2 production, undefined for previews or unknown names. */
export function tier(name: string): number | undefined {
  if (isProductionName(name)) return 2;
  if (/stag|stg|pre-?prod|uat|qa/i.test(name)) return 1;
  if (/^(dev|development|test|testing|sandbox|integration)/i.test(name)) return 0;
  return undefined;
}

function jobTier(job: CiJob): number | undefined {
  if (targetsProduction(job)) return 2;
  const names = environmentNames(job);
  const tiers = (names.length ? names : [job.id, job.name ?? '', job.file.replace(/^.*\//, '')]).map(tier).filter((t): t is number => t !== undefined);
  return tiers.length ? Math.min(...tiers) : undefined;
}

export default defineRule({
  meta: {
    id: 'pipeline/environment-promotion',
    title: 'Releases are promoted through environments (dev → staging → production)',
    description:
      'Deploying straight to production skips the only place a release meets production-like infrastructure before users do. The same artifact should go to staging first and reach production only after that, through `needs:` in one pipeline, later stages, or a release tag cut after staging.',
    remediation:
      'Deploy to staging on merge to main and to production from the same artifact afterwards: a production job that `needs` the staging job, a later GitLab stage, or a production workflow triggered by a release tag/`workflow_dispatch` after staging has run.',
    checklistItem: 'delivery.environment-promotion',
    severity: 'medium',
    artifacts: ['github-workflow', 'gitlab-ci'],
    scope: 'repository',
    examples: {
      fail: [
        {
          path: '.github/workflows/deploy.yml',
          code: 'on:\n  push:\n    branches: [main]\njobs:\n  production:\n    runs-on: ubuntu-24.04\n    environment: production\n    steps:\n      - run: kubectl apply -k k8s/overlays/production\n',
          note: 'production only, on every merge',
        },
        {
          path: '.github/workflows/deploy.yml',
          code:
            'on:\n  push:\n    branches: [main]\njobs:\n  staging:\n    runs-on: ubuntu-24.04\n    environment: staging\n    steps:\n      - run: kubectl apply -k k8s/overlays/staging\n  production:\n    runs-on: ubuntu-24.04\n    environment: production\n    steps:\n      - run: kubectl apply -k k8s/overlays/production\n',
          note: 'both at once: production does not wait for staging',
        },
      ],
      pass: [
        {
          path: '.github/workflows/deploy.yml',
          code:
            'on:\n  push:\n    branches: [main]\njobs:\n  staging:\n    runs-on: ubuntu-24.04\n    environment: staging\n    steps:\n      - run: kubectl apply -k k8s/overlays/staging\n  production:\n    needs: staging\n    runs-on: ubuntu-24.04\n    environment: production\n    steps:\n      - run: kubectl apply -k k8s/overlays/production\n',
        },
        {
          path: '.gitlab-ci.yml',
          code:
            'stages: [build, staging, production]\ndeploy_staging:\n  stage: staging\n  environment: staging\n  script: [helm upgrade --install app ./chart -f values-staging.yaml]\ndeploy_production:\n  stage: production\n  environment: production\n  when: manual\n  script: [helm upgrade --install app ./chart -f values-production.yaml]\n',
        },
      ],
    },
  },
  check(ctx) {
    const model = ciModel(ctx.repo);
    const jobs = [...new Set(byActivity(ctx.repo, 'deploy').map((f) => f.job))].filter((j) => !j.triggers.every((t) => t.event === 'pull_request'));
    const prod = jobs.filter((j) => jobTier(j) === 2);
    const lower = jobs.filter((j) => { const t = jobTier(j); return t !== undefined && t < 2; });
    const ancestors = (job: CiJob, seen = new Set<string>()): CiJob[] => {
      const direct = model.jobs.filter((j) => j.file === job.file && job.needs.includes(j.id) && !seen.has(j.id));
      direct.forEach((j) => seen.add(j.id));
      return [...direct, ...direct.flatMap((j) => ancestors(j, seen))];
    };
    let promoted = 0;
    for (const p of prod) {
      const before = ancestors(p).filter((j) => lower.includes(j)).sort((x, y) => (jobTier(y) ?? 0) - (jobTier(x) ?? 0))[0];
      const stageBefore = p.provider === 'gitlab' ? lower.find((j) => j.provider === 'gitlab' && model.gitlabStages.indexOf(j.stage ?? '') < model.gitlabStages.indexOf(p.stage ?? '')) : undefined;
      const onRelease = p.triggers.every((t) => ['tag', 'release', 'manual', 'workflow_call', 'workflow_run'].includes(t.event));
      const laterWorkflow = [...lower].sort((x, y) => (jobTier(y) ?? 0) - (jobTier(x) ?? 0)).find((j) => j.file !== p.file && j.triggers.some((t) => t.event === 'push'));
      if (before || stageBefore) {
        const j = (before ?? stageBefore)!;
        ctx.evidence(`${describeJob(p)} deploys production after ${describeJob(j)} (\`${environmentNames(j)[0] ?? j.id}\`)`, { file: p.file, at: p.at });
        promoted++;
      } else if (onRelease && laterWorkflow) {
        ctx.evidence(`${describeJob(laterWorkflow)} deploys \`${environmentNames(laterWorkflow)[0] ?? laterWorkflow.id}\` on push; ${describeJob(p)} promotes to production on ${p.triggers.map((t) => t.raw).join(', ')}`, { file: p.file, at: p.at });
        promoted++;
      } else {
        ctx.report({
          file: p.file,
          at: p.at,
          message: lower.length
            ? `${describeJob(p)} deploys production without waiting for ${describeJob(lower[0])}: make it \`needs:\` the staging job, a later stage, or a release-triggered workflow`
            : `${describeJob(p)} deploys production with no staging deploy before it: deploy the same artifact to staging first`,
        });
      }
    }
    if (promoted || prod.length || !hasDeployables(ctx.repo)) return;
    reportGap(ctx, {
      message: jobs.length
        ? 'deploy jobs exist but none is recognisable as staging → production: name environments (`environment: staging`, `environment: production`) and order them'
        : 'no CI job deploys, so nothing is promoted between environments: automate deploys to staging, then production',
    });
  },
});
