import { defineRule } from '../../src/audit/load-rules.js';
import { isReferenceValue, isSecretName } from '../../src/rules-kit/docker.js';
import { containers, manifestObjects } from '../../src/rules-kit/kubernetes.js';
import { deployment, goodContainer } from './_examples.js';

export default defineRule({
  meta: {
    id: 'kubernetes/no-plaintext-secrets',
    title: 'No secret values in manifests',
    description: 'A password in a ConfigMap, in an `env` value or in a committed Secret (base64 is not encryption) is readable by everyone with access to the repository and by anything that can read the object in the cluster.',
    remediation: 'Reference secrets with `valueFrom.secretKeyRef` and create them from a secret manager (External Secrets, Sealed Secrets, SOPS, the CSI secrets store), never committed in plain form.',
    checklistItem: 'security.secrets-management',
    severity: 'high',
    artifacts: ['kubernetes'],
    examples: {
      fail: [
        { path: 'k8s/configmap.yaml', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api, namespace: shop}\ndata:\n  LOG_LEVEL: info\n  DB_PASSWORD: hunter2-prod\n' },
        { path: 'k8s/deployment.yaml', code: deployment(goodContainer + '\n    env:\n      - name: API_TOKEN\n        value: abc123def456\n') },
        { path: 'k8s/secret.yaml', code: 'apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\ntype: Opaque\ndata:\n  password: aHVudGVyMg==\n' },
      ],
      pass: [
        { path: 'k8s/deployment.yaml', code: deployment(goodContainer + '\n    env:\n      - name: DB_PASSWORD\n        valueFrom:\n          secretKeyRef: {name: db, key: password}\n') },
        { path: 'k8s/externalsecret.yaml', code: 'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: {name: db, namespace: shop}\nspec:\n  secretStoreRef: {name: aws, kind: ClusterSecretStore}\n  target: {name: db}\n  data:\n    - secretKey: password\n      remoteRef: {key: prod/db, property: password}\n' },
      ],
    },
  },
  check(ctx) {
    let refs = 0;
    for (const o of manifestObjects(ctx)) {
      if (o.kind === 'ExternalSecret' || o.kind === 'SealedSecret' || o.kind === 'SecretProviderClass') {
        refs++;
        continue;
      }
      if (o.kind === 'ConfigMap') {
        for (const [k, v] of Object.entries((o.value.data ?? {}) as Record<string, unknown>)) {
          if (isSecretName(k) && typeof v === 'string' && !isReferenceValue(v)) ctx.report({ message: `ConfigMap ${o.name} holds ${k} in plain text: move it to a Secret managed outside the repository`, at: o.at('data', k) });
        }
      }
      if (o.kind === 'Secret') {
        for (const field of ['data', 'stringData']) {
          const d = (o.value[field] ?? {}) as Record<string, unknown>;
          const filled = Object.entries(d).filter(([, v]) => typeof v === 'string' && v !== '' && !isReferenceValue(v));
          if (filled.length) ctx.report({ message: `Secret ${o.name} is committed with ${filled.length} value(s) in ${field} (base64 is not encryption): create it from a secret manager, SealedSecret or SOPS`, at: o.at(field) });
        }
      }
      for (const c of containers(o)) {
        const env = Array.isArray(c.container.env) ? c.container.env : [];
        env.forEach((e: { name?: string; value?: unknown; valueFrom?: { secretKeyRef?: unknown } }, i: number) => {
          if (e?.valueFrom?.secretKeyRef) refs++;
          if (!e?.name || !isSecretName(e.name) || typeof e.value !== 'string' || isReferenceValue(e.value)) return;
          ctx.report({ message: `container ${c.name} sets ${e.name} to a literal value: use valueFrom.secretKeyRef`, at: c.at('env', i, 'value') });
        });
        const envFrom = Array.isArray(c.container.envFrom) ? c.container.envFrom : [];
        if (envFrom.some((e: { secretRef?: unknown }) => e?.secretRef)) refs++;
      }
    }
    if (refs) ctx.evidence('manifests reference secrets instead of embedding them');
  },
});
