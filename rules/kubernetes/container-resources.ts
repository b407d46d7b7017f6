import { defineRule } from '../../src/audit/load-rules.js';
import { containers, manifestObjects } from '../../src/rules-kit/kubernetes.js';
import { deployment, goodContainer } from './_examples.js';

export default defineRule({
  meta: {
    id: 'kubernetes/container-resources',
    title: 'Containers set CPU and memory requests and limits',
    description:
      'Without requests the scheduler packs pods blindly and the HPA cannot compute utilisation; without limits one leaking pod starves its neighbours or gets the node OOM-killed. Requests are also what capacity and cost are planned on.',
    remediation: 'Set `resources.requests.cpu`, `resources.requests.memory`, `resources.limits.cpu` and `resources.limits.memory` on every container (init containers included).',
    checklistItem: 'infrastructure.cost-optimization',
    severity: 'medium',
    artifacts: ['kubernetes'],
    equivalents: ['kube-score:container-resources', 'checkov:CKV_K8S_10', 'checkov:CKV_K8S_11', 'checkov:CKV_K8S_12', 'checkov:CKV_K8S_13', 'polaris:cpuRequestsMissing', 'polaris:memoryLimitsMissing'],
    examples: {
      fail: [
        { path: 'k8s/deployment.yaml', code: deployment('containers:\n  - name: app\n    image: ghcr.io/acme/api:1.4.2\n') },
        { path: 'k8s/cronjob.yaml', code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: report}\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: report\n              image: ghcr.io/acme/report:2.0.1\n              resources:\n                requests: {cpu: 50m, memory: 64Mi}\n', note: 'CronJob, limits missing' },
      ],
      pass: [{ path: 'k8s/deployment.yaml', code: deployment(goodContainer) }],
    },
  },
  check(ctx) {
    let ok = 0;
    for (const o of manifestObjects(ctx)) {
      for (const c of containers(o)) {
        const r = c.container.resources ?? {};
        const missing = [
          ['requests', 'cpu'],
          ['requests', 'memory'],
          ['limits', 'cpu'],
          ['limits', 'memory'],
        ].filter(([k, v]) => r?.[k]?.[v] === undefined || r?.[k]?.[v] === null || r?.[k]?.[v] === '');
        if (missing.length) {
          ctx.report({ message: `container ${c.name} of ${o.kind} ${o.name} has no ${missing.map((m) => m.join('.')).join(', ')}: set them`, at: c.at('resources') });
        } else ok++;
      }
    }
    if (ok) ctx.evidence('containers declare resource requests and limits');
  },
});
