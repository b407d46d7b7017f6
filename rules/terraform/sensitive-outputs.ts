import { defineRule } from '../../src/audit/load-rules.js';
import { isSecretName } from '../../src/rules-kit/docker.js';
import { attrNode, attrValue, topBlocks, where } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/sensitive-outputs',
    title: 'Secret outputs and variables are marked sensitive',
    description: 'Without `sensitive = true`, Terraform prints the value in plan and apply output, which ends up in CI logs readable by everyone with access to the pipeline.',
    remediation: 'Add `sensitive = true` to outputs and variables that carry passwords, tokens, keys or connection strings.',
    checklistItem: 'security.secrets-management',
    severity: 'medium',
    artifacts: ['terraform'],
    examples: {
      fail: [
        { path: 'outputs.tf', code: 'output "db_password" {\n  value = random_password.db.result\n}\n' },
        { path: 'outputs.tf', code: 'output "db" {\n  value = aws_db_instance.main.password\n}\n' },
        { path: 'variables.tf', code: 'variable "api_token" {\n  type = string\n}\n' },
      ],
      pass: [{ path: 'outputs.tf', code: 'output "db_password" {\n  value     = random_password.db.result\n  sensitive = true\n}\noutput "db_secret_arn" {\n  value = aws_db_instance.main.master_user_secret[0].secret_arn\n}\n' }],
    },
  },
  check(ctx) {
    for (const t of topBlocks(ctx.artifact)) {
      if (t.kind !== 'output' && t.kind !== 'variable') continue;
      if (attrValue(t.block, 'sensitive') === true) {
        ctx.evidence(`${t.kind} ${t.type} is marked sensitive`, { at: where(t, 'sensitive') });
        continue;
      }
      const valueText = attrNode(t.block, 'value')?.text ?? '';
      const secretValue = t.kind === 'output' && (/random_password\.[\w-]+\.result|\.(password|master_password|secret|private_key_pem|private_key|access_key|secret_access_key|client_secret|connection_string|primary_access_key|admin_password)\b/.test(valueText) || /\bsensitive\(/.test(valueText));
      if (isSecretName(t.type) || secretValue) {
        if (t.kind === 'output' && /nonsensitive\(/.test(valueText)) continue;
        ctx.report({ message: `${t.kind} "${t.type}" carries a secret but is not marked sensitive: add sensitive = true`, at: where(t) });
      }
    }
  },
});
