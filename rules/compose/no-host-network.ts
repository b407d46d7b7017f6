import { defineRule } from '../../src/audit/load-rules.js';
import { composeServices, serviceNode } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'compose/no-host-network',
    title: 'Services do not use the host network',
    description: 'With `network_mode: host` a service shares the host\'s network stack: every port it opens is open on the host, and it can reach anything the host can, bypassing compose networks.',
    remediation: 'Remove `network_mode: host`; publish only the ports needed with `ports:` and put services on named networks.',
    checklistItem: 'security.network-security',
    severity: 'medium',
    artifacts: ['compose'],
    equivalents: ['checkov:CKV_K8S_19'],
    examples: {
      fail: [{ path: 'compose.yaml', code: 'services:\n  app:\n    image: nginx:1.27.0\n    network_mode: host\n' }],
      pass: [{ path: 'compose.yaml', code: 'services:\n  app:\n    image: nginx:1.27.0\n    networks: [backend]\nnetworks:\n  backend: {}\n' }],
    },
  },
  check(ctx) {
    for (const s of composeServices(ctx.artifact)) {
      const mode = s.value.network_mode;
      if (mode === 'host') ctx.report({ message: `service ${s.name} uses the host network: remove network_mode: host and publish only the ports it needs`, at: serviceNode(s, 'network_mode') });
      else if (s.value.pid === 'host' || s.value.ipc === 'host') ctx.report({ message: `service ${s.name} shares the host ${s.value.pid === 'host' ? 'PID' : 'IPC'} namespace: remove it`, at: serviceNode(s, s.value.pid === 'host' ? 'pid' : 'ipc') });
      else ctx.evidence(`compose service ${s.name} on isolated networks`, { at: s.key });
    }
  },
});
