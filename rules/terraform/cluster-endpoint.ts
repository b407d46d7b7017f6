import { defineRule } from '../../src/audit/load-rules.js';
import { isComputed, nestedPath, resources, value, where } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/cluster-endpoint',
    title: 'Kubernetes API endpoints are not open to the whole internet',
    description: 'A managed cluster\'s API server reachable from 0.0.0.0/0 is exposed to credential stuffing and to every future API-server vulnerability; limiting it to known networks (or making it private) removes that surface.',
    remediation: 'EKS: `endpoint_public_access = false`, or `public_access_cidrs` limited to your networks. GKE: `master_authorized_networks_config` or a private endpoint. AKS: `api_server_access_profile { authorized_ip_ranges = […] }` or `private_cluster_enabled = true`.',
    checklistItem: 'security.network-security',
    severity: 'high',
    artifacts: ['terraform'],
    equivalents: ['checkov:CKV_AWS_38', 'checkov:CKV_AWS_39', 'checkov:CKV_GCP_20', 'checkov:CKV_AZURE_6'],
    examples: {
      fail: [
        { path: 'eks.tf', code: 'resource "aws_eks_cluster" "main" {\n  name = "main"\n  vpc_config {\n    subnet_ids = var.subnet_ids\n  }\n}\n' },
        { path: 'gke.tf', code: 'resource "google_container_cluster" "main" {\n  name = "main"\n}\n' },
      ],
      pass: [
        { path: 'eks.tf', code: 'resource "aws_eks_cluster" "main" {\n  vpc_config {\n    subnet_ids              = var.subnet_ids\n    endpoint_private_access = true\n    endpoint_public_access  = true\n    public_access_cidrs     = var.admin_cidrs\n  }\n}\n' },
        { path: 'gke.tf', code: 'resource "google_container_cluster" "main" {\n  master_authorized_networks_config {\n    cidr_blocks {\n      cidr_block = "10.0.0.0/8"\n    }\n  }\n}\n' },
      ],
    },
  },
  check(ctx) {
    for (const t of resources(ctx.artifact, 'aws_eks_cluster')) {
      const vpc = nestedPath(t.block, 'vpc_config');
      if (!vpc) continue;
      const pub = value(ctx.repo, t, 'endpoint_public_access', vpc);
      const cidrs = value(ctx.repo, t, 'public_access_cidrs', vpc);
      if (pub === false || isComputed(pub)) {
        ctx.evidence(`${t.address} API endpoint is private`, { at: where(vpc, 'endpoint_public_access') });
        continue;
      }
      if (isComputed(cidrs) || (Array.isArray(cidrs) && cidrs.length && !cidrs.includes('0.0.0.0/0'))) {
        ctx.evidence(`${t.address} API endpoint limited to known networks`, { at: where(vpc, 'public_access_cidrs') });
        continue;
      }
      ctx.report({ message: `${t.address} exposes its API endpoint to the whole internet: set public_access_cidrs to your networks or endpoint_public_access = false`, at: where(vpc, cidrs !== undefined ? 'public_access_cidrs' : 'endpoint_public_access') });
    }
    for (const t of resources(ctx.artifact, 'google_container_cluster')) {
      const man = nestedPath(t.block, 'master_authorized_networks_config');
      const priv = nestedPath(t.block, 'private_cluster_config');
      const privEp = priv ? value(ctx.repo, t, 'enable_private_endpoint', priv) : undefined;
      if (man || privEp === true) ctx.evidence(`${t.address} control plane limited to authorized networks`, { at: where(t) });
      else ctx.report({ message: `${t.address} control plane is reachable from any network: add master_authorized_networks_config or a private endpoint`, at: where(t) });
    }
    for (const t of resources(ctx.artifact, 'azurerm_kubernetes_cluster')) {
      const prof = nestedPath(t.block, 'api_server_access_profile');
      const ranges = prof ? value(ctx.repo, t, 'authorized_ip_ranges', prof) : undefined;
      const priv = value(ctx.repo, t, 'private_cluster_enabled');
      if (priv === true || isComputed(ranges) || (Array.isArray(ranges) && ranges.length && !ranges.includes('0.0.0.0/0'))) ctx.evidence(`${t.address} API server access is limited`, { at: where(t) });
      else ctx.report({ message: `${t.address} API server accepts any network: set api_server_access_profile.authorized_ip_ranges or private_cluster_enabled = true`, at: prof ? where(prof) : where(t) });
    }
  },
});
