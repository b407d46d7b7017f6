import { defineRule } from '../../src/audit/load-rules.js';
import { allResources, attrNode, attrValue, nested, references, where } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/bucket-access-logging',
    title: 'Bucket access is logged',
    description: 'Object-level access logs tell who read or deleted which object; without them, a leak from a bucket cannot be scoped. The bucket that receives the logs is exempt (logging it into itself would loop).',
    remediation: 'AWS: an `aws_s3_bucket_logging` for each bucket, targeting a dedicated log bucket. GCP: a `logging { log_bucket = … }` block.',
    checklistItem: 'security.audit-logging',
    severity: 'low',
    artifacts: ['terraform'],
    scope: 'repository',
    equivalents: ['checkov:CKV_AWS_18', 'checkov:CKV_GCP_62'],
    examples: {
      fail: [{ path: 's3.tf', code: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n' }],
      pass: [{ path: 's3.tf', code: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\nresource "aws_s3_bucket" "logs" {\n  bucket = "acme-access-logs"\n}\nresource "aws_s3_bucket_logging" "data" {\n  bucket        = aws_s3_bucket.data.id\n  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = "data/"\n}\n', note: 'the log bucket itself is exempt' }],
    },
  },
  check(ctx) {
    const loggings = allResources(ctx.repo, 'aws_s3_bucket_logging');
    const isTarget = (address: string) => loggings.some((l) => new RegExp(`(^|[^\\w.])${address.replace(/\./g, '\\.')}\\.`).test(attrNode(l.block, 'target_bucket')?.text ?? ''));
    for (const t of allResources(ctx.repo, 'aws_s3_bucket')) {
      if (isTarget(t.address)) continue;
      const logged = nested(t.block, 'logging').length > 0 || loggings.some((l) => references(l.block, t.address) && !new RegExp(`${t.address.replace(/\./g, '\\.')}\\.`).test(attrNode(l.block, 'target_bucket')?.text ?? '') || (attrValue(l.block, 'for_each') !== undefined && l.block.node.text.includes(t.address)));
      if (logged) ctx.evidence(`${t.address} access is logged`, { file: t.artifact.path, at: where(t) });
      else ctx.report({ file: t.artifact.path, message: `${t.address} has no access logging: add aws_s3_bucket_logging targeting a log bucket`, at: where(t) });
    }
    for (const t of allResources(ctx.repo, 'google_storage_bucket')) {
      if (nested(t.block, 'logging').length) ctx.evidence(`${t.address} access is logged`, { file: t.artifact.path, at: where(t) });
    }
  },
});
