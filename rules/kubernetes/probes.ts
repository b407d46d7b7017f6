import { defineRule } from '../../src/audit/load-rules.js';
import { containers, manifestObjects, SERVING_KINDS } from '../../src/rules-kit/kubernetes.js';
import { deployment, goodContainer } from './_examples.js';

export default defineRule({
  meta: {
    id: 'kubernetes/probes',
    title: 'Serving containers have liveness and readiness probes',
    description:
      'Without a readiness probe, traffic reaches pods that are still starting or are overloaded, and rollouts proceed on pods that never became healthy; without a liveness probe a deadlocked process is never restarted.',
    remediation: 'Add `readinessProbe` and `livenessProbe` (HTTP `/readyz` and `/healthz`, or TCP/exec/gRPC) to each long-running container; add a `startupProbe` for slow starters.',
    checklistItem: 'containers.healthcheck',
    severity: 'medium',
    artifacts: ['kubernetes'],
    equivalents: ['checkov:CKV_K8S_8', 'checkov:CKV_K8S_9', 'polaris:livenessProbeMissing', 'polaris:readinessProbeMissing'],
    examples: {
      fail: [
        { path: 'k8s/deployment.yaml', code: deployment('containers:\n  - name: app\n    image: ghcr.io/acme/api:1.4.2\n    readinessProbe: {httpGet: {path: /readyz, port: 8080}}\n') },
        { path: 'k8s/rollout.yaml', code: 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: api}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/api:1.4.2\n', note: 'Argo Rollout' },
      ],
      pass: [
        { path: 'k8s/deployment.yaml', code: deployment(goodContainer + '\ninitContainers:\n  - name: migrate\n    image: ghcr.io/acme/api:1.4.2\n', ), note: 'init containers run to completion and need no probes' },
        { path: 'k8s/job.yaml', code: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: once}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: once\n          image: ghcr.io/acme/once:1.0.0\n' },
      ],
    },
  },
  check(ctx) {
    let ok = 0;
    for (const o of manifestObjects(ctx)) {
      if (!SERVING_KINDS.has(o.kind)) continue;
      for (const c of containers(o)) {
        if (c.runsToCompletion) continue;
        const missing = ['livenessProbe', 'readinessProbe'].filter((p) => !c.container[p]);
        if (missing.length) ctx.report({ message: `container ${c.name} of ${o.kind} ${o.name} has no ${missing.join(' or ')}: add ${missing.length > 1 ? 'them' : 'it'}`, at: c.at('name') });
        else ok++;
      }
    }
    if (ok) ctx.evidence('containers have liveness and readiness probes');
  },
});
