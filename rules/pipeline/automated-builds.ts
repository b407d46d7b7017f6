import { defineRule } from '../../src/audit/load-rules.js';
import { byActivity } from '../../src/rules-kit/ci-activities.js';
import { hasCi, recordEvidence, reportGap } from '../../src/rules-kit/ci-evidence.js';
import { describeJob, runsOnChange } from '../../src/rules-kit/ci-model.js';

export default defineRule({
  meta: {
    id: 'pipeline/automated-builds',
    title: 'The app or its image is built automatically on push or pull request',
    description:
      'A build that only happens on a laptop cannot be reproduced or audited, and breakage is found late. Every change should be built by CI on push and on pull requests, from a clean checkout.',
    remediation:
      'Add a CI job triggered on `push` and `pull_request` (GitHub Actions) or on branch/merge-request pipelines (GitLab CI) that builds the app (`npm run build`, `go build`, `mvn package` …) or its image (`docker build`, `docker/build-push-action`).',
    checklistItem: 'cicd.automated-builds',
    severity: 'high',
    artifacts: ['github-workflow', 'gitlab-ci'],
    scope: 'repository',
    examples: {
      fail: [
        { path: 'package.json', code: '{"name":"app","scripts":{"build":"tsc"}}\n', note: 'no CI configuration at all' },
        {
          path: '.github/workflows/build.yml',
          code: 'on: workflow_dispatch\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: docker build -t app .\n',
          note: 'builds only when someone starts it by hand',
        },
      ],
      pass: [
        {
          path: '.github/workflows/ci.yml',
          code: 'on: [push, pull_request]\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          npm ci\n          npm run build\n',
        },
        { path: '.gitlab-ci.yml', code: 'stages: [build]\nbuild:\n  stage: build\n  image: maven:3.9-eclipse-temurin-21\n  script:\n    - mvn -B package\n' },
      ],
    },
  },
  check(ctx) {
    const builds = byActivity(ctx.repo, 'build', 'image-build');
    const automatic = builds.filter((f) => runsOnChange(f.job));
    if (recordEvidence(ctx, automatic, 'builds with')) return;
    if (builds.length) {
      const f = builds[0];
      ctx.report({ file: f.file, at: f.job.at, message: `${describeJob(f.job)} builds only when started by hand or on a schedule: trigger it on push and pull_request` });
      return;
    }
    reportGap(ctx, {
      message: hasCi(ctx.repo)
        ? 'no CI job builds the app or its image: add a build step (`npm run build`, `go build`, `docker build` …) to a job that runs on push and pull_request'
        : 'no CI configuration builds this repository: add `.github/workflows/ci.yml` (or `.gitlab-ci.yml`) that builds on push and pull_request',
    });
  },
});
