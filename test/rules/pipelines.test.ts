// Cases the rule examples cannot express: exact positions, fixes, GitLab includes/extends/!reference,
// reusable workflows and composite actions in the CI model, and the shell reading of scripts.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import { loadRules } from '../../src/audit/load-rules.js';
import { buildRepository } from '../../src/audit/engine.js';
import { activities } from '../../src/rules-kit/ci-activities.js';
import { ciModel, runsBeforeMerge } from '../../src/rules-kit/ci-model.js';
import { parseScript } from '../../src/rules-kit/ci-script.js';

const rules = await loadRules();
const rule = (id: string) => rules.find((r) => r.meta.id === id)!;

async function audit(ids: string[], memory: Record<string, string>, options?: Record<string, Record<string, unknown>>) {
  const config = defaultConfig();
  for (const [id, o] of Object.entries(options ?? {})) config.rules[id] = { options: o };
  return runAudit({ root: '.', memory, config, rules: ids.map(rule) });
}

const repo = (memory: Record<string, string>) => buildRepository({ root: '.', memory, config: defaultConfig(), rules: [] });

describe('positions', () => {
  it('template-injection points at the expression inside a block scalar', async () => {
    const wf = 'on: issues\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          set -eu\n          echo "title: ${{ github.event.issue.title }}"\n';
    const { report } = await audit(['github-actions/template-injection'], { '.github/workflows/t.yml': wf });
    expect(report.findings).toHaveLength(1);
    const f = report.findings[0];
    expect([f.line, f.column, f.endLine, f.endColumn]).toEqual([8, 24, 8, 24 + '${{ github.event.issue.title }}'.length]);
  });

  it('no-secrets-in-logs points at the echo command on its line', async () => {
    const wf = 'on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          make\n          echo ${{ secrets.TOKEN }}\n';
    const { report } = await audit(['github-actions/no-secrets-in-logs'], { '.github/workflows/t.yml': wf });
    expect(report.findings.map((f) => `${f.line}:${f.column}`)).toEqual(['8:11']);
    expect(report.findings[0].message).not.toMatch(/\$\{\{/);
  });

  it('actionlint problems keep their line, column and kind', async () => {
    const { report } = await audit(['github-actions/actionlint'], { '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    needs: [nope]\n    steps:\n      - run: make\n' });
    expect(report.findings.length).toBeGreaterThan(0);
    expect([report.findings[0].line, report.findings[0].column]).toEqual([3, 3]);
    expect(report.findings[0].message).toMatch(/\[job-needs\]$/);
  });
});

describe('pin-actions-to-sha fix', () => {
  it('pins a known tag to the SHA from data/github-actions.json', async () => {
    const text = 'on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v7.0.1\n        with:\n          persist-credentials: false\n';
    const { report } = await audit(['github-actions/pin-actions-to-sha'], { '.github/workflows/t.yml': text });
    const fix = report.findings[0].fix!;
    expect(fix).toBeDefined();
    let out = text;
    for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    expect(out).toContain('- uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n');
  });

  it('does not fix an older major (that would change the version)', async () => {
    const { report } = await audit(['github-actions/pin-actions-to-sha'], { '.github/workflows/t.yml': 'on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n' });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].fix).toBeUndefined();
    expect(report.findings[0].message).toContain('latest known release');
  });
});

