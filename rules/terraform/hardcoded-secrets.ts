import { defineRule } from '../../src/audit/load-rules.js';
import { isReferenceValue, isSecretName } from '../../src/rules-kit/docker.js';
import { attributes, attrValue, blocks, stringValue, topBlocks, where } from '../../src/rules-kit/terraform.js';

const PROVIDER_KEYS = new Set(['access_key', 'secret_key', 'token', 'client_secret', 'credentials', 'password']);

export default defineRule({
  meta: {
    id: 'terraform/hardcoded-secrets',
    title: 'No secrets written in Terraform code or tfvars',
    description: 'A password or key written in a .tf or .tfvars file is in git history forever, in every clone and CI log. Secrets belong in a secret manager, generated (`random_password`, `manage_master_user_password`) or passed in from the environment (`TF_VAR_…`).',
    remediation: 'Remove the value; let the provider manage it (`manage_master_user_password = true`), read it from a secret manager data source, or pass it as a `sensitive` variable from the environment. Rotate the exposed secret.',
    checklistItem: 'security.secrets-management',
    severity: 'critical',
    artifacts: ['terraform', 'tfvars'],
    equivalents: ['checkov:CKV_AWS_41'],
    examples: {
      fail: [
        { path: 'main.tf', code: 'provider "aws" {\n  region     = "eu-west-1"\n  access_key = "AKIAIOSFODNN7EXAMPLE"\n  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n}\n' },
        { path: 'db.tf', code: 'resource "aws_db_instance" "main" {\n  username = "admin"\n  password = "Sup3r-S3cret!"\n}\n' },
        { path: 'variables.tf', code: 'variable "db_password" {\n  type    = string\n  default = "Sup3r-S3cret!"\n}\n' },
        { path: 'environments/prod/terraform.tfvars', code: 'region      = "eu-west-1"\napi_token   = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"\n' },
      ],
      pass: [
        { path: 'db.tf', code: 'resource "aws_db_instance" "main" {\n  username                    = "admin"\n  manage_master_user_password = true\n}\nvariable "api_token" {\n  type      = string\n  sensitive = true\n}\n' },
        { path: 'db.tf', code: 'resource "aws_db_instance" "main" {\n  password = random_password.db.result\n}\n' },
      ],
    },
  },
  check(ctx) {
    const flag = (name: string, node: Parameters<typeof ctx.report>[0]['at'], where_: string) =>
      ctx.report({ message: `${where_} sets ${name} to a literal secret: remove it, rotate it, and pass it from a secret manager or the environment`, at: node });
    if (ctx.artifact.is('tfvars')) {
      for (const a of attributes(ctx.artifact.hcl.root)) {
        const v = stringValue(a.value);
        if (v !== undefined && isSecretName(a.name) && !isReferenceValue(v)) flag(a.name, a.node, ctx.artifact.path);
      }
      return;
    }
    for (const t of topBlocks(ctx.artifact)) {
      if (t.kind === 'provider') {
        for (const a of attributes(t.block.node)) {
          const v = stringValue(a.value);
          if (v !== undefined && v !== '' && PROVIDER_KEYS.has(a.name) && !isReferenceValue(v)) flag(a.name, a.node, `provider "${t.type}"`);
        }
      } else if (t.kind === 'variable') {
        const d = attrValue(t.block, 'default');
        if (isSecretName(t.type) && typeof d === 'string' && d !== '' && !isReferenceValue(d)) flag('its default', where(t, 'default'), `variable "${t.type}"`);
      } else if (t.kind === 'resource' || t.kind === 'module') {
        const walk = (node: typeof t.block.node, depth: number) => {
          for (const a of attributes(node)) {
            if (!isSecretName(a.name)) continue;
            const v = stringValue(a.value);
            if (v !== undefined && v !== '' && !isReferenceValue(v) && !/^(arn:|alias\/|projects\/|\/)/.test(v)) flag(a.name, a.node, t.address);
          }
          if (depth < 4) for (const b of blocks(node)) walk(b.node, depth + 1);
        };
        walk(t.block.node, 0);
      }
    }
  },
});
