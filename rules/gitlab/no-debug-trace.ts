import { defineRule } from '../../src/audit/load-rules.js';
import { gitlabPipelines } from '../../src/rules-kit/gitlab.js';
import { asMap, entries, get, str } from '../../src/rules-kit/yaml-nodes.js';

export default defineRule({
  meta: {
    id: 'gitlab/no-debug-trace',
    title: '`CI_DEBUG_TRACE` is not enabled in the pipeline file',
    description:
      '`CI_DEBUG_TRACE: "true"` makes the runner print every shell command with its expanded arguments — including the values of masked and protected variables (deploy tokens, cloud keys) — into job logs that every project member can read.',
    remediation: 'Remove `CI_DEBUG_TRACE` / `CI_DEBUG_SERVICES` from `.gitlab-ci.yml`; when debugging, set it for one manual pipeline run and delete the job logs afterwards.',
    checklistItem: 'security.secrets-management',
    severity: 'high',
    artifacts: ['gitlab-ci'],
    scope: 'repository',
    examples: {
      fail: [
        { path: '.gitlab-ci.yml', code: 'variables:\n  CI_DEBUG_TRACE: "true"\ndeploy:\n  script: [./deploy.sh]\n' },
        { path: '.gitlab-ci.yml', code: 'include:\n  - local: ci/deploy.yml\n', files: { 'ci/deploy.yml': 'deploy:\n  variables:\n    CI_DEBUG_TRACE: true\n  script: [./deploy.sh]\n' }, note: 'in a locally included file' },
      ],
      pass: [
        { path: '.gitlab-ci.yml', code: 'variables:\n  CI_DEBUG_TRACE: "false"\ndeploy:\n  script: [./deploy.sh]\n' },
        { path: '.gitlab-ci.yml', code: 'variables:\n  DOCKER_TLS_CERTDIR: "/certs"\nbuild:\n  script: [docker build .]\n' },
      ],
    },
  },
  check(ctx) {
    // Every file of every pipeline, including files pulled in with `include: local:`.
    const files = [...new Set(gitlabPipelines(ctx.repo).flatMap((p) => p.files))];
    for (const file of files) {
      const a = ctx.repo.get(file);
      if (!a || a.skipped !== undefined) continue;
      for (const doc of a.yaml.docs) {
        if (doc.errors.length) continue;
        const root = asMap(doc, doc.contents);
        const blocks = [get(doc, root, 'variables'), ...entries(doc, root).map((e) => get(doc, asMap(doc, e.value), 'variables'))];
        for (const b of blocks) {
          for (const e of entries(doc, asMap(doc, b))) {
            if (e.key !== 'CI_DEBUG_TRACE' && e.key !== 'CI_DEBUG_SERVICES') continue;
            const v = asMap(doc, e.value) ? str(doc, get(doc, asMap(doc, e.value), 'value')) : str(doc, e.value);
            if (String(v).toLowerCase() === 'true') ctx.report({ file, at: e.keyNode, message: `\`${e.key}\` prints every command with expanded variables, masked secrets included, into the job log: remove it` });
          }
        }
      }
    }
  },
});
