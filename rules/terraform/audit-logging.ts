import { defineRule } from '../../src/audit/load-rules.js';
import { allResources, allTopBlocks, attrValue, where } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/audit-logging',
    title: 'Cloud API activity is logged',
    description: 'Without an audit trail of API calls nobody can answer "who changed this?" after an incident, and most compliance regimes fail outright. The trail must cover every region and be tamper-evident.',
    remediation: 'AWS: an `aws_cloudtrail` with `is_multi_region_trail = true` and `enable_log_file_validation = true`. GCP: `google_project_iam_audit_config` for data access logs. Azure: an `azurerm_monitor_diagnostic_setting` exporting the subscription Activity Log.',
    checklistItem: 'security.audit-logging',
    severity: 'medium',
    artifacts: ['terraform'],
    scope: 'repository',
    equivalents: ['checkov:CKV_AWS_67', 'checkov:CKV_AWS_36'],
    examples: {
      fail: [
        { path: 'main.tf', code: 'provider "aws" {\n  region = "eu-west-1"\n}\nresource "aws_s3_bucket" "assets" {\n  bucket = "acme-assets"\n}\n' },
        { path: 'trail.tf', code: 'resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.trail.id\n}\n', note: 'single region, no validation' },
      ],
      pass: [{ path: 'trail.tf', code: 'resource "aws_cloudtrail" "main" {\n  name                       = "main"\n  s3_bucket_name             = aws_s3_bucket.trail.id\n  is_multi_region_trail      = true\n  enable_log_file_validation = true\n}\n' }],
    },
  },
  check(ctx) {
    const all = allTopBlocks(ctx.repo);
    const uses = (prefix: string) => all.some((b) => (b.kind === 'resource' || b.kind === 'provider') && (b.type === prefix || b.type.startsWith(prefix + '_')));
    const trails = allResources(ctx.repo, 'aws_cloudtrail');
    for (const t of trails) {
      const file = t.artifact.path;
      const problems = [];
      if (attrValue(t.block, 'is_multi_region_trail') === false || attrValue(t.block, 'is_multi_region_trail') === undefined) problems.push('is_multi_region_trail = true');
      if (attrValue(t.block, 'enable_log_file_validation') === false || attrValue(t.block, 'enable_log_file_validation') === undefined) problems.push('enable_log_file_validation = true');
      if (problems.length) ctx.report({ file, message: `${t.address} does not cover every region with tamper-evident logs: set ${problems.join(' and ')}`, at: where(t) });
      else ctx.evidence(`${t.address} records API activity in every region`, { file, at: where(t) });
    }
    // Same test as uses(): a resource typed exactly `aws` counts there, so it must be found here.
    const first = (p: string) => all.find((b) => b.kind === 'provider' && b.type === p) ?? all.find((b) => (b.kind === 'resource' || b.kind === 'provider') && (b.type === p || b.type.startsWith(p + '_')));
    if (uses('aws') && !trails.length) {
      const b = first('aws')!;
      ctx.report({ file: b.artifact.path, message: 'AWS resources are managed here but no aws_cloudtrail records API activity: add a multi-region trail (or note that an organization trail covers the account)', at: where(b) });
    }
    if (uses('google')) {
      const audit = allResources(ctx.repo, 'google_project_iam_audit_config', 'google_organization_iam_audit_config', 'google_folder_iam_audit_config');
      if (audit.length) ctx.evidence('GCP data access audit logs configured', { file: audit[0].artifact.path });
      else {
        const b = first('google')!;
        ctx.report({ file: b.artifact.path, message: 'GCP resources are managed here but data access audit logs are not configured: add google_project_iam_audit_config', at: where(b) });
      }
    }
    if (uses('azurerm')) {
      const diag = allResources(ctx.repo, 'azurerm_monitor_diagnostic_setting', 'azurerm_monitor_aad_diagnostic_setting');
      if (diag.length) ctx.evidence('Azure diagnostic settings export activity logs', { file: diag[0].artifact.path });
      else {
        const b = first('azurerm')!;
        ctx.report({ file: b.artifact.path, message: 'Azure resources are managed here but no diagnostic setting exports the Activity Log: add azurerm_monitor_diagnostic_setting', at: where(b) });
      }
    }
  },
});
