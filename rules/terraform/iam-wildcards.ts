import { defineRule } from '../../src/audit/load-rules.js';
import { attrValue, dataSources, isComputed, nested, resources, stringValue, where, type TfValue } from '../../src/rules-kit/terraform.js';

const asList = (v: TfValue | undefined): TfValue[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const ADMIN_POLICIES = /(^|\/)(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;
const PRIMITIVE_ROLES = new Set(['roles/owner', 'roles/editor']);

export default defineRule({
  meta: {
    id: 'terraform/iam-wildcards',
    title: 'IAM policies do not grant every action on every resource',
    description: 'A policy with `Action: "*"` on `Resource: "*"` (or AdministratorAccess, or a GCP primitive owner/editor role) gives its holder the whole account: one leaked credential or one compromised workload owns everything, including the audit trail.',
    remediation: 'List the specific actions and resource ARNs the role needs (IAM Access Analyzer can generate them from CloudTrail); use predefined or custom GCP roles instead of owner/editor.',
    checklistItem: 'security.access-control',
    severity: 'high',
    artifacts: ['terraform'],
    equivalents: ['checkov:CKV_AWS_1', 'checkov:CKV_AWS_62', 'checkov:CKV_AWS_63'],
    examples: {
      fail: [
        { path: 'iam.tf', code: 'resource "aws_iam_policy" "admin" {\n  policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]\n  })\n}\n' },
        { path: 'iam.tf', code: 'data "aws_iam_policy_document" "all" {\n  statement {\n    actions   = ["*"]\n    resources = ["*"]\n  }\n}\n' },
        { path: 'iam.tf', code: 'resource "aws_iam_role_policy_attachment" "ci" {\n  role       = aws_iam_role.ci.name\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n' },
        { path: 'iam.tf', code: 'resource "google_project_iam_member" "app" {\n  project = var.project\n  role    = "roles/editor"\n  member  = "serviceAccount:app@p.iam.gserviceaccount.com"\n}\n' },
      ],
      pass: [
        { path: 'iam.tf', code: 'data "aws_iam_policy_document" "read" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["${aws_s3_bucket.assets.arn}/*"]\n  }\n}\n' },
        { path: 'iam.tf', code: 'data "aws_iam_policy_document" "deny" {\n  statement {\n    effect    = "Deny"\n    actions   = ["*"]\n    resources = ["*"]\n  }\n}\n', note: 'a Deny statement restricts' },
      ],
    },
  },
  check(ctx) {
    let policies = 0;
    const judgeJson = (doc: TfValue | undefined, what: string, at: Parameters<typeof ctx.report>[0]['at']) => {
      if (!doc || typeof doc !== 'object' || isComputed(doc) || Array.isArray(doc)) return;
      policies++;
      for (const st of asList((doc as Record<string, TfValue>).Statement)) {
        if (!st || typeof st !== 'object' || Array.isArray(st) || isComputed(st)) continue;
        const s = st as Record<string, TfValue>;
        if (s.Effect === 'Deny') continue;
        const actions = asList(s.Action);
        const res = asList(s.Resource);
        if (actions.some((a) => a === '*' || a === '*:*') && res.some((r) => r === '*')) ctx.report({ message: `${what} allows every action on every resource: list the actions and resources needed`, at });
      }
    };
    for (const t of resources(ctx.artifact, 'aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy')) {
      const v = attrValue(t.block, 'policy');
      judgeJson(typeof v === 'string' ? safeJson(v) : v, t.address, where(t, 'policy'));
    }
    for (const t of dataSources(ctx.artifact, 'aws_iam_policy_document')) {
      policies++;
      for (const st of nested(t.block, 'statement')) {
        if (attrValue(st, 'effect') === 'Deny') continue;
        const actions = asList(attrValue(st, 'actions'));
        const res = asList(attrValue(st, 'resources'));
        if (actions.some((a) => a === '*' || a === '*:*') && res.some((r) => r === '*')) ctx.report({ message: `${t.address} allows every action on every resource: list the actions and resources needed`, at: where(st, 'actions') });
      }
    }
    for (const t of resources(ctx.artifact, 'aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_policy_attachment')) {
      const arn = attrValue(t.block, 'policy_arn');
      if (typeof arn === 'string' && ADMIN_POLICIES.test(arn)) ctx.report({ message: `${t.address} attaches ${arn.split('/').pop()}: attach a policy scoped to what the role does`, at: where(t, 'policy_arn') });
    }
    for (const t of resources(ctx.artifact, 'google_project_iam_member', 'google_project_iam_binding', 'google_folder_iam_member', 'google_organization_iam_member')) {
      const role = attrValue(t.block, 'role');
      if (typeof role === 'string' && PRIMITIVE_ROLES.has(role)) ctx.report({ message: `${t.address} grants the primitive role ${role}: grant a predefined or custom role instead`, at: where(t, 'role') });
    }
    for (const t of resources(ctx.artifact, 'azurerm_role_assignment')) {
      const role = attrValue(t.block, 'role_definition_name');
      if (role === 'Owner') ctx.report({ message: `${t.address} assigns Owner: assign a narrower built-in or custom role`, at: where(t, 'role_definition_name'), severity: 'medium' });
    }
    if (policies) ctx.evidence('IAM policies declared in code without wildcard admin grants', { at: { line: 1 } });
    void stringValue;
  },
});

function safeJson(s: string): TfValue | undefined {
  try {
    return JSON.parse(s) as TfValue;
  } catch {
    return undefined;
  }
}
