import { defineRule } from '../../src/audit/load-rules.js';
import { allTopBlocks, attributes, blocks, exprValue, isComputed, stringValue, where } from '../../src/rules-kit/terraform.js';

/** A constraint is pinned when it has an upper bound: `= 1.2.3`, `~> 5.0`, `>= 5, < 6`. */
function bounded(c: string): boolean {
  return /~>|(^|,|\s)=?\s*\d+\.\d+|<|^\s*\d/.test(c) && !/^\s*>=?[^,<]*$/.test(c);
}

export default defineRule({
  meta: {
    id: 'terraform/pinned-versions',
    title: 'Terraform and provider versions are constrained',
    description: 'Without `required_version` and provider version constraints, `terraform init` takes the newest releases: a major provider upgrade can plan to destroy and recreate resources on an ordinary run.',
    remediation: 'Add `terraform { required_version = "~> 1.10" required_providers { aws = { source = "hashicorp/aws", version = "~> 6.0" } } }` and commit `.terraform.lock.hcl`.',
    checklistItem: 'infrastructure.iac',
    severity: 'medium',
    artifacts: ['terraform'],
    scope: 'repository',
    examples: {
      fail: [
        { path: 'infra/versions.tf', code: 'terraform {\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n}\n' },
        { path: 'infra/versions.tf', code: 'terraform {\n  required_version = ">= 1.0"\n  required_providers {\n    aws = { source = "hashicorp/aws", version = ">= 5.0" }\n  }\n}\n', note: 'no upper bound' },
      ],
      pass: [{ path: 'infra/versions.tf', code: 'terraform {\n  required_version = "~> 1.10"\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 6.0"\n    }\n  }\n}\n' }],
    },
  },
  check(ctx) {
    const all = allTopBlocks(ctx.repo);
    if (!all.length) return;
    let required = 0;
    for (const t of all) {
      if (t.kind !== 'terraform') continue;
      const file = t.artifact.path;
      const rv = attributes(t.block.node).find((a) => a.name === 'required_version');
      if (rv) {
        required++;
        const v = stringValue(rv.value);
        if (v !== undefined && !bounded(v)) ctx.report({ file, message: `required_version "${v}" has no upper bound: use "~> ${v.replace(/[^\d.]/g, '') || '1.10'}"`, at: rv.node });
      }
      for (const rp of blocks(t.block.node).filter((b) => b.type === 'required_providers')) {
        for (const a of attributes(rp.node)) {
          const v = exprValue(a.value);
          if (isComputed(v)) continue;
          const version = typeof v === 'string' ? undefined : (v as Record<string, unknown>)?.version;
          if (typeof version !== 'string') ctx.report({ file, message: `provider ${a.name} has no version constraint: add version = "~> X.Y"`, at: a.node });
          else if (!bounded(version)) ctx.report({ file, message: `provider ${a.name} version "${version}" has no upper bound: use "~>"`, at: a.node });
        }
      }
    }
    if (!required) {
      const first = all.find((t) => t.kind === 'terraform') ?? all[0];
      ctx.report({ file: first.artifact.path, message: 'no required_version is set: add terraform { required_version = "~> 1.10" }', at: where(first) });
    } else ctx.evidence('Terraform and provider versions are constrained');
  },
});
