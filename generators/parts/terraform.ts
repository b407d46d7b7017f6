// Terraform for the chosen cloud: reusable modules (networking, compute, database), one root
// module per environment calling them with its own sizing and remote state, and the security
// modules at the paths seed 001 lists (security/iam, security/network, security/secrets).
//
// A template may exist in variants for the platform or the cloud, named `<file>.<variant>.hbs`
// (e.g. `main.tf.eks.hbs`, `main.tf.aws.hbs`); the most specific one wins, then `<file>.hbs`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PlannedFile, PlanPart } from '../../src/generate/plan.js';
import { TEMPLATES_DIR } from '../../src/generate/render.js';
import type { EnvironmentData, TemplateData } from '../../src/generate/template-data.js';

const TF = 'infrastructure/terraform';
const MODULE_FILES = ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf'];
/** versions.tf is the same pinned-provider block for every module. */
const VERSIONS_TEMPLATE = `${TF}/modules/versions.tf.hbs`;

/** The most specific template for an output file: platform variant, cloud variant, then plain. */
export function templateFor(path: string, d: TemplateData): string {
  const base = path.split('/').pop() === 'versions.tf' ? undefined : path;
  if (!base) return VERSIONS_TEMPLATE;
  for (const variant of [d.platform, d.cloud]) {
    const t = `${base}.${variant}.hbs`;
    if (existsSync(join(TEMPLATES_DIR, t))) return t;
  }
  const plain = `${base}.hbs`;
  if (existsSync(join(TEMPLATES_DIR, plain))) return plain;
  throw new Error(`no template for ${path} (cloud ${d.cloud}, platform ${d.platform})`);
}

/** Files of the secrets module: the cloud's key service and secret store, or Vault's config. */
function secretsFiles(d: TemplateData): string[] {
  const files = d.isAzure ? ['key-vault.tf'] : ['kms.tf'];
  if (d.isVault) files.push('vault-config.hcl');
  else if (d.isAws) files.push('secrets-manager.tf');
  else if (d.isGcp) files.push('secret-manager.tf');
  return [...files, 'variables.tf', 'outputs.tf', 'versions.tf'];
}

const SECURITY_MODULES = (d: TemplateData): Record<string, string[]> => ({
  iam: ['roles.tf', 'policies.tf', 'audit-logging.tf', 'variables.tf', 'outputs.tf', 'versions.tf'],
  network: ['security-groups.tf', 'firewall-rules.tf', 'variables.tf', 'outputs.tf', 'versions.tf'],
  secrets: secretsFiles(d),
});

/** Per-environment values the tfvars need beyond EnvironmentData. */
function envData(e: EnvironmentData) {
  return { ...e, vpcCidr: `10.${e.index * 16}.0.0/16` };
}

/** Names shared by several templates, derived once. */
function shared(d: TemplateData) {
  const compact = d.name.replace(/-/g, '');
  const owner = d.codeowners[0]?.replace(/^@/, '') ?? 'platform';
  return {
    usesEcr: d.registry === 'ecr',
    usesGar: d.registry === 'gar',
    usesAcr: d.registry === 'acr',
    /** Azure storage account for Terraform state: 3–24 lowercase letters and digits. */
    stateAccount: `${compact.slice(0, 17)}tfstate`,
    owner,
    /** GCP label values: lowercase letters, digits, '_' and '-', 63 at most. */
    ownerLabel: owner.toLowerCase().replace(/[^a-z0-9_-]/g, '-').slice(0, 63),
    /** Azure Key Vault names: 3–24 alphanumerics and dashes, globally unique. */
    vaultName: `${compact.slice(0, 15)}-${d.prodEnv.replace(/-/g, '').slice(0, 4)}-kv`,
    compactName: compact,
  };
}

const terraform: PlanPart = (d) => {
  const data = shared(d);
  const file = (path: string, extra: Record<string, unknown> = {}): PlannedFile => ({
    path,
    template: templateFor(path, d),
    data: { ...data, ...extra },
  });
  const files: PlannedFile[] = [];
  for (const mod of ['networking', 'compute', 'database']) {
    for (const f of MODULE_FILES) files.push(file(`${TF}/modules/${mod}/${f}`));
  }
  for (const [mod, list] of Object.entries(SECURITY_MODULES(d))) {
    for (const f of list) files.push(file(`security/${mod}/${f}`));
  }
  for (const e of d.envs) {
    for (const f of ['backend.tf', 'main.tf', 'variables.tf', 'outputs.tf', 'terraform.tfvars', 'versions.tf']) {
      const out = `${TF}/environments/${e.name}/${f}`;
      files.push({ ...file(`${TF}/environments/_env_/${f}`, { env: envData(e) }), path: out });
    }
  }
  return files;
};

export default terraform;