describe('GitLab CI model', () => {
  const files = {
    '.gitlab-ci.yml': 'include:\n  - local: /ci/*.yml\nstages: [test, deploy]\nvariables:\n  IMAGE: $CI_REGISTRY_IMAGE\n',
    'ci/templates.yml': '.node: &node\n  image: node:20.11.1\n  before_script:\n    - npm ci\n.tests:\n  script:\n    - npm test\n',
    'ci/test.yml': 'unit:\n  <<: *node\n  extends: .tests\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "merge_request_event"\n',
    'ci/deploy.yml': 'deploy:\n  stage: deploy\n  environment: {name: production}\n  when: manual\n  script:\n    - !reference [.tests, script]\n    - helm upgrade --install --atomic app ./chart\n',
  };

  it('follows wildcard local includes, extends and !reference', () => {
    // `*node` is an alias to an anchor in another file: GitLab does not allow that either, so use a self-contained variant.
    const r = repo({ ...files, 'ci/test.yml': 'unit:\n  extends: .tests\n  image: node:20.11.1\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "merge_request_event"\n' });
    const m = ciModel(r);
    expect(m.files).toEqual(expect.arrayContaining(['.gitlab-ci.yml', 'ci/deploy.yml', 'ci/templates.yml', 'ci/test.yml']));
    const unit = m.jobs.find((j) => j.id === 'unit')!;
    expect(unit.steps.map((s) => s.script?.text)).toEqual(['npm test']);
    expect(runsBeforeMerge(unit)).toBe(true);
    const deploy = m.jobs.find((j) => j.id === 'deploy')!;
    expect(deploy.manualGate).toBe(true);
    expect(deploy.environment?.name).toBe('production');
    expect(deploy.steps.map((s) => s.script?.text)).toEqual(['npm test', 'helm upgrade --install --atomic app ./chart']);
    const acts = activities(r).filter((f) => f.job === deploy).map((f) => f.activity);
    expect(acts).toEqual(expect.arrayContaining(['deploy', 'auto-rollback', 'test']));
  });

  it('reads jobs built from several `<<` merge keys and whole-job aliases (valid GitLab YAML)', async () => {
    const gl = '.except_docs: &except_docs\n  except: [/^docs-/]\n.release: &release\n  stage: deploy\n  script: [make release_s3]\n.stable: &stable\n  only: [tags]\n.binaries: &binaries\n  script: [make build]\nstable S3:\n  <<: *release\n  <<: *stable\n  environment: {name: stable/s3}\nunit test:\n  <<: *except_docs\n  script: [make parallel_test_execute]\nbinaries linux: *binaries\n';
    const { report, evidence } = await audit(['pipeline/automated-tests', 'pipeline/automated-builds'], { '.gitlab-ci.yml': gl });
    expect(report.findings.map((f) => f.ruleId)).not.toContain('core/parse-error');
    expect(report.findings.filter((f) => f.ruleId.startsWith('pipeline/'))).toEqual([]);
    expect(evidence.map((e) => e.message).join('\n')).toContain('`unit test` runs `make parallel_test_execute`');
    const m = ciModel(repo({ '.gitlab-ci.yml': gl }));
    const s3 = m.jobs.find((j) => j.id === 'stable S3')!;
    expect(s3.triggers.map((t) => t.event)).toEqual(['tag']);
    expect(s3.steps.map((st) => st.script?.text)).toEqual(['make release_s3']);
  });

  it('scores a GitLab repository: tests on merge requests, gated production', async () => {
    const { evidence, report } = await audit(['pipeline/automated-tests', 'pipeline/production-approval', 'pipeline/rollback'], {
      '.gitlab-ci.yml': 'stages: [test, deploy]\n.job: &job\n  image: python:3.12.4\ntest:\n  <<: *job\n  script:\n    - pytest\ndeploy_production:\n  <<: *job\n  stage: deploy\n  environment: production\n  rules:\n    - if: $CI_COMMIT_TAG\n      when: manual\n  script:\n    - helm upgrade --install --atomic app ./chart\n',
      Dockerfile: 'FROM python:3.12.4-slim\n',
    });
    expect(report.findings).toEqual([]);
    expect(evidence.map((e) => e.item)).toEqual(expect.arrayContaining(['cicd.automated-tests', 'delivery.production-approval', 'cicd.rollback']));
  });
});

