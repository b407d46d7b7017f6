import { defineRule } from '../../src/audit/load-rules.js';
import { resources, where } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/iam-long-lived-keys',
    title: 'No long-lived access keys or user-attached policies',
    description: 'Access keys created in Terraform are long-lived secrets that end up in state, CI variables and laptops; policies attached to individual users bypass role-based review. Workloads and CI should assume roles (OIDC, instance profiles, workload identity).',
    remediation: 'Remove `aws_iam_access_key` / `google_service_account_key`; use OIDC federation for CI and roles for workloads; attach policies to roles or groups, not users.',
    checklistItem: 'security.access-control',
    severity: 'medium',
    artifacts: ['terraform'],
    equivalents: ['checkov:CKV_AWS_40'],
    examples: {
      fail: [
        { path: 'iam.tf', code: 'resource "aws_iam_access_key" "ci" {\n  user = aws_iam_user.ci.name\n}\n' },
        { path: 'iam.tf', code: 'resource "aws_iam_user_policy_attachment" "ci" {\n  user       = aws_iam_user.ci.name\n  policy_arn = aws_iam_policy.deploy.arn\n}\n' },
      ],
      pass: [{ path: 'iam.tf', code: 'resource "aws_iam_role_policy_attachment" "ci" {\n  role       = aws_iam_role.ci.name\n  policy_arn = aws_iam_policy.deploy.arn\n}\n' }],
    },
  },
  check(ctx) {
    for (const t of resources(ctx.artifact, 'aws_iam_access_key', 'google_service_account_key')) {
      ctx.report({ message: `${t.address} creates a long-lived key: use OIDC federation or a role instead`, at: where(t) });
    }
    for (const t of resources(ctx.artifact, 'aws_iam_user_policy', 'aws_iam_user_policy_attachment')) {
      ctx.report({ message: `${t.address} attaches a policy to a user: attach it to a role or group`, at: where(t) });
    }
    if (resources(ctx.artifact, 'aws_iam_role', 'google_service_account', 'azurerm_user_assigned_identity').length) ctx.evidence('workloads use roles / service identities', { at: { line: 1 } });
  },
});
