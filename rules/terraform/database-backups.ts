import { defineRule } from '../../src/audit/load-rules.js';
import { isComputed, nestedPath, resources, value, where } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/database-backups',
    title: 'Databases keep automated backups with point-in-time recovery',
    description: 'Without automated backups (or with a retention of a day or two) a bad migration, a deleted table or ransomware is unrecoverable, or recoverable only to a point long past.',
    remediation: 'RDS/Aurora: `backup_retention_period = 7` or more. Cloud SQL: `settings { backup_configuration { enabled = true, point_in_time_recovery_enabled = true } }`. Azure SQL/PostgreSQL: keep `backup_retention_days` ≥ 7.',
    checklistItem: 'infrastructure.backups',
    severity: 'high',
    artifacts: ['terraform'],
    equivalents: ['checkov:CKV_AWS_133', 'checkov:CKV_GCP_14'],
    defaultOptions: { minRetentionDays: 7 },
    optionsDoc: { minRetentionDays: 'Fewest days of backups accepted.' },
    examples: {
      fail: [
        { path: 'db.tf', code: 'resource "aws_db_instance" "main" {\n  engine                  = "postgres"\n  backup_retention_period = 0\n}\n' },
        { path: 'db.tf', code: 'resource "google_sql_database_instance" "main" {\n  database_version = "POSTGRES_16"\n  settings {\n    tier = "db-custom-2-7680"\n  }\n}\n' },
      ],
      pass: [
        { path: 'db.tf', code: 'resource "aws_db_instance" "main" {\n  engine                  = "postgres"\n  backup_retention_period = var.backup_days\n}\nvariable "backup_days" {\n  default = 14\n}\n' },
        { path: 'db.tf', code: 'resource "google_sql_database_instance" "main" {\n  settings {\n    backup_configuration {\n      enabled                        = true\n      point_in_time_recovery_enabled = true\n    }\n  }\n}\n' },
      ],
    },
  },
  check(ctx) {
    const min = Number(ctx.options.minRetentionDays ?? 7);
    for (const t of resources(ctx.artifact, 'aws_db_instance', 'aws_rds_cluster')) {
      if (t.type === 'aws_db_instance' && value(ctx.repo, t, 'replicate_source_db') !== undefined) continue;
      const v = value(ctx.repo, t, 'backup_retention_period');
      if (isComputed(v)) {
        ctx.evidence(`${t.address} backup retention set per environment`, { at: where(t, 'backup_retention_period') });
        continue;
      }
      if (typeof v !== 'number' || v < min) {
        ctx.report({ message: `${t.address} keeps ${v === undefined ? 'the default (1 day of)' : v} backups: set backup_retention_period to ${min} or more`, at: where(t, 'backup_retention_period') });
      } else ctx.evidence(`${t.address} keeps ${v} days of automated backups`, { at: where(t, 'backup_retention_period') });
    }
    for (const t of resources(ctx.artifact, 'google_sql_database_instance')) {
      const settings = nestedPath(t.block, 'settings');
      const bc = settings ? nestedPath(settings, 'backup_configuration') : undefined;
      const enabled = bc ? value(ctx.repo, t, 'enabled', bc) : undefined;
      const pitr = bc ? value(ctx.repo, t, 'point_in_time_recovery_enabled', bc) ?? value(ctx.repo, t, 'binary_log_enabled', bc) : undefined;
      if (enabled === false || (!isComputed(enabled) && enabled !== true)) {
        ctx.report({ message: `${t.address} has no automated backups: add settings { backup_configuration { enabled = true } }`, at: bc ? where(bc, 'enabled') : where(t) });
      } else if (pitr === false || pitr === undefined) {
        ctx.report({ message: `${t.address} has no point-in-time recovery: set point_in_time_recovery_enabled = true`, at: where(bc!), severity: 'medium' });
      } else ctx.evidence(`${t.address} has automated backups with point-in-time recovery`, { at: where(bc!) });
    }
    for (const t of resources(ctx.artifact, 'azurerm_postgresql_flexible_server', 'azurerm_mysql_flexible_server')) {
      const v = value(ctx.repo, t, 'backup_retention_days');
      if (typeof v === 'number' && v < min) ctx.report({ message: `${t.address} keeps ${v} days of backups: set backup_retention_days to ${min} or more`, at: where(t, 'backup_retention_days') });
      else ctx.evidence(`${t.address} keeps automated backups`, { at: where(t) });
    }
  },
});
