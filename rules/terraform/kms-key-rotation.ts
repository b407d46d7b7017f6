import { defineRule } from '../../src/audit/load-rules.js';
import { isComputed, nestedPath, resources, value, where } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/kms-key-rotation',
    title: 'Customer-managed keys rotate',
    description: 'A key that never rotates protects years of data with one secret; automatic rotation limits what one leaked or broken key version exposes, and most compliance frameworks require it.',
    remediation: 'AWS: `enable_key_rotation = true` on `aws_kms_key`. GCP: `rotation_period = "7776000s"` on `google_kms_crypto_key`. Azure: a `rotation_policy` on `azurerm_key_vault_key`.',
    checklistItem: 'security.secrets-management',
    severity: 'medium',
    artifacts: ['terraform'],
    equivalents: ['checkov:CKV_AWS_7', 'checkov:CKV_GCP_43'],
    examples: {
      fail: [
        { path: 'kms.tf', code: 'resource "aws_kms_key" "db" {\n  description = "database"\n}\n' },
        { path: 'kms.tf', code: 'resource "google_kms_crypto_key" "db" {\n  name     = "db"\n  key_ring = google_kms_key_ring.main.id\n}\n' },
      ],
      pass: [{ path: 'kms.tf', code: 'resource "aws_kms_key" "db" {\n  description         = "database"\n  enable_key_rotation = true\n}\n' }],
    },
  },
  check(ctx) {
    for (const t of resources(ctx.artifact, 'aws_kms_key')) {
      if (value(ctx.repo, t, 'customer_master_key_spec') !== undefined && value(ctx.repo, t, 'customer_master_key_spec') !== 'SYMMETRIC_DEFAULT') continue;
      const v = value(ctx.repo, t, 'enable_key_rotation');
      if (v === true || isComputed(v)) ctx.evidence(`${t.address} rotates automatically`, { at: where(t, 'enable_key_rotation') });
      else ctx.report({ message: `${t.address} does not rotate: set enable_key_rotation = true`, at: where(t, 'enable_key_rotation') });
    }
    for (const t of resources(ctx.artifact, 'google_kms_crypto_key')) {
      if (value(ctx.repo, t, 'rotation_period') !== undefined) ctx.evidence(`${t.address} rotates`, { at: where(t, 'rotation_period') });
      else ctx.report({ message: `${t.address} has no rotation_period: set one (e.g. "7776000s", 90 days)`, at: where(t) });
    }
    for (const t of resources(ctx.artifact, 'azurerm_key_vault_key')) {
      if (nestedPath(t.block, 'rotation_policy')) ctx.evidence(`${t.address} rotates`, { at: where(t) });
      else ctx.report({ message: `${t.address} has no rotation_policy: add one`, at: where(t) });
    }
  },
});
