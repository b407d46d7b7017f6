import { defineRule } from '../../src/audit/load-rules.js';
import { allResources, attrValue, nested, nestedPath, references, where } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/bucket-versioning',
    title: 'Buckets keep object versions',
    description: 'Without versioning, an overwrite or delete (a bug, a bad sync, ransomware) destroys the only copy; with it, earlier versions can be restored.',
    remediation: 'AWS: add `aws_s3_bucket_versioning` with `status = "Enabled"` for the bucket. GCP: `versioning { enabled = true }`.',
    checklistItem: 'infrastructure.backups',
    severity: 'medium',
    artifacts: ['terraform'],
    scope: 'repository',
    equivalents: ['checkov:CKV_AWS_21', 'checkov:CKV_GCP_78'],
    examples: {
      fail: [
        { path: 's3.tf', code: 'resource "aws_s3_bucket" "assets" {\n  bucket = "acme-assets"\n}\n' },
        { path: 'gcs.tf', code: 'resource "google_storage_bucket" "assets" {\n  name     = "acme-assets"\n  location = "EU"\n}\n' },
      ],
      pass: [
        { path: 's3.tf', code: 'resource "aws_s3_bucket" "assets" {\n  bucket = "acme-assets"\n}\nresource "aws_s3_bucket_versioning" "assets" {\n  bucket = aws_s3_bucket.assets.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n' },
        { path: 'gcs.tf', code: 'resource "google_storage_bucket" "assets" {\n  name = "acme-assets"\n  versioning {\n    enabled = true\n  }\n}\n' },
      ],
    },
  },
  check(ctx) {
    const versionings = allResources(ctx.repo, 'aws_s3_bucket_versioning');
    for (const t of allResources(ctx.repo, 'aws_s3_bucket')) {
      const file = t.artifact.path;
      const inline = nestedPath(t.block, 'versioning');
      const v = versionings.find((x) => references(x.block, t.address));
      const cfg = v && nested(v.block, 'versioning_configuration')[0];
      const status = cfg ? attrValue(cfg, 'status') : undefined;
      if ((inline && attrValue(inline, 'enabled') === true) || (v && status !== 'Suspended' && status !== 'Disabled')) {
        ctx.evidence(`${t.address} is versioned`, { file, at: where(t) });
      } else ctx.report({ file, message: `${t.address} is not versioned: add aws_s3_bucket_versioning with status = "Enabled"`, at: where(t) });
    }
    for (const t of allResources(ctx.repo, 'google_storage_bucket')) {
      const file = t.artifact.path;
      const vb = nestedPath(t.block, 'versioning');
      if (vb && attrValue(vb, 'enabled') !== false) ctx.evidence(`${t.address} is versioned`, { file, at: where(vb) });
      else ctx.report({ file, message: `${t.address} is not versioned: add versioning { enabled = true }`, at: vb ? where(vb, 'enabled') : where(t) });
    }
  },
});
