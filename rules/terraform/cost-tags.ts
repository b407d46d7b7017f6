import { defineRule } from '../../src/audit/load-rules.js';
import { allTopBlocks, attrValue, nestedPath, where } from '../../src/rules-kit/terraform.js';

// Resource types that accept tags/labels but are sub-resources billed with their parent.
const UNTAGGABLE = /^(aws_(iam_role_policy_attachment|iam_role_policy|iam_policy_attachment|route_table_association|route|security_group_rule|vpc_security_group_(ingress|egress)_rule|s3_bucket_(versioning|public_access_block|server_side_encryption_configuration|lifecycle_configuration|logging|policy|acl|ownership_controls|notification)|db_parameter_group|kms_alias|appautoscaling_policy|appautoscaling_target|autoscaling_policy|ecs_cluster_capacity_providers|lb_listener_rule|eks_addon|iam_openid_connect_provider|flow_log|cloudwatch_log_group|eip_association|main_route_table_association|nat_gateway|network_acl_rule|db_subnet_group|elasticache_subnet_group)|google_(project_iam_|service_account_iam_|storage_bucket_iam_|project_service|kms_key_ring)|azurerm_(role_assignment|subnet|subnet_|network_security_rule))/;

export default defineRule({
  meta: {
    id: 'terraform/cost-tags',
    title: 'Resources carry cost-allocation tags',
    description: 'Untagged resources cannot be attributed to a team, service or environment on the bill: cost reviews and clean-up of orphans become guesswork.',
    remediation: 'AWS: set `default_tags { tags = { Project, Environment, Owner, CostCenter } }` in the provider. GCP: `default_labels` in the provider. Azure: `tags` on every resource (a local merged in).',
    checklistItem: 'infrastructure.cost-optimization',
    severity: 'low',
    artifacts: ['terraform'],
    scope: 'repository',
    examples: {
      fail: [{ path: 'main.tf', code: 'provider "aws" {\n  region = "eu-west-1"\n}\nresource "aws_instance" "web" {\n  ami           = var.ami\n  instance_type = "t3.micro"\n}\n' }],
      pass: [
        { path: 'main.tf', code: 'provider "aws" {\n  region = "eu-west-1"\n  default_tags {\n    tags = {\n      Project     = "shop"\n      Environment = var.environment\n    }\n  }\n}\nresource "aws_instance" "web" {\n  ami           = var.ami\n  instance_type = "t3.micro"\n}\n' },
        { path: 'main.tf', code: 'resource "aws_instance" "web" {\n  ami  = var.ami\n  tags = local.tags\n}\n' },
      ],
    },
  },
  check(ctx) {
    const all = allTopBlocks(ctx.repo);
    const awsDefault = all.some((b) => b.kind === 'provider' && b.type === 'aws' && nestedPath(b.block, 'default_tags'));
    const gcpDefault = all.some((b) => b.kind === 'provider' && (b.type === 'google' || b.type === 'google-beta') && attrValue(b.block, 'default_labels') !== undefined);
    if (awsDefault) ctx.evidence('AWS provider applies default cost-allocation tags');
    if (gcpDefault) ctx.evidence('Google provider applies default labels');
    let tagged = 0;
    for (const t of all) {
      if (t.kind !== 'resource' || UNTAGGABLE.test(t.type)) continue;
      const provider = t.type.split('_')[0];
      if (provider === 'aws' && awsDefault) continue;
      if (provider === 'google' && gcpDefault) continue;
      if (!['aws', 'google', 'azurerm'].includes(provider)) continue;
      const key = provider === 'google' ? 'labels' : 'tags';
      if (attrValue(t.block, key) !== undefined || (provider === 'google' && attrValue(t.block, 'resource_labels') !== undefined)) {
        tagged++;
        continue;
      }
      if (provider === 'google' && !/^google_(compute_instance|compute_disk|storage_bucket|sql_database_instance|container_cluster|container_node_pool|redis_instance|cloud_run_v2_service|pubsub_topic|bigquery_dataset|kms_crypto_key)$/.test(t.type)) continue;
      // Azure: only billable resources that accept tags (diagnostic settings, locks, child databases do not).
      if (provider === 'azurerm' && !/^azurerm_(resource_group|kubernetes_cluster|kubernetes_cluster_node_pool|postgresql_flexible_server|mysql_flexible_server|mssql_server|storage_account|key_vault|virtual_network|container_registry|log_analytics_workspace|linux_virtual_machine|windows_virtual_machine|linux_virtual_machine_scale_set|public_ip|application_gateway|redis_cache|container_app|container_app_environment|nat_gateway|lb|cosmosdb_account|service_plan|linux_web_app)$/.test(t.type)) continue;
      if (provider === 'aws' && /^aws_(iam_|cloudwatch_metric_alarm|s3_bucket_)/.test(t.type) && t.type !== 'aws_iam_role') continue;
      ctx.report({ file: t.artifact.path, message: `${t.address} has no ${key} for cost allocation: add ${key} (or provider-level defaults)`, at: where(t) });
    }
    if (tagged) ctx.evidence('resources carry cost-allocation tags');
  },
});
