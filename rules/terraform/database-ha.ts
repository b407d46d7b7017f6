import { defineRule } from '../../src/audit/load-rules.js';
import { attrValue, isComputed, isProdPath, nestedPath, resources, value, where } from '../../src/rules-kit/terraform.js';
import { attributes } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/database-ha',
    title: 'Production databases survive the loss of a zone',
    description: 'A single-zone database goes down with its zone and takes the service with it; failing over to a standby in another zone takes a minute instead of a restore from backup.',
    remediation: 'RDS: `multi_az = true` (through a variable the production tfvars sets). Cloud SQL: `availability_type = "REGIONAL"`. Azure flexible servers: a `high_availability { mode = "ZoneRedundant" }` block.',
    checklistItem: 'infrastructure.disaster-recovery',
    severity: 'low',
    artifacts: ['terraform', 'tfvars'],
    equivalents: ['checkov:CKV_AWS_157'],
    examples: {
      fail: [
        { path: 'db.tf', code: 'resource "aws_db_instance" "main" {\n  engine   = "postgres"\n  multi_az = false\n}\n' },
        { path: 'environments/prod/terraform.tfvars', code: 'db_multi_az = false\n' },
      ],
      pass: [
        { path: 'db.tf', code: 'resource "aws_db_instance" "main" {\n  engine   = "postgres"\n  multi_az = var.multi_az\n}\n' },
        { path: 'sql.tf', code: 'resource "google_sql_database_instance" "main" {\n  settings {\n    availability_type = "REGIONAL"\n  }\n}\n' },
      ],
    },
  },
  check(ctx) {
    if (ctx.artifact.is('tfvars')) {
      if (!isProdPath(ctx.artifact.path)) return;
      for (const a of attributes(ctx.artifact.hcl.root)) {
        if (/multi_az$/.test(a.name) && a.value.text.trim() === 'false') ctx.report({ message: `production sets ${a.name} = false: run the database in more than one zone`, at: a.node });
        if (/availability_type$/.test(a.name) && /ZONAL/.test(a.value.text) && !/REGIONAL/.test(a.value.text)) ctx.report({ message: `production sets ${a.name} to ZONAL: use REGIONAL`, at: a.node });
      }
      return;
    }
    for (const t of resources(ctx.artifact, 'aws_db_instance')) {
      if (value(ctx.repo, t, 'replicate_source_db') !== undefined) continue;
      const v = value(ctx.repo, t, 'multi_az');
      if (v === true || isComputed(v)) ctx.evidence(`${t.address} runs multi-AZ${isComputed(v) ? ' where configured' : ''}`, { at: where(t, 'multi_az') });
      else ctx.report({ message: `${t.address} runs in a single zone: set multi_az = true (at least in production)`, at: where(t, 'multi_az') });
    }
    for (const t of resources(ctx.artifact, 'google_sql_database_instance')) {
      const s = nestedPath(t.block, 'settings');
      const v = s ? value(ctx.repo, t, 'availability_type', s) : undefined;
      if (v === 'REGIONAL' || isComputed(v)) ctx.evidence(`${t.address} is regional`, { at: where(s!, 'availability_type') });
      else ctx.report({ message: `${t.address} is zonal: set settings.availability_type = "REGIONAL" (at least in production)`, at: s ? where(s, 'availability_type') : where(t) });
    }
    for (const t of resources(ctx.artifact, 'azurerm_postgresql_flexible_server', 'azurerm_mysql_flexible_server')) {
      const ha = nestedPath(t.block, 'high_availability');
      if (ha || t.block.node.text.includes('dynamic "high_availability"')) ctx.evidence(`${t.address} has a standby`, { at: where(t) });
      else ctx.report({ message: `${t.address} has no standby: add high_availability { mode = "ZoneRedundant" } (at least in production)`, at: where(t) });
    }
    void attrValue;
  },
});
