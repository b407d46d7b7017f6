import { defineRule } from '../../src/audit/load-rules.js';
import { spanOf } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/no-ssh-port',
    title: 'Image does not expose SSH',
    description: 'An image that exposes port 22 runs (or invites running) an SSH daemon: a second way in with its own credentials, outside the orchestrator\'s control. Use `docker exec`/`kubectl exec` to get a shell.',
    remediation: 'Remove `EXPOSE 22` and the SSH server from the image.',
    checklistItem: 'security.network-security',
    severity: 'medium',
    artifacts: ['dockerfile'],
    equivalents: ['checkov:CKV_DOCKER_1'],
    examples: {
      fail: [{ path: 'Dockerfile', code: 'FROM debian:12.5-slim\nEXPOSE 8080 22/tcp\n' }],
      pass: [{ path: 'Dockerfile', code: 'FROM debian:12.5-slim\nEXPOSE 8080\n' }],
    },
  },
  check(ctx) {
    for (const ins of ctx.artifact.dockerfile.ast.getInstructions()) {
      if (ins.getKeyword() !== 'EXPOSE') continue;
      for (const arg of ins.getArguments()) {
        const v = arg.getValue();
        const m = /^(\d+)(?:-(\d+))?(?:\/\w+)?$/.exec(v);
        if (!m) continue;
        const lo = Number(m[1]);
        const hi = m[2] ? Number(m[2]) : lo;
        if (lo <= 22 && 22 <= hi) ctx.report({ message: `EXPOSE ${v} opens SSH: remove it and use exec for shell access`, at: spanOf(ctx.artifact, arg.getRange()) });
      }
    }
  },
});