describe('GitHub model', () => {
  it('jobs of a reusable workflow run on their callers\' triggers and environments', () => {
    const r = repo({
      '.github/workflows/ci.yml': 'on: pull_request\njobs:\n  call:\n    uses: ./.github/workflows/test.yml\n',
      '.github/workflows/test.yml': 'on: workflow_call\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: go test ./...\n',
      '.github/workflows/prod.yml': 'on: release\njobs:\n  call:\n    uses: ./.github/workflows/deploy.yml\n    with:\n      environment: production\n',
      '.github/workflows/deploy.yml': 'on:\n  workflow_call:\n    inputs:\n      environment: {type: string, required: true}\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment: ${{ inputs.environment }}\n    steps:\n      - run: kubectl apply -k k8s/\n',
    });
    const m = ciModel(r);
    const test = m.jobs.find((j) => j.file === '.github/workflows/test.yml')!;
    expect(runsBeforeMerge(test)).toBe(true);
    const deploy = m.jobs.find((j) => j.file === '.github/workflows/deploy.yml')!;
    expect(deploy.environment?.candidates).toContain('production');
  });

  it('composite actions are expanded into the job', () => {
    const r = repo({
      '.github/workflows/ci.yml': 'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: ./.github/actions/test\n',
      '.github/actions/test/action.yml': 'name: test\nruns:\n  using: composite\n  steps:\n    - run: |\n        npm ci\n        npm test\n      shell: bash\n',
    });
    const f = activities(r).find((x) => x.activity === 'test')!;
    expect(f.step?.via).toBe('.github/actions/test/action.yml');
    expect(f.file).toBe('.github/actions/test/action.yml');
  });

  it('a matrix expression command is read as shell, not guessed', () => {
    const s = parseScript('${{ matrix.tool }} --version\nnpm run "test:unit" -- --coverage');
    expect(s.commands.map((c) => c.args[0])).toEqual(['${{ matrix.tool }}', 'npm']);
    expect(s.commands[1].args).toEqual(['npm', 'run', 'test:unit', '--', '--coverage']);
  });

  it('pipes and redirects are told apart from printing', () => {
    const s = parseScript('echo "$T" | docker login --password-stdin\necho "$T" > f\necho "$T"\n');
    expect(s.commands.filter((c) => c.args[0] === 'echo').map((c) => [c.piped, c.redirected])).toEqual([[true, false], [false, true], [false, false]]);
  });
});

describe('no findings on a hardened deploy pipeline', () => {
  it('a SHA-pinned, least-privilege, OIDC, gated deploy workflow passes every github-actions rule', async () => {
    const wf = `name: deploy-production
on:
  release:
    types: [published]
permissions:
  contents: read
concurrency:
  group: deploy-production
  cancel-in-progress: false
jobs:
  deploy:
    runs-on: ubuntu-24.04
    timeout-minutes: 30
    environment:
      name: production
      url: https://example.com
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3
        with:
          role-to-assume: \${{ vars.AWS_DEPLOY_ROLE_ARN }}
          aws-region: us-east-1
      - env:
          TAG: \${{ github.event.release.tag_name }}
        run: ./scripts/deploy.sh production "$TAG"
      - run: ./scripts/health-check.sh production
      - if: failure()
        run: ./scripts/rollback.sh production
`;
    const ids = rules.filter((r) => r.meta.id.startsWith('github-actions/')).map((r) => r.meta.id);
    const { report } = await audit(ids, {
      '.github/workflows/deploy-production.yml': wf,
      'scripts/deploy.sh': '#!/bin/sh\nkubectl apply -k "k8s/overlays/$1"\n',
      'scripts/health-check.sh': '#!/bin/sh\ncurl --fail --retry 10 "https://example.com/healthz"\n',
      'scripts/rollback.sh': '#!/bin/sh\nkubectl rollout undo deployment/app\n',
    });
    expect(report.findings.map((f) => `${f.ruleId} ${f.line}: ${f.message}`)).toEqual([]);
  });
});

describe('YAML anchors in workflows', () => {
  it('an aliased step is reported once, at its anchor', async () => {
    const wf = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - &co\n        uses: actions/checkout@v7\n  b:\n    runs-on: ubuntu-24.04\n    steps:\n      - *co\n';
    const { report } = await audit(['github-actions/pin-actions-to-sha'], { '.github/workflows/ci.yml': wf });
    expect(report.findings.map((f) => `${f.line}:${f.column}`)).toEqual(['7:15']);
  });
});

describe('GitLab child pipelines', () => {
  it('jobs of a `trigger: include:` child pipeline are read', () => {
    const r = repo({
      '.gitlab-ci.yml': 'deploy:\n  trigger:\n    include: ci/deploy.yml\n',
      'ci/deploy.yml': 'production:\n  environment: production\n  when: manual\n  script: [helm upgrade --install app ./chart]\n',
    });
    const prod = ciModel(r).jobs.find((j) => j.id === 'production')!;
    expect(prod.file).toBe('ci/deploy.yml');
    expect(prod.manualGate).toBe(true);
  });
});
