import { defineRule } from '../../src/audit/load-rules.js';
import { ARTIFACT_KINDS } from '../../src/repo/kinds.js';
import { isTestFile, secretAssignments, skipFile } from '../../src/rules-kit/secrets.js';

/** Kinds whose literal secrets another rule reports, with knowledge of the format. */
const OWNED_ELSEWHERE = ['dockerfile', 'compose', 'terraform', 'tfvars'] as const;

export default defineRule({
  meta: {
    id: 'secrets/generic-secret',
    title: 'No secret-named setting holds a real-looking value',
    description:
      'Passwords, API keys and tokens without a recognisable shape are found by where they sit: a `password`, `secret`, `token` or `api_key` setting whose value is long and random enough to be real (Shannon entropy) rather than a reference (`${VAR}`, `secrets.X`, a file path) or a placeholder (`changeme`, `<password>`). YAML, JSON, HCL and .env files are read through their parsers; other files by a lexical scan of assignments. Terraform, Dockerfiles, compose files and Kubernetes Secret objects are left to their own rules (terraform/hardcoded-secrets, docker/no-secrets-in-env, compose/no-secrets-in-environment, kubernetes/no-plaintext-secrets), so a secret is reported once.',
    remediation: 'Move the value to the secret manager (Vault, AWS Secrets Manager, GitHub secrets) and reference it (`${{ secrets.NAME }}`, `secretKeyRef`, `*_file`); rotate it, since git history keeps it.',
    checklistItem: 'security.secrets-management',
    severity: 'high',
    artifacts: [...ARTIFACT_KINDS],
    equivalents: ['gitleaks:generic-api-key'],
    examples: {
      fail: [
        { path: 'config/app.yaml', code: 'database:\n  host: db\n  password: "pR7#kLm2Qz9wX"\n' },
        { path: 'packer/build.pkr.hcl', code: 'source "amazon-ebs" "app" {\n  ssh_username = "admin"\n  ssh_password = "Vx8#mQ2nLp4tRz"\n}\n' },
        { path: 'infrastructure/kubernetes/deployment.yaml', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1.0.0\n          env:\n            - name: API_KEY\n              value: "c2stbGl2ZS1hYmMxMjN4eXo5ODc"\n' },
        { path: 'src/client.js', code: "const client = new Client({ apiKey: 'k9Qm2Lx7Rt4Wv8Nc3Bz6' });\n" },
      ],
      pass: [
        { path: 'config/app.yaml', code: 'database:\n  password: ${DB_PASSWORD}\n  password_file: /run/secrets/db-password\n' },
        { path: 'infrastructure/terraform/rds.tf', code: 'resource "aws_db_instance" "main" {\n  manage_master_user_password = true\n  password = var.db_password\n}\n' },
        { path: 'infrastructure/terraform/rds.tf', code: 'resource "aws_db_instance" "main" {\n  password = "Vx8#mQ2nLp4tRz"\n}\n', note: 'Terraform, Dockerfiles, compose files and Kubernetes Secrets are judged by their own rules (terraform/hardcoded-secrets …)' },
        { path: '.env.example', code: 'API_KEY=\nSECRET_KEY=<generate with openssl rand -hex 32>\nDB_PASSWORD=changeme\n' },
        { path: 'package.json', code: '{ "name": "app", "version": "1.0.0", "config": { "token": "d41d8cd98f00b204e9800998ecf8427e-not-a-secret" } }\n', note: 'placeholder marker' },
        { path: 'src/auth.test.js', code: "const password = 'Xk2#pL9qRm4z';\n", note: 'test files are allow-listed for this rule' },
        { path: 'scripts/kinds.mjs', code: "const KINDS = { 'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap', 'v1/Secret': 'kubernetes-models/v1/Secret' };\n", note: 'a path ending in the key\'s own name says where that kind is defined' },
        { path: 'schemas/kinds.schema.json', code: '{ "x-kinds": { "v1/Secret": "#/$defs/Secret" } }\n', note: 'a JSON pointer is a reference' },
      ],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    if (skipFile(a.path) || isTestFile(a.path)) return;
    if (OWNED_ELSEWHERE.some((k) => a.is(k))) return;
    // Kubernetes Secret objects are kubernetes/no-plaintext-secrets' findings.
    const secretDocs = a.is('kubernetes')
      ? a.yamlDocs().filter(({ value }) => (value as { kind?: unknown } | undefined)?.kind === 'Secret').map(({ doc }) => doc.range)
      : [];
    for (const hit of secretAssignments(a)) {
      if (secretDocs.some((r) => hit.offset >= r[0] && hit.offset < r[2])) continue;
      ctx.report({ message: `${hit.kind}: ${hit.masked}`, at: { offset: hit.offset, length: hit.length } });
    }
  },
});
