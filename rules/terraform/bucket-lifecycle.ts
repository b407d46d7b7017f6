import { defineRule } from '../../src/audit/load-rules.js';
import { allResources, attrValue, nested, references, where } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/bucket-lifecycle',
    title: 'Buckets expire or archive old objects',
    description: 'Without lifecycle rules, logs, build artifacts and old versions accumulate forever at the most expensive storage class: the bill grows every month for data nobody reads.',
    remediation: 'AWS: an `aws_s3_bucket_lifecycle_configuration` that transitions to colder classes and expires old objects and noncurrent versions. GCP: `lifecycle_rule` blocks on the bucket.',
    checklistItem: 'infrastructure.cost-optimization',
    severity: 'low',
    artifacts: ['terraform'],
    scope: 'repository',
    equivalents: ['checkov:CKV2_AWS_61'],
    examples: {
      fail: [{ path: 's3.tf', code: 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n' }],
      pass: [
        { path: 's3.tf', code: 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\nresource "aws_s3_bucket_lifecycle_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    id     = "expire"\n    status = "Enabled"\n    expiration {\n      days = 365\n    }\n  }\n}\n' },
        { path: 'gcs.tf', code: 'resource "google_storage_bucket" "logs" {\n  name = "acme-logs"\n  lifecycle_rule {\n    condition {\n      age = 365\n    }\n    action {\n      type = "Delete"\n    }\n  }\n}\n' },
      ],
    },
  },
  check(ctx) {
    const configs = allResources(ctx.repo, 'aws_s3_bucket_lifecycle_configuration');
    for (const t of allResources(ctx.repo, 'aws_s3_bucket')) {
      const inline = nested(t.block, 'lifecycle_rule').length > 0;
      if (inline || configs.some((c) => references(c.block, t.address) || (attrValue(c.block, 'for_each') !== undefined && c.block.node.text.includes(t.address)))) {
        ctx.evidence(`${t.address} has lifecycle rules`, { file: t.artifact.path, at: where(t) });
      } else ctx.report({ file: t.artifact.path, message: `${t.address} keeps every object forever: add an aws_s3_bucket_lifecycle_configuration`, at: where(t) });
    }
    for (const t of allResources(ctx.repo, 'google_storage_bucket')) {
      if (nested(t.block, 'lifecycle_rule').length) ctx.evidence(`${t.address} has lifecycle rules`, { file: t.artifact.path, at: where(t) });
      else ctx.report({ file: t.artifact.path, message: `${t.address} keeps every object forever: add lifecycle_rule blocks`, at: where(t) });
    }
  },
});
