import { defineRule } from '../../src/audit/load-rules.js';
import { gitlabPipelines } from '../../src/rules-kit/gitlab.js';

export default defineRule({
  meta: {
    id: 'gitlab/include-pinned',
    title: 'Remote GitLab CI includes are pinned',
    description:
      'An `include:` of another project\'s file without `ref:` (or on a branch), a `remote:` URL, or a component at `@main`/`@~latest` pulls whatever that source holds at pipeline time: a change there changes your pipeline — with your variables and deploy credentials — without a commit in your repository.',
    remediation:
      'Pin `include: project:` with `ref:` set to a commit SHA or a release tag, pin components to a released version (`@1.4.2`), and vendor `remote:` files into the repository (then `include: local:`).',
    checklistItem: 'security.compliance',
    severity: 'medium',
    artifacts: ['gitlab-ci'],
    scope: 'repository',
    examples: {
      fail: [
        { path: '.gitlab-ci.yml', code: 'include:\n  - project: platform/ci-templates\n    file: /deploy.yml\n' },
        { path: '.gitlab-ci.yml', code: 'include:\n  - remote: https://example.com/ci/build.yml\n  - component: $CI_SERVER_FQDN/acme/components/deploy@main\n' },
      ],
      pass: [
        { path: '.gitlab-ci.yml', code: 'include:\n  - project: platform/ci-templates\n    ref: v2.3.1\n    file: /deploy.yml\n  - component: $CI_SERVER_FQDN/acme/components/deploy@1.4.2\n  - template: Jobs/SAST.gitlab-ci.yml\n' },
        { path: '.gitlab-ci.yml', code: 'include:\n  - local: ci/test.yml\n', files: { 'ci/test.yml': 'test:\n  script: [make test]\n' } },
      ],
    },
  },
  check(ctx) {
    let pinned = 0;
    for (const p of gitlabPipelines(ctx.repo)) {
      for (const inc of p.includes) {
        const at = (inc.node as object | undefined) ?? { line: 1 };
        if (inc.kind === 'project') {
          if (!inc.ref || /^(main|master|develop|HEAD|latest)$/.test(inc.ref)) ctx.report({ file: inc.file, at, message: `\`include: project: ${inc.value.split(':')[0]}\` ${inc.ref ? `follows the branch \`${inc.ref}\`` : 'has no `ref:` and follows the default branch'}: pin \`ref:\` to a tag or commit SHA` });
          else pinned++;
        } else if (inc.kind === 'remote') {
          if (!/[0-9a-f]{40}/.test(inc.value)) ctx.report({ file: inc.file, at, message: `\`include: remote: ${inc.value}\` is fetched at pipeline time and can change under you: vendor the file and include it locally, or use a pinned project include` });
          else pinned++;
        } else if (inc.kind === 'component') {
          const ver = inc.value.includes('@') ? inc.value.slice(inc.value.lastIndexOf('@') + 1) : '';
          if (!ver || /^(main|master|~latest|latest|HEAD)$/.test(ver)) ctx.report({ file: inc.file, at, message: `component \`${inc.value}\` is not pinned to a release: use \`@<version>\`` });
          else pinned++;
        }
      }
    }
    if (pinned) ctx.evidence(`GitLab CI pins its ${pinned} external include${pinned > 1 ? 's' : ''} to a release or commit`, { file: gitlabPipelines(ctx.repo)[0]?.root, at: { line: 1 } });
  },
});
