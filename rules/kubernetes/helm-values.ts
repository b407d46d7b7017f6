import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { defineRule } from '../../src/audit/load-rules.js';

const noted = new WeakSet<object>();

export default defineRule({
  meta: {
    id: 'kubernetes/helm-values',
    title: 'Helm values pin images and do not run privileged',
    description:
      'Helm templates are Go templates, not YAML, until rendered, so they are not audited directly (a note says so); the chart\'s values files are. An image tag of `latest` or a privileged/root security context there ends up in every rendered manifest.',
    remediation: 'Pin `image.tag` to a version (or leave it empty to use the chart\'s appVersion), and keep `securityContext.privileged: false` and a non-zero `runAsUser`. Render the chart (`helm template`) into a directory to have the manifests themselves audited.',
    checklistItem: 'containers.pinned-base-images',
    severity: 'high',
    artifacts: ['helm-values', 'helm-template'],
    examples: {
      fail: [
        { path: 'charts/api/values.yaml', code: 'image:\n  repository: ghcr.io/acme/api\n  tag: latest\n', files: { 'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.1.0\n' } },
        { path: 'charts/api/values.yaml', code: 'image:\n  repository: ghcr.io/acme/api\n  tag: 1.4.2\nsecurityContext:\n  privileged: true\n', files: { 'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.1.0\n' } },
      ],
      pass: [
        { path: 'charts/api/values.yaml', code: 'image:\n  repository: ghcr.io/acme/api\n  tag: ""\nsecurityContext:\n  runAsNonRoot: true\n  runAsUser: 10001\n', files: { 'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.1.0\nappVersion: 1.4.2\n', 'charts/api/templates/deployment.yaml': 'spec:\n  {{- if .Values.x }}\n  replicas: 1\n  {{- end }}\n' } },
      ],
    },
  },
  check(ctx) {
    if (ctx.artifact.is('helm-template')) {
      const dir = ctx.artifact.path.replace(/\/templates\/.*$/, '');
      const key = ctx.repo as object;
      if (!noted.has(key)) {
        noted.add(key);
        ctx.repo.warnings.push(`${dir}/templates: Helm templates are not rendered and were skipped; values files are audited (render with \`helm template\` to audit the manifests)`);
      }
      return;
    }
    let pinned = 0;
    for (const { doc } of ctx.artifact.yamlDocs()) {
      const walk = (n: Node | null | undefined, depth: number) => {
        if (!n || depth > 12 || !isMap(n)) return;
        const m = n as YAMLMap;
        for (const pair of m.items) {
          const k = isScalar(pair.key) ? String(pair.key.value) : '';
          const v = pair.value as Node | null;
          if (k === 'tag' && isScalar(v) && (m.items.some((p) => isScalar(p.key) && p.key.value === 'repository'))) {
            if (String(v.value) === 'latest') ctx.report({ message: 'image tag "latest" in Helm values: pin a version (or leave it empty to use appVersion)', at: v });
            else pinned++;
          }
          if (k === 'privileged' && isScalar(v) && v.value === true) ctx.report({ message: 'privileged: true in Helm values: remove it', at: v, checklistItem: 'security.access-control' });
          if (k === 'runAsUser' && isScalar(v) && Number(v.value) === 0) ctx.report({ message: 'runAsUser: 0 in Helm values runs the container as root: use a non-zero UID', at: v, checklistItem: 'containers.non-root' });
          walk(v, depth + 1);
        }
      };
      walk(doc.contents as Node, 0);
    }
    if (pinned) ctx.evidence('Helm values pin image tags');
  },
});
