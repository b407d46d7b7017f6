import { defineRule } from '../../src/audit/load-rules.js';
import { isComputed, nested, resources, value, where, type HclBlock } from '../../src/rules-kit/terraform.js';

const CHECKS: Record<string, { attr: string; defaultOn?: boolean; id: string }> = {
  aws_db_instance: { attr: 'storage_encrypted', id: 'CKV_AWS_16' },
  aws_rds_cluster: { attr: 'storage_encrypted', id: 'CKV_AWS_96' },
  aws_ebs_volume: { attr: 'encrypted', id: 'CKV_AWS_3' },
  aws_efs_file_system: { attr: 'encrypted', id: 'CKV_AWS_42' },
  aws_elasticache_replication_group: { attr: 'at_rest_encryption_enabled', id: 'CKV_AWS_29' },
  aws_redshift_cluster: { attr: 'encrypted', id: 'CKV_AWS_64' },
  aws_docdb_cluster: { attr: 'storage_encrypted', id: 'CKV_AWS_74' },
};

export default defineRule({
  meta: {
    id: 'terraform/encryption-at-rest',
    title: 'Databases and volumes are encrypted at rest',
    description: 'Unencrypted storage exposes data through snapshots shared by mistake, disks leaving the provider, and anyone with read access to backups. Encryption with a managed key is free of charge and invisible to the app.',
    remediation: 'Set `storage_encrypted = true` (RDS, Aurora, DocumentDB), `encrypted = true` (EBS, EFS, launch template volumes), `at_rest_encryption_enabled = true` (ElastiCache), ideally with `kms_key_id` of a customer-managed key.',
    checklistItem: 'security.secrets-management',
    severity: 'high',
    artifacts: ['terraform'],
    equivalents: Object.values(CHECKS).map((c) => `checkov:${c.id}`),
    examples: {
      fail: [
        { path: 'db.tf', code: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n' },
        { path: 'lt.tf', code: 'resource "aws_launch_template" "web" {\n  block_device_mappings {\n    device_name = "/dev/xvda"\n    ebs {\n      volume_size = 20\n    }\n  }\n}\n' },
      ],
      pass: [{ path: 'db.tf', code: 'resource "aws_db_instance" "main" {\n  engine            = "postgres"\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.db.arn\n}\n' }],
    },
  },
  check(ctx) {
    for (const t of resources(ctx.artifact, ...Object.keys(CHECKS))) {
      const c = CHECKS[t.type];
      const v = value(ctx.repo, t, c.attr);
      if (v === true || isComputed(v)) ctx.evidence(`${t.address} is encrypted at rest`, { at: where(t, c.attr) });
      else ctx.report({ message: `${t.address} is not encrypted at rest: set ${c.attr} = true`, at: where(t, c.attr) });
    }
    for (const t of resources(ctx.artifact, 'aws_launch_template', 'aws_instance')) {
      const devs: HclBlock[] = [
        ...nested(t.block, 'block_device_mappings').flatMap((b) => nested(b, 'ebs')),
        ...nested(t.block, 'root_block_device'),
        ...nested(t.block, 'ebs_block_device'),
      ];
      for (const d of devs) {
        const v = value(ctx.repo, t, 'encrypted', d);
        if (v === true || isComputed(v)) ctx.evidence(`${t.address} volumes are encrypted`, { at: where(d, 'encrypted') });
        else ctx.report({ message: `a volume of ${t.address} is not encrypted: set encrypted = true`, at: where(d, 'encrypted') });
      }
    }
  },
});
