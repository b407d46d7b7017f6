import { defineRule } from '../../src/audit/load-rules.js';
import { byActivity, type Activity } from '../../src/rules-kit/ci-activities.js';
import { ciAnchor, foundMessage, reportGap, SCAN_KINDS } from '../../src/rules-kit/ci-evidence.js';
import type { Repository } from '../../src/repo/repository.js';

/** The scan kinds that apply to what the repository contains. */
export function applicableScans(repo: Repository): Activity[] {
  const out: Activity[] = ['secret-scan'];
  if (repo.has('package-manifest')) out.push('dep-audit');
  if (['source-js', 'source-py', 'source-go', 'source-java'].some((k) => repo.has(k as never))) out.push('sast');
  if (repo.has('dockerfile')) out.push('image-scan');
  if (repo.has('terraform') || repo.has('kubernetes') || repo.has('helm-chart') || repo.has('helm-values')) out.push('iac-scan');
  return out;
}

export default defineRule({
  meta: {
    id: 'pipeline/security-scanning',
    title: 'CI runs security scans (dependencies, SAST, images, IaC, secrets)',
    description:
      '"No security scanning" is one of the anti-patterns the checklists name: vulnerable dependencies, injectable code, outdated base images, misconfigured infrastructure and committed secrets all ship unnoticed. Each kind of scan catches a different class; the rule says which kinds run and which are missing for what the repository contains.',
    remediation:
      'Add the missing scans to a workflow that runs on pull requests (and on a schedule): dependency audit (`actions/dependency-review-action`, `npm audit`, `pip-audit`, `govulncheck`), SAST (`github/codeql-action`, `semgrep`), image scan (`aquasecurity/trivy-action` with `scan-type: image`, `grype`), IaC scan (`trivy config`, `checkov`), secret scan (`gitleaks`). On GitLab, include the `Jobs/SAST`, `Jobs/Dependency-Scanning`, `Jobs/Container-Scanning`, `Jobs/SAST-IaC` and `Jobs/Secret-Detection` templates.',
    checklistItem: 'cicd.security-scanning',
    severity: 'high',
    artifacts: ['github-workflow', 'gitlab-ci'],
    scope: 'repository',
    examples: {
      fail: [
        { path: '.github/workflows/ci.yml', code: 'on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: npm test\n', note: 'no scan of any kind' },
        {
          path: '.github/workflows/security.yml',
          code: 'on: pull_request\njobs:\n  audit:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: npm audit --audit-level=high\n',
          files: { Dockerfile: 'FROM node:20.11.1-slim\n', 'package.json': '{}\n' },
          note: 'dependency audit only: the image and secrets are never scanned (low finding naming them)',
        },
      ],
      pass: [
        {
          path: '.github/workflows/security.yml',
          code:
            'on:\n  pull_request:\n  schedule:\n    - cron: "0 4 * * 1"\njobs:\n  scan:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/dependency-review-action@2031cfc080254a8a887f58cffee85186f0e49e48 # v4.9.0\n      - uses: gitleaks/gitleaks-action@e0c47f4f8be36e29cdc102c57e68cb5cbf0e8d1e # v3.0.0\n      - run: trivy image --exit-code 1 app:${{ github.sha }}\n',
          files: { Dockerfile: 'FROM node:20.11.1-slim\n', 'package.json': '{}\n' },
        },
        {
          path: '.gitlab-ci.yml',
          code: 'include:\n  - template: Jobs/Dependency-Scanning.gitlab-ci.yml\n  - template: Jobs/Secret-Detection.gitlab-ci.yml\ntest:\n  script: [go test ./...]\n',
          files: { 'go.mod': 'module x\n' },
        },
      ],
    },
  },
  check(ctx) {
    const found = byActivity(ctx.repo, ...SCAN_KINDS.map((k) => k.activity));
    if (!found.length) {
      reportGap(ctx, {
        message: 'no security scanning in CI (dependency audit, SAST, image, IaC or secret scan): add at least a dependency audit and a secret scan that run on pull requests',
      });
      return;
    }
    const present = new Set(found.map((f) => f.activity));
    for (const k of SCAN_KINDS) {
      const f = found.find((x) => x.activity === k.activity);
      if (f) ctx.evidence(`${k.label}: ${foundMessage(f)}`, { file: f.file, at: f.at });
    }
    const missing = applicableScans(ctx.repo).filter((a) => !present.has(a));
    if (missing.length) {
      const labels = missing.map((a) => SCAN_KINDS.find((k) => k.activity === a)!.label);
      ctx.report({
        file: ciAnchor(ctx.repo),
        severity: 'low',
        message: `security scans run (${[...present].map((a) => SCAN_KINDS.find((k) => k.activity === a)!.label).join(', ')}) but ${labels.join(', ')} ${labels.length > 1 ? 'are' : 'is'} missing for what this repository contains`,
      });
    }
  },
});
