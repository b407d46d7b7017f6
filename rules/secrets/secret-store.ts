import { defineRule } from '../../src/audit/load-rules.js';
import { tfResources, walkValue } from '../../src/rules-kit/prometheus.js';

const STORE_RESOURCE = /^(aws_secretsmanager_secret(_version|_rotation)?|aws_ssm_parameter|google_secret_manager_secret(_version|_iam_member)?|azurerm_key_vault(_secret)?|vault_[a-z_]+|kubernetes_secret|doppler_[a-z_]+|module:.*(secrets?-manager|vault|key-vault))$/;
const STORE_KIND = /^(ExternalSecret|SecretStore|ClusterSecretStore|SealedSecret|SecretProviderClass|VaultStaticSecret|VaultDynamicSecret|VaultAuth)$/;

export default defineRule({
  meta: {
    id: 'secrets/secret-store',
    title: 'Secrets come from a secret store',
    description:
      'The checklist item "secrets management" is met when secrets live in a store built for them (Vault, AWS Secrets Manager/SSM, Google Secret Manager, Azure Key Vault, External Secrets, Sealed Secrets, CI secrets) and reach the workload by reference, with rotation and an audit trail, rather than in files.',
    remediation: 'Create the secrets in Vault or the cloud secret manager (Terraform), sync them with External Secrets or the CSI driver, and reference CI secrets as `${{ secrets.NAME }}`.',
    checklistItem: 'security.secrets-management',
    severity: 'medium',
    artifacts: ['terraform', 'hcl', 'kubernetes', 'github-workflow', 'gitlab-ci'],
    scope: 'repository',
    examples: {
      fail: [{ path: 'infrastructure/terraform/main.tf', code: 'resource "aws_s3_bucket" "assets" {\n  bucket = "assets"\n}\n' }],
      pass: [
        { path: 'security/secrets/secrets-manager.tf', code: 'resource "aws_secretsmanager_secret" "db" {\n  name = "app/db"\n}\n' },
        { path: 'infrastructure/kubernetes/externalsecret.yaml', code: 'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: app\nspec:\n  secretStoreRef:\n    name: vault\n    kind: ClusterSecretStore\n' },
        { path: '.github/workflows/deploy.yml', code: 'on: push\njobs:\n  d:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./deploy.sh\n        env:\n          TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n' },
      ],
    },
  },
  check(ctx) {
    let n = 0;
    for (const r of tfResources(ctx.repo)) {
      if (STORE_RESOURCE.test(r.type)) {
        n++;
        ctx.evidence(`${r.type.replace(/^module:/, 'module ')}.${r.name}`, { file: r.artifact.path, at: r.node });
      }
    }
    // A Vault server configuration (storage/listener/seal blocks) is a store of its own.
    for (const a of ctx.repo.ofKind('hcl')) {
      if (a.is('terraform') || a.is('tfvars')) continue;
      if (/(^|\/)[^/]*vault[^/]*\.hcl$/i.test(a.path)) {
        n++;
        ctx.evidence('Vault configuration', { file: a.path, at: { line: 1 } });
      }
    }
    for (const a of ctx.repo.ofKind('kubernetes')) {
      for (const { value } of a.yamlDocs()) {
        const kind = (value as { kind?: unknown } | undefined)?.kind;
        if (typeof kind === 'string' && STORE_KIND.test(kind)) {
          n++;
          ctx.evidence(`${kind} syncs secrets from a store`, { file: a.path, at: { line: 1 } });
        }
        let refs = 0;
        walkValue(value, (k) => {
          if (k === 'secretKeyRef' || k === 'secretRef') refs++;
        });
        if (refs) {
          n++;
          ctx.evidence(`workload reads ${refs} secret reference(s) instead of literal values`, { file: a.path, at: { line: 1 } });
        }
      }
    }
    for (const kind of ['github-workflow', 'gitlab-ci'] as const) {
      for (const a of ctx.repo.ofKind(kind)) {
        const m = /\$\{\{\s*secrets\.[A-Za-z_]\w*\s*\}\}|\bsecrets:\s*\n\s+\w+:\s*\n\s+vault:/.exec(a.text);
        if (m) {
          n++;
          ctx.evidence('CI reads secrets from the CI secret store', { file: a.path, at: { offset: m.index } });
        }
      }
    }
    if (!n) ctx.report({ message: 'no secret store in use (Vault, a cloud secret manager, External/Sealed Secrets or CI secrets)', file: '.', at: { line: 1 } });
  },
});
