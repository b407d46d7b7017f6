import { isMap, isSeq, isScalar, type Node } from 'yaml';
import { defineRule } from '../../src/audit/load-rules.js';
import { composeServices, isReferenceValue, isSecretName, serviceNode } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'compose/no-secrets-in-environment',
    title: 'No secret values written in compose environment',
    description: 'A password written into `environment:` is committed with the file and visible in `docker inspect`. Compose can read it from the shell or an untracked .env, or mount it as a secret.',
    remediation: 'Use `${DB_PASSWORD}` (from an untracked .env or the shell), `env_file:`, or compose `secrets:` mounted at /run/secrets with a `*_FILE` variable.',
    checklistItem: 'security.secrets-management',
    severity: 'high',
    artifacts: ['compose'],
    examples: {
      fail: [
        { path: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.3-alpine\n    environment:\n      POSTGRES_PASSWORD: hunter2-prod\n' },
        { path: 'compose.yaml', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    environment:\n      - API_TOKEN=abc123def456\n' },
      ],
      pass: [
        { path: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.3-alpine\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n      POSTGRES_USER: app\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\n' },
        { path: 'compose.yaml', code: 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    environment:\n      - API_TOKEN=${API_TOKEN:?set API_TOKEN}\n' },
      ],
    },
  },
  check(ctx) {
    let refs = 0;
    for (const s of composeServices(ctx.artifact)) {
      const env = serviceNode(s, 'environment') as Node;
      if (s.value.secrets) refs++;
      if (isMap(env)) {
        for (const pair of env.items) {
          const k = String((pair.key as { value?: unknown })?.value ?? '');
          const v = isScalar(pair.value) ? pair.value.value : null;
          if (!isSecretName(k)) continue;
          if (v === null || v === undefined || isReferenceValue(String(v))) {
            refs++;
            continue;
          }
          ctx.report({ message: `service ${s.name} sets ${k} to a literal value: read it from the environment (\${${k}}) or a compose secret`, at: pair.value as Node });
        }
      } else if (isSeq(env)) {
        for (const item of env.items) {
          if (!isScalar(item)) continue;
          const str = String(item.value);
          const eq = str.indexOf('=');
          if (eq < 0) continue;
          const k = str.slice(0, eq);
          if (!isSecretName(k)) continue;
          if (isReferenceValue(str.slice(eq + 1))) {
            refs++;
            continue;
          }
          ctx.report({ message: `service ${s.name} sets ${k} to a literal value: read it from the environment (\${${k}}) or a compose secret`, at: item });
        }
      }
    }
    if (refs) ctx.evidence('compose secrets come from the environment or secret files');
  },
});
