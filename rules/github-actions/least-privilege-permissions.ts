import { isMap, isScalar, type Document, type Node } from 'yaml';
import { defineRule } from '../../src/audit/load-rules.js';
import { actionName, workflowOf, type GhJob, type GhWorkflow } from '../../src/rules-kit/workflows.js';
import { insertBefore } from '../../src/rules-kit/fixes.js';
import { entries, str } from '../../src/rules-kit/yaml-nodes.js';

// Actions known to need no write scope beyond `contents: read`.
const READ_ONLY = /^actions\/(checkout|setup-[\w-]+|cache(\/\w+)?|upload-artifact|download-artifact|dependency-review-action)$|^(pnpm\/action-setup|hashicorp\/setup-terraform|azure\/setup-(kubectl|helm)|docker\/setup-(buildx|qemu)-action|terraform-linters\/setup-tflint)$/;
const OIDC_USERS = /^(aws-actions\/configure-aws-credentials|google-github-actions\/auth|azure\/login|hashicorp\/vault-action|sigstore\/cosign-installer|actions\/attest(-build-provenance|-sbom)?|pypa\/gh-action-pypi-publish|docker\/login-action|aws-actions\/amazon-ecr-login|codecov\/codecov-action)$/;
const SARIF_USERS = /^(github\/codeql-action\/[\w-]+|ossf\/scorecard-action)$/;

/** The job certainly needs no write scope: only read-only actions, and no step touching the token. */
function readOnlyJob(job: GhJob): boolean {
  if (job.uses) return false;
  const token = /GITHUB_TOKEN|github\.token|\bgh\s|git\s+push/;
  if (token.test(JSON.stringify([job.env, job.withValue]))) return false;
  return job.steps.every((s) => (s.uses ? READ_ONLY.test(actionName(s.uses) ?? '') : !token.test(JSON.stringify([s.run, s.with, s.env]))));
}

