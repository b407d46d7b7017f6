import { dirOf } from '../../src/rules-kit/repo-paths.js';
import { defineRule } from '../../src/audit/load-rules.js';
import { attrNode, attrValue, isComputed, moduleResources, nestedPath, resources, value, where } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/public-database',
    title: 'Databases are not reachable from the internet',
    description: 'A database with a public endpoint is one leaked password (or one unpatched bug) away from a breach, and is brute-forced constantly. Databases belong in private subnets, reached from the application only.',
    remediation: 'RDS: `publicly_accessible = false` in private subnets. Cloud SQL: `ip_configuration { ipv4_enabled = false, private_network = … }`. Azure: `public_network_access_enabled = false` with a private endpoint or delegated subnet.',
    checklistItem: 'security.network-security',
    severity: 'critical',
    artifacts: ['terraform'],
    equivalents: ['checkov:CKV_AWS_17', 'checkov:CKV_GCP_60'],
    examples: {
      fail: [
        { path: 'db.tf', code: 'resource "aws_db_instance" "main" {\n  publicly_accessible = true\n}\n' },
        { path: 'sql.tf', code: 'resource "google_sql_database_instance" "main" {\n  settings {\n    ip_configuration {\n      ipv4_enabled = true\n    }\n  }\n}\n' },
        { path: 'db.tf', code: 'resource "aws_subnet" "public" {\n  count                   = 2\n  vpc_id                  = aws_vpc.main.id\n  map_public_ip_on_launch = true\n}\nresource "aws_db_subnet_group" "db" {\n  subnet_ids = aws_subnet.public[*].id\n}\n', note: 'database subnets that are public' },
      ],
      pass: [
        { path: 'db.tf', code: 'resource "aws_db_instance" "main" {\n  publicly_accessible = false\n}\n' },
        { path: 'sql.tf', code: 'resource "google_sql_database_instance" "main" {\n  settings {\n    ip_configuration {\n      ipv4_enabled    = false\n      private_network = google_compute_network.main.id\n    }\n  }\n}\n' },
      ],
    },
  },
  check(ctx) {
    for (const t of resources(ctx.artifact, 'aws_db_instance', 'aws_rds_cluster_instance')) {
      const v = value(ctx.repo, t, 'publicly_accessible');
      if (v === true) ctx.report({ message: `${t.address} is publicly accessible: set publicly_accessible = false and keep it in private subnets`, at: where(t, 'publicly_accessible') });
      else if (!isComputed(v)) ctx.evidence(`${t.address} is private`, { at: where(t, 'publicly_accessible') });
    }
    for (const t of resources(ctx.artifact, 'aws_db_subnet_group', 'aws_elasticache_subnet_group', 'aws_redshift_subnet_group')) {
      // Addresses are module-scoped: only subnets of the same directory (module) can be meant.
      const publicSubnets = moduleResources(ctx.repo, dirOf(ctx.artifact.path), 'aws_subnet').filter((sn) => attrValue(sn.block, 'map_public_ip_on_launch') === true);
      const ids = attrNode(t.block, 'subnet_ids')?.text ?? '';
      const pub = publicSubnets.find((sn) => new RegExp(`(^|[^\\w.])${sn.address.replace('.', '\\.')}(\\[[^\\]]*\\])?\\.`).test(ids));
      if (pub) ctx.report({ message: `${t.address} places the database in ${pub.address}, which assigns public IPs: use private (isolated) subnets`, at: where(t, 'subnet_ids') });
    }
    for (const t of resources(ctx.artifact, 'google_sql_database_instance')) {
      const ip = nestedPath(t.block, 'settings', 'ip_configuration');
      const v = ip ? value(ctx.repo, t, 'ipv4_enabled', ip) : undefined;
      if (v === false) ctx.evidence(`${t.address} has no public IP`, { at: where(ip!, 'ipv4_enabled') });
      else if (!isComputed(v)) ctx.report({ message: `${t.address} gets a public IPv4 address: set ip_configuration { ipv4_enabled = false, private_network = … }`, at: ip ? where(ip, 'ipv4_enabled') : where(t) });
    }
    for (const t of resources(ctx.artifact, 'azurerm_postgresql_flexible_server', 'azurerm_mysql_flexible_server', 'azurerm_mssql_server')) {
      const v = value(ctx.repo, t, 'public_network_access_enabled');
      const delegated = attrValue(t.block, 'delegated_subnet_id') !== undefined;
      if (v === false || (v === undefined && delegated)) ctx.evidence(`${t.address} has no public network access`, { at: where(t) });
      else if (!isComputed(v)) ctx.report({ message: `${t.address} accepts connections from public networks: set public_network_access_enabled = false`, at: where(t, 'public_network_access_enabled') });
    }
  },
});
