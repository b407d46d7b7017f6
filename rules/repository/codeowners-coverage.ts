import { defineRule } from '../../src/audit/load-rules.js';
import { ciModel } from '../../src/rules-kit/ci-model.js';
import { codeownersFile, ownerOf, parseCodeowners } from '../../src/rules-kit/codeowners.js';
import type { ArtifactKind } from '../../src/repo/kinds.js';

const CRITICAL: ArtifactKind[] = ['github-workflow', 'github-action', 'gitlab-ci', 'terraform', 'kubernetes', 'kustomization', 'helm-chart', 'helm-values', 'dockerfile', 'compose', 'codeowners', 'dependabot', 'renovate'];

export default defineRule({
  meta: {
    id: 'repository/codeowners-coverage',
    title: 'CODEOWNERS assigns owners to the pipeline and infrastructure',
    description:
      'Pipelines, infrastructure code and container definitions decide what reaches production and with which credentials. A CODEOWNERS entry for them makes the owning team a required reviewer (with branch protection), so nobody changes a deploy workflow or a security group unreviewed — and everyone knows whom to ask.',
    remediation:
      'Add `.github/CODEOWNERS` with owners for `/.github/`, `.gitlab-ci.yml`, `/infrastructure/` (Terraform, Kubernetes, Helm), `Dockerfile`s and `/CODEOWNERS` itself, e.g. `/.github/ @acme/platform`; enable "Require review from Code Owners" on the default branch.',
    checklistItem: 'operations.ownership',
    severity: 'medium',
    artifacts: ['codeowners'],
    scope: 'repository',
    examples: {
      fail: [
        { path: '.github/workflows/ci.yml', code: 'on: pull_request\njobs: {}\n', note: 'no CODEOWNERS file' },
        {
          path: '.github/CODEOWNERS',
          code: '# app code only\n/src/ @acme/app-team\n',
          files: { '.github/workflows/deploy.yml': 'on: push\njobs: {}\n', 'infrastructure/terraform/main.tf': 'terraform {}\n' },
          note: 'the deploy workflow and Terraform have no owner',
        },
      ],
      pass: [
        {
          path: '.github/CODEOWNERS',
          code: '*                 @acme/app-team\n/.github/         @acme/platform\n/infrastructure/  @acme/platform\n',
          files: { '.github/workflows/deploy.yml': 'on: push\njobs: {}\n', 'infrastructure/terraform/main.tf': 'terraform {}\n' },
        },
        { path: 'CODEOWNERS', code: '* @alice @acme/sre\n', files: { '.gitlab-ci.yml': 'test:\n  script: [make test]\n', Dockerfile: 'FROM alpine:3.20\n' } },
      ],
    },
  },
  check(ctx) {
    const file = codeownersFile(ctx.repo);
    if (!file) {
      ctx.report({ file: '.', message: 'no CODEOWNERS file: add `.github/CODEOWNERS` naming the owners of the pipeline (`/.github/`) and infrastructure paths' });
      return;
    }
    const rules = parseCodeowners(file);
    const critical = new Set<string>(ciModel(ctx.repo).files);
    for (const k of CRITICAL) for (const a of ctx.repo.ofKind(k)) critical.add(a.path);
    const owned: string[] = [];
    const unowned: string[] = [];
    for (const p of [...critical].sort()) {
      const r = ownerOf(rules, p);
      if (r && r.owners.length) owned.push(`${p} (${r.owners.join(' ')})`);
      else unowned.push(p);
    }
    if (owned.length) ctx.evidence(`\`${file.path}\` assigns owners to ${owned.slice(0, 4).map((o) => `\`${o.replace(/ \(.*/, '')}\`${o.replace(/^[^ ]+/, '')}`).join(', ')}${owned.length > 4 ? ` and ${owned.length - 4} more` : ''}`, { file: file.path, at: { line: rules[0]?.line ?? 1 } });
    else if (!unowned.length && rules.some((r) => r.owners.length)) ctx.evidence(`\`${file.path}\` assigns owners (${rules.length} rules)`, { file: file.path, at: { line: rules[0]?.line ?? 1 } });
    if (unowned.length) {
      const dirs = [...new Set(unowned.map((p) => (p.includes('/') ? `/${p.slice(0, p.indexOf('/') + 1)}` : `/${p}`)))];
      ctx.report({
        file: file.path,
        at: { line: 1 },
        message: `no owner for ${unowned.slice(0, 5).map((p) => `\`${p}\``).join(', ')}${unowned.length > 5 ? ` and ${unowned.length - 5} more` : ''}: add rules such as ${dirs.slice(0, 3).map((d) => `\`${d} @org/team\``).join(', ')}`,
      });
    }
  },
});
