import { defineRule } from '../../src/audit/load-rules.js';
import { containers, manifestObjects, podSpec, podSpecPath, SERVING_KINDS } from '../../src/rules-kit/kubernetes.js';
import { deployment, goodContainer } from './_examples.js';

export default defineRule({
  meta: {
    id: 'kubernetes/graceful-shutdown',
    title: 'Pods get time to shut down gracefully',
    description: 'On rollout or scale-down a pod receives SIGTERM while endpoints are still being removed; with `terminationGracePeriodSeconds: 0` or a grace period shorter than the preStop pause, it is killed mid-request.',
    remediation: 'Keep `terminationGracePeriodSeconds` (default 30) longer than the preStop pause plus the app\'s drain time, and add a short `preStop` sleep so load balancers stop sending traffic first.',
    checklistItem: 'containers.graceful-shutdown',
    severity: 'medium',
    artifacts: ['kubernetes'],
    examples: {
      fail: [
        { path: 'k8s/deployment.yaml', code: deployment('terminationGracePeriodSeconds: 0\n' + goodContainer) },
        { path: 'k8s/deployment.yaml', code: deployment('terminationGracePeriodSeconds: 5\n' + goodContainer + '\n    lifecycle:\n      preStop:\n        sleep: {seconds: 10}\n'), note: 'the preStop pause outlasts the grace period' },
      ],
      pass: [{ path: 'k8s/deployment.yaml', code: deployment('terminationGracePeriodSeconds: 30\n' + goodContainer + '\n    lifecycle:\n      preStop:\n        sleep: {seconds: 5}\n') }],
    },
  },
  check(ctx) {
    for (const o of manifestObjects(ctx)) {
      const spec = podSpec(o);
      const p = podSpecPath(o);
      if (!spec || !p || !SERVING_KINDS.has(o.kind)) continue;
      const grace = spec.terminationGracePeriodSeconds === undefined ? 30 : Number(spec.terminationGracePeriodSeconds);
      if (grace <= 0) {
        ctx.report({ message: `${o.kind} ${o.name} sets terminationGracePeriodSeconds: ${grace}, so pods are killed without draining: keep it at 30 or more`, at: o.at(...p, 'terminationGracePeriodSeconds') });
        continue;
      }
      let hooks = 0;
      for (const c of containers(o, ['containers'])) {
        const pre = c.container.lifecycle?.preStop;
        if (!pre) continue;
        hooks++;
        const pause = Number(pre.sleep?.seconds ?? 0);
        if (pause >= grace) ctx.report({ message: `container ${c.name} pauses ${pause}s in preStop but the grace period is ${grace}s: raise terminationGracePeriodSeconds`, at: c.at('lifecycle', 'preStop') });
      }
      ctx.evidence(`${o.kind} ${o.name} has a ${grace}s grace period${hooks ? ' and a preStop hook' : ''}`, { at: o.at('metadata', 'name') });
    }
  },
});