/** Does the job (certainly) not use this scope? undefined when it cannot be told. */
function unneeded(scope: string, job: GhJob, wf: GhWorkflow): boolean | undefined {
  if (job.uses) return undefined;
  const names = job.steps.map((s) => actionName(s.uses)).filter((n): n is string => Boolean(n));
  const local = job.steps.some((s) => s.uses?.startsWith('./'));
  const unknownAction = local || names.some((n) => !READ_ONLY.test(n) && !OIDC_USERS.test(n) && !SARIF_USERS.test(n));
  const text = JSON.stringify([job.steps.map((s) => [s.run, s.with, s.env]), job.env, wf.env]);
  switch (scope) {
    case 'id-token':
      if (names.some((n) => OIDC_USERS.test(n)) || /ACTIONS_ID_TOKEN_REQUEST|--provenance|cosign|id-token/.test(text)) return false;
      return unknownAction ? undefined : true;
    case 'packages':
      if (/ghcr\.io|\.pkg\.github\.com/.test(text)) return false;
      return unknownAction || names.some((n) => n.startsWith('docker/')) || /\$\{\{[^}]*(registry|image)/i.test(text) ? undefined : true;
    case 'security-events':
      if (names.some((n) => SARIF_USERS.test(n)) || /sarif/i.test(text)) return false;
      return unknownAction ? undefined : true;
    case 'contents':
    case 'pull-requests':
    case 'issues': {
      // Only a job made of read-only actions and plain build/test commands certainly needs no write.
      if (unknownAction || names.some((n) => !READ_ONLY.test(n))) return undefined;
      if (job.steps.some((s) => s.run !== undefined && !s.script?.parsed)) return undefined;
      if (/GITHUB_TOKEN|GH_TOKEN|github\.token/.test(text)) return undefined;
      const cmds = job.steps.flatMap((s) => s.script?.commands ?? []);
      const mayWrite = cmds.some((c) => {
        const tool = c.args[0].replace(/^.*\//, '');
        return ['git', 'gh', 'hub', 'curl', 'wget', 'http', 'xh', 'make', 'just', 'task', 'bash', 'sh', 'source', '.', 'python', 'python3', 'node'].includes(tool) || c.args[0].includes('/') || /release|publish|deploy|version|tag|push/.test(c.args.slice(0, 3).join(' '));
      });
      return mayWrite ? undefined : true;
    }
    default:
      return undefined;
  }
}

export default defineRule({
  meta: {
    id: 'github-actions/least-privilege-permissions',
    title: 'Workflows grant the GITHUB_TOKEN only the permissions they need',
    description:
      'Without a `permissions:` block the job token gets the repository default, which is read-write on many repositories; `write-all` grants every scope. A compromised step (a dependency, an action, an injected script) can then push code, publish packages or approve its own pull request. Declare `permissions: contents: read` at the top and add write scopes only on the jobs that use them.',
    remediation:
      'Add `permissions: {contents: read}` at the workflow level (or `permissions: {}`), and grant write scopes per job: `id-token: write` only where a cloud login uses OIDC, `packages: write` only where an image is pushed to GHCR, `security-events: write` only where SARIF is uploaded.',
    checklistItem: 'security.access-control',
    severity: 'high',
    artifacts: ['github-workflow'],
    equivalents: ['scorecard:Token-Permissions', 'zizmor:excessive-permissions'],
    fixable: true,
    examples: {
      fail: [
        {
          path: '.github/workflows/ci.yml',
          code: 'on: pull_request\npermissions:\n  contents: write\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          persist-credentials: false\n      - run: |\n          npm ci\n          npm test\n',
          note: '`contents: write` for a job that only builds and tests',
        },
        { path: '.github/workflows/ci.yml', code: 'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: npm test\n', note: 'no permissions block: repository default' },
        { path: '.github/workflows/ci.yml', code: 'on: push\npermissions: write-all\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make test\n' },
        {
          path: '.github/workflows/ci.yml',
          code: 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    permissions:\n      contents: read\n      id-token: write\n    steps:\n      - run: go test ./...\n',
          note: '`id-token: write` with no cloud login in the job',
        },
      ],
      pass: [
        {
          path: '.github/workflows/ci.yml',
          code: 'on: pull_request\njobs:\n  call:\n    uses: ./.github/workflows/reusable-test.yml\n    permissions:\n      contents: read\n',
          note: 'a reusable workflow call with job-level permissions',
        },
        { path: '.github/workflows/ci.yml', code: 'on: pull_request\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: npm test\n' },
        {
          path: '.github/workflows/deploy.yml',
          code:
            'on: push\npermissions: {}\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    permissions:\n      contents: read\n      id-token: write\n    steps:\n      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3\n        with:\n          role-to-assume: arn:aws:iam::123456789012:role/deploy\n          aws-region: eu-west-1\n',
        },
      ],
    },
  },
  check(ctx) {
    const wf = workflowOf(ctx.artifact);
    if (!wf || !wf.jobs.length) return;
    const doc = wf.doc;
    let problems = 0;
    const checkBlock = (node: Node | null | undefined, where: string, job?: GhJob): void => {
      if (!node) return;
      if (isScalar(node)) {
        const v = str(doc, node);
        if (v === 'write-all') {
          ctx.report({ at: node, message: `${where} grants \`write-all\`: list only the scopes it needs (start from \`contents: read\`)` });
          problems++;
        }
        return;
      }
      if (!isMap(node)) return;
      for (const e of entries(doc as Document, node)) {
        if (str(doc, e.value) !== 'write') continue;
        const targets = job ? [job] : wf.jobs.filter((j) => !j.permissions);
        if (!targets.length) continue;
        const verdicts = targets.map((j) => unneeded(e.key, j, wf));
        if (verdicts.every((v) => v === true)) {
          ctx.report({ at: e.keyNode, message: `${where} grants \`${e.key}: write\` but nothing in ${job ? 'the job' : 'any job'} needs it: remove it` });
          problems++;
        } else if (!job && wf.jobs.length > 1 && verdicts.some((v) => v === true)) {
          const idle = targets.filter((_, i) => verdicts[i] === true).map((j) => `\`${j.id}\``);
          ctx.report({ at: e.keyNode, message: `\`${e.key}: write\` at workflow level also reaches ${idle.join(', ')}, which do not need it: grant it on the job that does` });
          problems++;
        }
      }
    };
    checkBlock(wf.permissions as Node | undefined, 'the workflow');
    for (const j of wf.jobs) checkBlock(j.permissions as Node | undefined, `job \`${j.id}\``, j);
    if (!wf.permissions) {
      const bare = wf.jobs.filter((j) => !j.permissions && !j.uses);
      if (bare.length) {
        // Certain only when no job without its own block needs a write scope.
        const edit = bare.every(readOnlyJob) ? insertBefore(ctx.artifact.text, wf.root, 'jobs', 'permissions:\n  contents: read') : undefined;
        ctx.report({
          ...(edit ? { fix: { description: 'Add a top-level permissions: contents: read', edits: [edit] } } : {}),
          at: wf.jobsNode ? (doc.contents as { items: Array<{ key: Node }> }).items.find((p) => isScalar(p.key) && p.key.value === 'jobs')?.key ?? { line: 1 } : { line: 1 },
          message: `no top-level \`permissions:\`, so ${bare.map((j) => `\`${j.id}\``).join(', ')} ${bare.length > 1 ? 'get' : 'gets'} the repository's default token scopes: add \`permissions: {contents: read}\` and grant writes per job`,
        });
        problems++;
      }
    }
    if (!problems) ctx.evidence(`\`${ctx.artifact.path}\` restricts the GITHUB_TOKEN with explicit \`permissions\``, { at: wf.permissionsKey ?? wf.jobs[0].permissionsKey ?? wf.jobs[0].keyNode });
  },
});
