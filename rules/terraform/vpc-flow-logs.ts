import { defineRule } from '../../src/audit/load-rules.js';
import { allResources, attrValue, nestedPath, references, where } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/vpc-flow-logs',
    title: 'Networks record flow logs',
    description: 'Flow logs are the record of which addresses talked to which: without them, a data exfiltration or lateral movement leaves no network trace to investigate.',
    remediation: 'AWS: an `aws_flow_log` for each `aws_vpc`. GCP: a `log_config` block on each `google_compute_subnetwork`. Azure: an `azurerm_network_watcher_flow_log` targeting each virtual network.',
    checklistItem: 'security.audit-logging',
    severity: 'medium',
    artifacts: ['terraform'],
    scope: 'repository',
    equivalents: ['checkov:CKV2_AWS_11', 'checkov:CKV_GCP_26'],
    examples: {
      fail: [
        { path: 'vpc.tf', code: 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n' },
        { path: 'vnet.tf', code: 'resource "azurerm_virtual_network" "main" {\n  name          = "main"\n  address_space = ["10.0.0.0/16"]\n}\n' },
        { path: 'net.tf', code: 'resource "google_compute_subnetwork" "app" {\n  ip_cidr_range = "10.0.0.0/20"\n  network       = google_compute_network.main.id\n}\n' },
      ],
      pass: [{ path: 'vpc.tf', code: 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_flow_log" "main" {\n  vpc_id          = aws_vpc.main.id\n  traffic_type    = "ALL"\n  log_destination = aws_cloudwatch_log_group.flow.arn\n}\n' }],
    },
  },
  check(ctx) {
    const flows = allResources(ctx.repo, 'aws_flow_log');
    for (const t of allResources(ctx.repo, 'aws_vpc')) {
      const file = t.artifact.path;
      if (flows.some((f) => references(f.block, t.address))) ctx.evidence(`${t.address} has flow logs`, { file, at: where(t) });
      else ctx.report({ file, message: `${t.address} has no flow logs: add an aws_flow_log with vpc_id = ${t.address}.id`, at: where(t) });
    }
    const azureFlows = allResources(ctx.repo, 'azurerm_network_watcher_flow_log');
    for (const t of allResources(ctx.repo, 'azurerm_virtual_network')) {
      const file = t.artifact.path;
      const nsgFlows = azureFlows.some((f) => attrValue(f.block, 'network_security_group_id') !== undefined);
      if (nsgFlows || azureFlows.some((f) => references(f.block, t.address))) ctx.evidence(`${t.address} has flow logs`, { file, at: where(t) });
      else ctx.report({ file, message: `${t.address} has no flow logs: add an azurerm_network_watcher_flow_log with target_resource_id = ${t.address}.id`, at: where(t) });
    }
    for (const t of allResources(ctx.repo, 'google_compute_subnetwork')) {
      const file = t.artifact.path;
      if (nestedPath(t.block, 'log_config')) ctx.evidence(`${t.address} has flow logs`, { file, at: where(t) });
      else ctx.report({ file, message: `${t.address} has no flow logs: add a log_config block`, at: where(t) });
    }
  },
});
