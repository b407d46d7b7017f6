import { defineRule } from '../../src/audit/load-rules.js';
import { byActivity } from '../../src/rules-kit/ci-activities.js';
import { hasCi, recordEvidence, reportGap } from '../../src/rules-kit/ci-evidence.js';
import { describeJob, describeTriggers, runsBeforeMerge } from '../../src/rules-kit/ci-model.js';

export default defineRule({
  meta: {
    id: 'pipeline/automated-tests',
    title: 'Tests run on every pull request',
    description:
      'Tests that run only after merging (or never in CI) let broken changes reach the main branch. Running them on every pull/merge request blocks the change before it lands.',
    remediation:
      'Run the test suite (`npm test`, `pytest`, `go test ./...`, `mvn verify`, `cargo test`, `make test` …) in a job triggered on `pull_request` (GitHub) or in merge-request/branch pipelines (GitLab), and make the check required.',
    checklistItem: 'cicd.automated-tests',
    severity: 'high',
    artifacts: ['github-workflow', 'gitlab-ci'],
    scope: 'repository',
    equivalents: ['scorecard:CI-Tests'],
    examples: {
      fail: [
        {
          path: '.github/workflows/ci.yml',
          code: 'on:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: npm test\n',
          note: 'tests run only after merge, on main',
        },
        { path: '.github/workflows/ci.yml', code: 'on: [pull_request]\njobs:\n  lint:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: npx eslint .\n', note: 'no test step' },
      ],
      pass: [
        {
          path: '.github/workflows/ci.yml',
          code: 'on:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    strategy:\n      matrix:\n        go: ["1.22", "1.23"]\n    steps:\n      - run: go test -race ./...\n',
        },
        {
          path: '.gitlab-ci.yml',
          code: '.python: &python\n  image: python:3.12\ntest:\n  <<: *python\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "merge_request_event"\n  script:\n    - pip install -r requirements.txt\n    - python -m pytest -q\n',
          note: 'GitLab merge-request pipeline, YAML anchor',
        },
        {
          path: '.github/workflows/ci.yml',
          code: 'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: npm run check\n',
          files: { 'package.json': '{"scripts":{"check":"vitest run && tsc --noEmit"}}\n' },
          note: 'an npm script is followed to the commands it runs',
        },
      ],
    },
  },
  check(ctx) {
    const tests = byActivity(ctx.repo, 'test');
    const before = tests.filter((f) => runsBeforeMerge(f.job));
    if (recordEvidence(ctx, before)) return;
    if (tests.length) {
      const f = tests[0];
      ctx.report({ file: f.file, at: f.job.at, message: `${describeJob(f.job)} runs ${f.what} only on ${describeTriggers(f.job)}: also run it on pull_request so failures block the merge` });
      return;
    }
    reportGap(ctx, {
      message: hasCi(ctx.repo)
        ? 'no CI job runs the tests: add a test step (`npm test`, `pytest`, `go test ./...` …) to a job triggered on pull_request'
        : 'no CI configuration runs the tests: add a workflow that runs them on pull_request',
    });
  },
});
