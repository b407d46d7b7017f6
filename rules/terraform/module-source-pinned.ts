import { defineRule } from '../../src/audit/load-rules.js';
import { attrValue, topBlocks, where } from '../../src/rules-kit/terraform.js';

export default defineRule({
  meta: {
    id: 'terraform/module-source-pinned',
    title: 'Module sources are pinned',
    description: 'A registry module without `version`, or a git module without `?ref=`, pulls whatever was published last: a plan can change with no change in this repository, and a compromised upstream lands directly.',
    remediation: 'Pin registry modules with `version = "x.y.z"` and git modules with `?ref=<tag or commit>` (a commit hash is immutable).',
    checklistItem: 'infrastructure.iac',
    severity: 'medium',
    artifacts: ['terraform'],
    equivalents: ['checkov:CKV_TF_1', 'checkov:CKV_TF_2'],
    examples: {
      fail: [
        { path: 'infra/main.tf', code: 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n' },
        { path: 'infra/main.tf', code: 'module "net" {\n  source = "git::https://github.com/acme/tf-modules.git//network"\n}\n' },
      ],
      pass: [
        { path: 'infra/main.tf', code: 'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.8.1"\n}\nmodule "db" {\n  source = "../modules/database"\n}\nmodule "net" {\n  source = "git::https://github.com/acme/tf-modules.git//network?ref=v1.4.0"\n}\n' },
      ],
    },
  },
  check(ctx) {
    let pinned = 0;
    for (const t of topBlocks(ctx.artifact)) {
      if (t.kind !== 'module') continue;
      const src = attrValue(t.block, 'source');
      if (typeof src !== 'string') continue;
      if (src.startsWith('./') || src.startsWith('../')) continue;
      if (/^(git::|github\.com\/|git@|bitbucket\.org\/|hg::|s3::|gcs::|https?:\/\/)/.test(src)) {
        if (/[?&]ref=/.test(src) || /\.(zip|tar\.gz|tgz)(\?|$)/.test(src)) pinned++;
        else ctx.report({ message: `module ${t.type} is fetched from ${src} without ?ref=: pin a tag or commit`, at: where(t, 'source') });
        continue;
      }
      const version = attrValue(t.block, 'version');
      if (version === undefined) ctx.report({ message: `registry module ${t.type} has no version: add version = "x.y.z"`, at: where(t, 'source') });
      else pinned++;
    }
    if (pinned) ctx.evidence('external modules are pinned');
  },
});
