import { defineRule } from '../../src/audit/load-rules.js';
import { isReferenceValue, isSecretName, spanOf } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/no-secrets-in-env',
    title: 'No secrets in ENV or ARG',
    description:
      'ENV values are baked into the image config and ARG values into its build history (`docker history`): anyone who can pull the image can read them. Build secrets belong in `RUN --mount=type=secret`, runtime secrets in the orchestrator\'s secret store.',
    remediation: 'Remove the value; pass build secrets with `RUN --mount=type=secret,id=…` and runtime secrets through the environment at run time (Kubernetes Secret, compose secrets, a secrets manager).',
    checklistItem: 'security.secrets-management',
    severity: 'high',
    artifacts: ['dockerfile'],
    equivalents: ['buildkit:SecretsUsedInArgOrEnv'],
    examples: {
      fail: [
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nENV DB_PASSWORD=s3cr3t-value\n' },
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc\n', note: 'a build arg ends up in the build history' },
      ],
      pass: [
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nENV DB_PASSWORD_FILE=/run/secrets/db_password NODE_ENV=production\n' },
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nRUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci\n' },
      ],
    },
  },
  check(ctx) {
    let mounts = 0;
    for (const ins of ctx.artifact.dockerfile.ast.getInstructions()) {
      const k = ins.getKeyword();
      if (k === 'RUN' && /--mount=[^\s]*type=secret/.test(ins.getTextContent?.() ?? '')) mounts++;
      if (k !== 'ENV' && k !== 'ARG') continue;
      const props = (ins as unknown as { getProperties(): Array<{ getName(): string; getValue(): string | null; getNameRange(): never; getRange(): never }> }).getProperties?.() ?? [];
      for (const p of props) {
        const name = p.getName();
        if (!isSecretName(name)) continue;
        const v = p.getValue();
        if (k === 'ENV' && (v === null || isReferenceValue(v))) continue;
        if (k === 'ARG' && v !== null && isReferenceValue(v) && v.trim() !== '') continue;
        const what = v !== null && v.trim() !== '' ? 'with a literal value' : 'as a build argument';
        ctx.report({
          message: `${k} ${name} holds a secret ${what}, which is readable from the image: use RUN --mount=type=secret or a runtime secret`,
          at: spanOf(ctx.artifact, p.getNameRange()),
          severity: k === 'ARG' && what === 'as a build argument' ? 'medium' : undefined,
        });
      }
    }
    if (mounts > 0) ctx.evidence('build secrets passed with RUN --mount=type=secret');
  },
});
