import { defineRule } from '../../src/audit/load-rules.js';
import { manifestObjects } from '../../src/rules-kit/kubernetes.js';

const ING = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: api, namespace: shop}\nspec:\n  ingressClassName: nginx\n  rules:\n    - host: api.example.com\n      http:\n        paths:\n          - {path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}\n';

export default defineRule({
  meta: {
    id: 'kubernetes/ingress-tls',
    title: 'Ingresses terminate TLS',
    description: 'An Ingress without `tls` serves plain HTTP: credentials and session cookies cross the internet readable and modifiable.',
    remediation: 'Add `spec.tls` with the hosts and a certificate secret (e.g. issued by cert-manager), and redirect HTTP to HTTPS.',
    checklistItem: 'security.network-security',
    severity: 'high',
    artifacts: ['kubernetes'],
    examples: {
      fail: [{ path: 'k8s/ingress.yaml', code: ING }],
      pass: [{ path: 'k8s/ingress.yaml', code: ING.replace('  rules:', '  tls:\n    - hosts: [api.example.com]\n      secretName: api-tls\n  rules:') }],
    },
  },
  check(ctx) {
    for (const o of manifestObjects(ctx)) {
      if (o.kind !== 'Ingress') continue;
      const tls = o.value.spec?.tls;
      if (!Array.isArray(tls) || tls.length === 0) ctx.report({ message: `Ingress ${o.name} has no tls section and serves plain HTTP: add spec.tls`, at: o.at('spec', 'rules') });
      else ctx.evidence(`Ingress ${o.name} terminates TLS`, { at: o.at('spec', 'tls') });
    }
  },
});
