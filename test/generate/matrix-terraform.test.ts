// Every Terraform file the generator writes, for every pairwise answer case: `terraform fmt -check`
// passes, and since `init`/`validate` need providers (no network here), the wiring is checked
// offline with the HCL parser: each module call passes exactly the variables the module declares,
// every `module.x.y`, `var.x` and `local.x` resolves, and tfvars set every required variable.
// Then the practices the audit holds Terraform to: pinned versions, remote state with locking,
// production-only protection and HA, no open ingress but HTTPS, no `*` on `*`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allBlocks, attribute, attributes, blocks, initHcl, literalValue, parseHcl, stringValue, type HclBlock } from '../../src/repo/parsers/hcl.js';
import { run, tool } from '../helpers/tools.js';
import { infraCases, type InfraCase } from './infra-cases.js';

const cases = infraCases();
const hasTerraform = tool('terraform');
const TF_DIRS = ['infrastructure/terraform', 'security'];

beforeAll(() => initHcl());

interface ModuleDir {
  variables: Map<string, { required: boolean }>;
  outputs: Set<string>;
  locals: Set<string>;
  blocks: HclBlock[];
  text: string;
}

function readModule(dir: string): ModuleDir {
  const m: ModuleDir = { variables: new Map(), outputs: new Set(), locals: new Set(), blocks: [], text: '' };
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.tf'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    const file = parseHcl(text);
    expect(file.errors, `${dir}/${f}`).toEqual([]);
    m.text += text;
    for (const b of blocks(file.root)) {
      m.blocks.push(b);
      if (b.type === 'variable') m.variables.set(b.labels[0], { required: !attribute(b.node, 'default') });
      if (b.type === 'output') m.outputs.add(b.labels[0]);
      if (b.type === 'locals') for (const a of attributes(b.node)) m.locals.add(a.name);
    }
  }
  return m;
}

/** Directories holding .tf files, relative to the case root. */
function tfDirs(c: InfraCase): string[] {
  return [...new Set(c.files.filter((f) => f.endsWith('.tf')).map((f) => posix.dirname(f)))].sort();
}

const META_ARGS = new Set(['source', 'depends_on', 'count', 'for_each', 'providers', 'version']);

