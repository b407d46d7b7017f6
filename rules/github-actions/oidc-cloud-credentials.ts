import type { Node } from 'yaml';
import { defineRule } from '../../src/audit/load-rules.js';
import { actionName, fileSteps, isSecretRef } from '../../src/rules-kit/workflows.js';
import { asMap, entries, get, str } from '../../src/rules-kit/yaml-nodes.js';

// Inputs of cloud login actions that take a long-lived key (the OIDC alternative in the message).
const KEY_INPUTS: Record<string, { inputs: string[]; oidc: string }> = {
  'aws-actions/configure-aws-credentials': { inputs: ['aws-access-key-id', 'aws-secret-access-key'], oidc: '`role-to-assume` with `permissions: id-token: write`' },
  'google-github-actions/auth': { inputs: ['credentials_json'], oidc: '`workload_identity_provider` + `service_account` with `permissions: id-token: write`' },
  'azure/login': { inputs: ['creds'], oidc: '`client-id`, `tenant-id`, `subscription-id` (federated credential) with `permissions: id-token: write`' },
};
// Environment variables that carry long-lived cloud keys.
const KEY_ENV = /^(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|GOOGLE_CREDENTIALS|GOOGLE_APPLICATION_CREDENTIALS_JSON|GCP_SA_KEY|GCLOUD_SERVICE_KEY|ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET|AZURE_CREDENTIALS)$/;

export default defineRule({
  meta: {
    id: 'github-actions/oidc-cloud-credentials',
    title: 'Cloud access uses OIDC, not long-lived keys in secrets',
    description:
      'An access key stored as a repository secret never expires, works from anywhere, and leaks with any step that can read it. GitHub\'s OIDC token lets the job assume a cloud role for minutes, scoped by the cloud\'s trust policy to this repository, branch or environment — there is no key to steal or rotate.',
    remediation:
      'Grant `permissions: id-token: write` on the job and log in with OIDC: AWS `role-to-assume`, Google `workload_identity_provider`, Azure `client-id`/`tenant-id`/`subscription-id`; then delete the key secrets and the cloud keys themselves.',
    checklistItem: 'security.secrets-management',
    severity: 'high',
    artifacts: ['github-workflow', 'github-action'],
    examples: {
      fail: [
        {
          path: '.github/workflows/deploy.yml',
          code:
            'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3\n        with:\n          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}\n          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n          aws-region: eu-west-1\n',
        },
        {
          path: '.github/workflows/tf.yml',
          code: 'on: push\nenv:\n  ARM_CLIENT_SECRET: ${{ secrets.ARM_CLIENT_SECRET }}\njobs:\n  apply:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: terraform apply -auto-approve\n',
        },
      ],
      pass: [
        {
          path: '.github/workflows/deploy.yml',
          code:
            'on: push\npermissions:\n  contents: read\n  id-token: write\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3\n        with:\n          role-to-assume: ${{ vars.AWS_DEPLOY_ROLE_ARN }}\n          aws-region: eu-west-1\n',
        },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    env:\n      AWS_REGION: eu-west-1\n    steps:\n      - run: make test\n' },
      ],
    },
  },
  check(ctx) {
    const parsed = fileSteps(ctx.artifact);
    if (!parsed) return;
    const { doc } = parsed;
    let oidc = 0;
    const reportEnv = (envNode: Node | null | undefined, where: string) => {
      for (const e of entries(doc, asMap(doc, envNode))) {
        const v = str(doc, e.value) ?? '';
        if (KEY_ENV.test(e.key) && isSecretRef(v)) {
          ctx.report({ at: e.keyNode, message: `${where} puts a long-lived cloud key in \`${e.key}\`: log in with OIDC (\`permissions: id-token: write\` and the cloud's login action) and delete the key` });
        }
      }
    };
    if (parsed.workflow) {
      reportEnv(get(doc, parsed.workflow.root, 'env'), 'the workflow');
      for (const j of parsed.workflow.jobs) reportEnv(get(doc, j.node, 'env'), `job \`${j.id}\``);
    }
    for (const { step } of parsed.steps) {
      reportEnv(step.envNode, 'a step');
      const name = actionName(step.uses);
      const spec = name ? KEY_INPUTS[name] : undefined;
      if (!spec) continue;
      const bad = spec.inputs.find((i) => isSecretRef(String(step.with[i] ?? '')));
      if (bad) {
        const node = get(doc, step.withNode, bad);
        ctx.report({ at: step.withNode ? entries(doc, step.withNode).find((e) => e.key === bad)?.keyNode ?? node ?? step.node : step.node, message: `\`${name}\` logs in with a long-lived key (\`${bad}\`): use ${spec.oidc}` });
      } else oidc++;
    }
    if (oidc) ctx.evidence(`\`${ctx.artifact.path}\` logs in to the cloud with OIDC (no stored keys)`, { at: { line: 1 } });
  },
});
