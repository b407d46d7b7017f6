// Terraform rules: dynamic blocks, count/for_each, variable defaults, tfvars per environment, positions.
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/audit/load-rules.js';
import { runExample } from '../../src/audit/testing.js';
import type { Rule } from '../../src/audit/types.js';

const rules = await loadRules();
const rule = (id: string): Rule => rules.find((r) => r.meta.id === id)!;

describe('terraform rules', () => {
  it('reads the content of dynamic blocks and points at the block', async () => {
    const code = 'resource "aws_security_group" "db" {\n  count = 2\n  dynamic "ingress" {\n    for_each = var.ports\n    content {\n      from_port   = 22\n      to_port     = 22\n      protocol    = "tcp"\n      cidr_blocks = ["0.0.0.0/0"]\n    }\n  }\n}\n';
    const f = await runExample(rule('terraform/open-ingress'), { path: 'sg.tf', code });
    expect(f.map((x) => x.line)).toEqual([5]);
  });
  it('resolves var.x from the default in the same module only', async () => {
    const db = 'resource "aws_db_instance" "main" {\n  backup_retention_period = var.days\n}\n';
    const bad = await runExample(rule('terraform/database-backups'), { path: 'modules/db/main.tf', code: db, files: { 'modules/db/variables.tf': 'variable "days" {\n  default = 1\n}\n' } });
    expect(bad.map((x) => `${x.line}:${x.column}`)).toEqual(['2:3']);
    const other = await runExample(rule('terraform/database-backups'), { path: 'modules/db/main.tf', code: db, files: { 'modules/other/variables.tf': 'variable "days" {\n  default = 1\n}\n' } });
    expect(other).toEqual([]);
  });
  it('checks IAM policies written as heredoc JSON', async () => {
    const code = 'resource "aws_iam_role_policy" "p" {\n  role   = aws_iam_role.r.id\n  policy = <<EOF\n{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}\nEOF\n}\n';
    const f = await runExample(rule('terraform/iam-wildcards'), { path: 'iam.tf', code });
    expect(f).toHaveLength(1);
  });
  it('never prints a secret value', async () => {
    const f = await runExample(rule('terraform/hardcoded-secrets'), { path: 'prod.tfvars', code: 'db_password = "Hunter2-Prod!"\n' });
    expect(f).toHaveLength(1);
    expect(f[0].message).not.toContain('Hunter2');
  });
  it('accepts S3 lock files and DynamoDB locking', async () => {
    const f = await runExample(rule('terraform/remote-backend'), { path: 'backend.tf', code: 'terraform {\n  backend "s3" {\n    bucket         = "b"\n    key            = "k"\n    region         = "eu-west-1"\n    dynamodb_table = "locks"\n  }\n}\n' });
    expect(f).toEqual([]);
  });
});