describe('terraform', () => {
  describe.skipIf(!hasTerraform)('terraform fmt -check -recursive', () => {
    it.each(cases.map((c) => [c.label, c] as const))('%s', (_label, c) => {
      for (const d of TF_DIRS) {
        const r = run('terraform', ['fmt', '-check', '-recursive', '-diff', join(c.dir, d)], { env: { TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1' } });
        expect(r.status, `${c.label} ${d}:\n${r.output}`).toBe(0);
      }
    });
  });

  it.each(cases.map((c) => [c.label, c] as const))('wiring resolves offline: %s', (_label, c) => {
    const modules = new Map(tfDirs(c).map((d) => [d, readModule(join(c.dir, d))]));
    for (const [dir, m] of modules) {
      for (const [, name] of m.text.matchAll(/\bvar\.([A-Za-z_][\w-]*)/g)) expect(m.variables.has(name), `${dir}: var.${name} is not declared`).toBe(true);
      for (const [, name] of m.text.matchAll(/\blocal\.([A-Za-z_][\w-]*)/g)) expect(m.locals.has(name), `${dir}: local.${name} is not defined`).toBe(true);
      const calls = new Map<string, string>();
      for (const b of m.blocks.filter((x) => x.type === 'module')) {
        const source = stringValue(attribute(b.node, 'source')!.value)!;
        const target = posix.normalize(posix.join(dir, source));
        const callee = modules.get(target);
        expect(callee, `${dir}: module "${b.labels[0]}" source ${source} has no .tf files`).toBeDefined();
        calls.set(b.labels[0], target);
        const args = attributes(b.node).map((a) => a.name).filter((n) => !META_ARGS.has(n));
        for (const a of args) expect(callee!.variables.has(a), `${dir}: module "${b.labels[0]}" passes undeclared ${a}`).toBe(true);
        for (const [v, { required }] of callee!.variables) if (required) expect(args, `${dir}: module "${b.labels[0]}" misses ${v}`).toContain(v);
      }
      for (const [, mod, out] of m.text.matchAll(/\bmodule\.([\w-]+)\.([\w-]+)/g)) {
        expect(calls.has(mod), `${dir}: module.${mod} is not called`).toBe(true);
        expect(modules.get(calls.get(mod)!)!.outputs.has(out), `${dir}: module.${mod} has no output ${out}`).toBe(true);
      }
    }
    for (const env of c.answers.environments) {
      const dir = `infrastructure/terraform/environments/${env}`;
      const root = modules.get(dir)!;
      const tfvars = parseHcl(readFileSync(join(c.dir, dir, 'terraform.tfvars'), 'utf8'));
      expect(tfvars.errors, dir).toEqual([]);
      const set = attributes(tfvars.root).map((a) => a.name);
      for (const s of set) expect(root.variables.has(s), `${dir}/terraform.tfvars sets undeclared ${s}`).toBe(true);
      for (const [v, { required }] of root.variables) if (required) expect(set, `${dir}/terraform.tfvars misses ${v}`).toContain(v);
    }
  });

  it.each(cases.map((c) => [c.label, c] as const))('practices: %s', (_label, c) => {
    const { environments, cloud } = c.answers;
    const read = (p: string) => parseHcl(readFileSync(join(c.dir, p), 'utf8'));
    // Pinned Terraform and providers in every module.
    for (const d of tfDirs(c)) {
      const tf = blocks(read(`${d}/versions.tf`).root).find((b) => b.type === 'terraform')!;
      expect(literalValue(attribute(tf.node, 'required_version')!.value), d).toMatch(/^~> 1\.\d+$/);
      const providers = blocks(tf.node).find((b) => b.type === 'required_providers')!;
      for (const p of attributes(providers.node)) expect(p.value.text, `${d} ${p.name}`).toMatch(/version\s*=\s*"~> \d+\.\d+"/);
    }
    for (const env of environments) {
      const dir = `infrastructure/terraform/environments/${env}`;
      const isProd = env === environments.at(-1);
      // Remote state with locking.
      const backend = allBlocks(read(`${dir}/backend.tf`).root).find((b) => b.type === 'backend')!;
      expect(backend.labels[0], dir).toBe({ aws: 's3', gcp: 'gcs', azure: 'azurerm' }[cloud]);
      if (cloud === 'aws') expect(literalValue(attribute(backend.node, 'use_lockfile')!.value), dir).toBe(true);
      // Protection and high availability in production only.
      const vars = Object.fromEntries(attributes(read(`${dir}/terraform.tfvars`).root).map((a) => [a.name, literalValue(a.value)]));
      expect(vars.deletion_protection, dir).toBe(isProd);
      expect(vars[cloud === 'aws' ? 'db_multi_az' : 'high_availability'], dir).toBe(isProd);
      expect(vars.db_backup_retention_days, dir).toBeGreaterThanOrEqual(7);
      // Cost allocation: tags/labels on the provider (aws, gcp) or passed to every module (azure).
      const main = readFileSync(join(c.dir, dir, 'main.tf'), 'utf8');
      if (cloud === 'aws') expect(main, dir).toMatch(/default_tags\s*{/);
      if (cloud === 'gcp') expect(main, dir).toMatch(/default_labels\s*=/);
      if (cloud === 'azure') {
        for (const b of blocks(read(`${dir}/main.tf`).root).filter((x) => x.type === 'module' || x.type === 'resource'))
          expect(attribute(b.node, 'tags')?.value.text, `${dir} ${b.labels.join('.')}`).toBe('local.tags');
      }
    }
    for (const f of c.files.filter((p) => p.endsWith('.tf'))) {
      const all = allBlocks(read(f).root);
      for (const b of all) {
        const text = b.node.text;
        // The internet reaches HTTPS only (a deny rule may name it too).
        const inbound = /ingress_rule$/.test(b.labels[0] ?? '') || /direction\s*=\s*"(INGRESS|Inbound)"/.test(text);
        if (b.type === 'resource' && inbound && /"0\.0\.0\.0\/0"|"Internet"/.test(text) && !/\bdeny\b|"Deny"/.test(text)) {
          expect(text, `${f} ${b.labels.join('.')}`).toMatch(/\b443\b/);
        }
        // No statement grants every action on every resource.
        if (b.type === 'statement') {
          const actions = attribute(b.node, 'actions')?.value.text ?? '';
          const resources = attribute(b.node, 'resources')?.value.text ?? '';
          expect(actions === '["*"]' && resources === '["*"]', `${f}: "*" on "*"`).toBe(false);
        }
        // KMS keys rotate.
        if (b.labels[0] === 'aws_kms_key') expect(literalValue(attribute(b.node, 'enable_key_rotation')!.value), f).toBe(true);
        if (b.labels[0] === 'google_kms_crypto_key') expect(attribute(b.node, 'rotation_period'), f).toBeDefined();
      }
    }
  });

  it('writes the security files at the paths seed 001 lists', () => {
    for (const c of cases) {
      for (const p of ['security/iam/policies.tf', 'security/iam/roles.tf', 'security/network/security-groups.tf', 'security/network/firewall-rules.tf'])
        expect(c.files, c.label).toContain(p);
      const secrets = c.answers.secrets === 'vault' ? 'security/secrets/vault-config.hcl' : { aws: 'security/secrets/secrets-manager.tf', gcp: 'security/secrets/secret-manager.tf', azure: 'security/secrets/key-vault.tf' }[c.answers.cloud];
      expect(c.files, c.label).toContain(secrets);
      for (const m of ['networking', 'compute', 'database'])
        for (const f of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf']) expect(c.files, c.label).toContain(`infrastructure/terraform/modules/${m}/${f}`);
      for (const env of c.answers.environments) expect(c.files, c.label).toContain(`infrastructure/terraform/environments/${env}/backend.tf`);
    }
  });
});
