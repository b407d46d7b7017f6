import { defineRule } from '../../src/audit/load-rules.js';
import { allTopBlocks, attrValue, blocks, where } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/remote-backend',
    title: 'Terraform state lives in a locked remote backend',
    description: 'Local state lives on one laptop: it is lost with the disk, cannot be shared, and two people applying at once corrupt it. A remote backend with locking keeps one authoritative, serialised state per environment.',
    remediation: 'Add `terraform { backend "s3" { …, use_lockfile = true } }` (or `dynamodb_table`), `backend "gcs"`, `backend "azurerm"` or HCP Terraform `cloud {}` to each root module.',
    checklistItem: 'infrastructure.iac',
    severity: 'high',
    artifacts: ['terraform'],
    scope: 'repository',
    equivalents: [],
    examples: {
      fail: [
        { path: 'infra/main.tf', code: 'provider "aws" {\n  region = "eu-west-1"\n}\n', note: 'no backend: state stays local' },
        { path: 'infra/backend.tf', code: 'terraform {\n  backend "s3" {\n    bucket = "acme-tf-state"\n    key    = "prod/terraform.tfstate"\n    region = "eu-west-1"\n  }\n}\n', note: 'no locking' },
      ],
      pass: [
        { path: 'infra/backend.tf', code: 'terraform {\n  backend "s3" {\n    bucket       = "acme-tf-state"\n    key          = "prod/terraform.tfstate"\n    region       = "eu-west-1"\n    encrypt      = true\n    use_lockfile = true\n  }\n}\n' },
        { path: 'infra/backend.tf', code: 'terraform {\n  backend "gcs" {\n    bucket = "acme-tf-state"\n    prefix = "prod"\n  }\n}\n' },
      ],
    },
  },
  check(ctx) {
    const all = allTopBlocks(ctx.repo);
    if (!all.length) return;
    ctx.evidence(`infrastructure described in Terraform (${new Set(all.map((b) => b.artifact.path)).size} files)`);
    let backends = 0;
    for (const t of all) {
      if (t.kind !== 'terraform') continue;
      for (const b of blocks(t.block.node)) {
        if (b.type === 'cloud') {
          backends++;
          ctx.evidence('state in HCP Terraform (locked)', { file: t.artifact.path, at: b.node });
          continue;
        }
        if (b.type !== 'backend') continue;
        backends++;
        const kind = b.labels[0];
        const file = t.artifact.path;
        if (kind === 'local') {
          ctx.report({ file, message: 'backend "local" keeps state on one machine: use a remote backend with locking', at: b.node });
        } else if (kind === 's3' && attrValue(b, 'use_lockfile') !== true && attrValue(b, 'dynamodb_table') === undefined) {
          ctx.report({ file, message: 'S3 backend without locking: set use_lockfile = true (or dynamodb_table)', at: where(b) });
        } else if (kind === 's3' && attrValue(b, 'encrypt') === false) {
          ctx.report({ file, message: 'S3 backend stores state unencrypted: set encrypt = true', at: where(b, 'encrypt'), checklistItem: 'security.secrets-management' });
        } else ctx.evidence(`remote state in a "${kind}" backend with locking`, { file, at: b.node });
      }
    }
    if (backends === 0) {
      const root = all.find((t) => t.kind === 'provider') ?? all[0];
      ctx.report({ file: root.artifact.path, message: 'no Terraform backend is configured, so state stays local: add a remote backend with locking', at: where(root) });
    }
  },
});
