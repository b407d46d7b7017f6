import { defineRule } from '../../src/audit/load-rules.js';
import { allResources, attrValue, isComputed, references, where } from '../../src/rules-kit/terraform.js';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
const PUBLIC_ACL = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const PUBLIC_MEMBERS = /^(allUsers|allAuthenticatedUsers)$/;

export default defineRule({
  meta: {
    id: 'terraform/public-bucket',
    title: 'Buckets block public access',
    description: 'Public buckets are the most common cloud data leak: one ACL or policy change exposes every object to the internet. The account- or bucket-level public access block makes that change impossible by mistake.',
    remediation: 'AWS: an `aws_s3_bucket_public_access_block` with all four settings true for each bucket, and no public ACLs. GCP: `public_access_prevention = "enforced"` and no `allUsers` members. Azure: `allow_nested_items_to_be_public = false`.',
    checklistItem: 'security.access-control',
    severity: 'high',
    artifacts: ['terraform'],
    scope: 'repository',
    equivalents: ['checkov:CKV2_AWS_6', 'checkov:CKV_AWS_20', 'checkov:CKV_GCP_114', 'checkov:CKV_GCP_28'],
    examples: {
      fail: [
        { path: 's3.tf', code: 'resource "aws_s3_bucket" "assets" {\n  bucket = "acme-assets"\n}\n', note: 'no public access block' },
        { path: 's3.tf', code: 'resource "aws_s3_bucket" "assets" {\n  bucket = "acme-assets"\n}\nresource "aws_s3_bucket_public_access_block" "assets" {\n  bucket                  = aws_s3_bucket.assets.id\n  block_public_acls       = true\n  block_public_policy     = false\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n' },
        { path: 'gcs.tf', code: 'resource "google_storage_bucket_iam_member" "public" {\n  bucket = google_storage_bucket.assets.name\n  role   = "roles/storage.objectViewer"\n  member = "allUsers"\n}\n' },
      ],
      pass: [
        { path: 's3.tf', code: 'resource "aws_s3_bucket" "assets" {\n  for_each = toset(["a", "b"])\n  bucket   = "acme-${each.key}"\n}\nresource "aws_s3_bucket_public_access_block" "assets" {\n  for_each                = aws_s3_bucket.assets\n  bucket                  = each.value.id\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n', note: 'for_each over the buckets' },
        { path: 'gcs.tf', code: 'resource "google_storage_bucket" "assets" {\n  name                        = "acme-assets"\n  uniform_bucket_level_access = true\n  public_access_prevention    = "enforced"\n}\n' },
      ],
    },
  },
  check(ctx) {
    const blocks = allResources(ctx.repo, 'aws_s3_bucket_public_access_block');
    const accountBlock = allResources(ctx.repo, 'aws_s3_account_public_access_block').some((b) => FLAGS.every((f) => attrValue(b.block, f) === true));
    for (const b of [...blocks, ...allResources(ctx.repo, 'aws_s3_account_public_access_block')]) {
      for (const f of FLAGS) {
        if (attrValue(b.block, f) === false) ctx.report({ file: b.artifact.path, message: `${b.address} sets ${f} = false: set it to true`, at: where(b, f) });
      }
    }
    for (const t of allResources(ctx.repo, 'aws_s3_bucket')) {
      const file = t.artifact.path;
      const pab = blocks.find((b) => references(b.block, t.address) || attrValue(b.block, 'for_each') !== undefined && b.block.node.text.includes(t.address));
      if (pab || accountBlock) ctx.evidence(`${t.address} blocks public access`, { file, at: where(t) });
      else ctx.report({ file, message: `${t.address} has no public access block: add aws_s3_bucket_public_access_block with all four settings true`, at: where(t), severity: 'medium' });
    }
    for (const t of allResources(ctx.repo, 'aws_s3_bucket_acl')) {
      const acl = attrValue(t.block, 'acl');
      if (typeof acl === 'string' && PUBLIC_ACL.has(acl)) ctx.report({ file: t.artifact.path, message: `${t.address} grants the "${acl}" ACL: use private and serve content through a CDN with origin access`, at: where(t, 'acl') });
    }
    for (const t of allResources(ctx.repo, 'google_storage_bucket')) {
      const pap = attrValue(t.block, 'public_access_prevention');
      if (pap === 'enforced' || isComputed(pap)) ctx.evidence(`${t.address} enforces public access prevention`, { file: t.artifact.path, at: where(t, 'public_access_prevention') });
      else ctx.report({ file: t.artifact.path, message: `${t.address} does not enforce public access prevention: set public_access_prevention = "enforced"`, at: where(t, 'public_access_prevention'), severity: 'medium' });
    }
    for (const t of allResources(ctx.repo, 'google_storage_bucket_iam_member', 'google_storage_bucket_iam_binding')) {
      const members = [attrValue(t.block, 'member'), ...((attrValue(t.block, 'members') as unknown[] | undefined) ?? [])];
      if (members.some((m) => typeof m === 'string' && PUBLIC_MEMBERS.test(m))) ctx.report({ file: t.artifact.path, message: `${t.address} makes the bucket public (allUsers/allAuthenticatedUsers): grant named principals`, at: where(t, attrValue(t.block, 'member') !== undefined ? 'member' : 'members') });
    }
    for (const t of allResources(ctx.repo, 'azurerm_storage_account')) {
      if (attrValue(t.block, 'allow_nested_items_to_be_public') === true) ctx.report({ file: t.artifact.path, message: `${t.address} allows public blobs: set allow_nested_items_to_be_public = false`, at: where(t, 'allow_nested_items_to_be_public') });
      else ctx.evidence(`${t.address} keeps blobs private`, { file: t.artifact.path, at: where(t) });
    }
  },
});
