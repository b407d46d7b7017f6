import { defineRule } from '../../src/audit/load-rules.js';
import { attributes, isComputed, isProdPath, resources, value, where } from '../../src/rules-kit/terraform.js';

const AWS_DEFAULT_OFF = ['aws_db_instance', 'aws_rds_cluster'];
const ON_BY_DEFAULT = ['google_sql_database_instance', 'google_container_cluster'];

export default defineRule({
  meta: {
    id: 'terraform/deletion-protection',
    title: 'Databases are protected from deletion',
    description: 'A renamed resource or a mistaken `terraform destroy` deletes a database in seconds; deletion protection turns that into an error that someone has to switch off deliberately.',
    remediation: 'Set `deletion_protection = true` (RDS, Aurora, Cloud SQL, GKE), at least in production — through a variable that the production tfvars sets to true.',
    checklistItem: 'infrastructure.disaster-recovery',
    severity: 'medium',
    artifacts: ['terraform', 'tfvars'],
    equivalents: ['checkov:CKV_AWS_293', 'checkov:CKV_AWS_139'],
    examples: {
      fail: [
        { path: 'db.tf', code: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n' },
        { path: 'sql.tf', code: 'resource "google_sql_database_instance" "main" {\n  deletion_protection = false\n}\n' },
        { path: 'environments/prod/terraform.tfvars', code: 'deletion_protection = false\n', note: 'production turns it off' },
      ],
      pass: [
        { path: 'db.tf', code: 'resource "aws_db_instance" "main" {\n  engine              = "postgres"\n  deletion_protection = var.deletion_protection\n}\n' },
        { path: 'environments/dev/terraform.tfvars', code: 'deletion_protection = false\n', note: 'dev may be torn down' },
      ],
    },
  },
  check(ctx) {
    if (ctx.artifact.is('tfvars')) {
      if (!isProdPath(ctx.artifact.path)) return;
      for (const a of attributes(ctx.artifact.hcl.root)) {
        if (!/deletion_protection$/.test(a.name)) continue;
        if (a.value.text.trim() === 'false') ctx.report({ message: `production sets ${a.name} = false: set it to true`, at: a.node });
        else if (a.value.text.trim() === 'true') ctx.evidence('production enables deletion protection', { at: a.node });
      }
      return;
    }
    for (const t of resources(ctx.artifact, ...AWS_DEFAULT_OFF, ...ON_BY_DEFAULT)) {
      const v = value(ctx.repo, t, 'deletion_protection');
      if (isComputed(v)) {
        ctx.evidence(`${t.address} deletion protection set per environment`, { at: where(t, 'deletion_protection') });
        continue;
      }
      const on = v === true || (v === undefined && ON_BY_DEFAULT.includes(t.type));
      if (!on) ctx.report({ message: `${t.address} can be deleted by any apply: set deletion_protection = true`, at: where(t, 'deletion_protection') });
      else ctx.evidence(`${t.address} has deletion protection`, { at: where(t, 'deletion_protection') });
    }
  },
});
