import { defineRule } from '../../src/audit/load-rules.js';
import { composeServices, serviceNode } from '../../src/rules-kit/docker.js';

const DANGEROUS_CAPS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH']);

export default defineRule({
  meta: {
    id: 'compose/no-privileged',
    title: 'Services are not privileged',
    description: 'A privileged container (or one given SYS_ADMIN, ALL capabilities or the Docker socket) can take over the host: the isolation that makes it a container is gone.',
    remediation: 'Remove `privileged: true`, dangerous `cap_add` entries and `/var/run/docker.sock` mounts; add only the specific capability a service needs.',
    checklistItem: 'security.access-control',
    severity: 'high',
    artifacts: ['compose'],
    equivalents: ['checkov:CKV_K8S_16'],
    examples: {
      fail: [
        { path: 'compose.yaml', code: 'services:\n  app:\n    image: nginx:1.27.0\n    privileged: true\n' },
        { path: 'docker-compose.yml', code: 'services:\n  ci:\n    image: docker:27.0.3\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n' },
        { path: 'compose.yaml', code: 'services:\n  app:\n    image: nginx:1.27.0\n    cap_add: [SYS_ADMIN]\n' },
      ],
      pass: [{ path: 'compose.yaml', code: 'services:\n  app:\n    image: nginx:1.27.0\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n    security_opt: ["no-new-privileges:true"]\n' }],
    },
  },
  check(ctx) {
    for (const s of composeServices(ctx.artifact)) {
      if (s.value.privileged === true) ctx.report({ message: `service ${s.name} runs privileged: remove privileged: true`, at: serviceNode(s, 'privileged') });
      const caps = Array.isArray(s.value.cap_add) ? (s.value.cap_add as unknown[]) : [];
      caps.forEach((c, i) => {
        const cap = String(c).toUpperCase().replace(/^CAP_/, '');
        if (DANGEROUS_CAPS.has(cap)) ctx.report({ message: `service ${s.name} adds capability ${cap}: drop it and grant only what the service needs`, at: serviceNode(s, 'cap_add', i) });
      });
      const vols = Array.isArray(s.value.volumes) ? (s.value.volumes as unknown[]) : [];
      vols.forEach((v, i) => {
        const src = typeof v === 'string' ? v.split(':')[0] : (v as { source?: string })?.source;
        if (src && /docker\.sock$/.test(src)) ctx.report({ message: `service ${s.name} mounts the Docker socket, which is root on the host: remove the mount`, at: serviceNode(s, 'volumes', i) });
      });
      const sec = Array.isArray(s.value.security_opt) ? (s.value.security_opt as unknown[]).map(String) : [];
      if (sec.some((o) => /^no-new-privileges(:true|=true)?$/.test(o)) || (Array.isArray(s.value.cap_drop) && s.value.cap_drop.map(String).includes('ALL'))) {
        ctx.evidence(`compose service ${s.name} drops privileges`, { at: s.key });
      }
    }
  },
});
