import { defineRule } from '../../src/audit/load-rules.js';
import { ARTIFACT_KINDS } from '../../src/repo/kinds.js';
import { CONNECTION, isTestFile, scanShapes, skipFile } from '../../src/rules-kit/secrets.js';

export default defineRule({
  meta: {
    id: 'secrets/connection-string-password',
    title: 'No password inside a connection string or URL',
    description:
      '`postgres://app:PASSWORD@db:5432/app` with the real password puts the database password in plain text wherever the string goes: the repository, logs that print the URL, error messages. It is the most common way database credentials leak.',
    remediation: 'Build the URL at run time from a password injected by the secret manager (`postgres://app:${DB_PASSWORD}@…`), or use IAM/managed identity authentication.',
    checklistItem: 'security.secrets-management',
    severity: 'high',
    textOnly: true, // shapes are found in the raw text: broken files are scanned too
    artifacts: [...ARTIFACT_KINDS],
    equivalents: ['secretlint:@secretlint/secretlint-rule-database-connection-string', 'secretlint:@secretlint/secretlint-rule-basicauth'],
    examples: {
      fail: [
        { path: 'docker-compose.yml', code: 'services:\n  app:\n    image: app:1.0.0\n    environment:\n      DATABASE_URL: postgres://app:Zk7q-Lm29x@db:5432/app\n' },
        { path: 'src/queue.py', code: 'BROKER = "amqp://worker:9fQ2mLx7Rt@rabbitmq.internal:5672/"\n' },
      ],
      pass: [
        { path: 'test/db.test.js', code: "const url = 'postgres://app:Zk7q-Lm29x@localhost:5432/test';\n", note: 'test files are allow-listed' },
        { path: 'docker-compose.yml', code: 'services:\n  app:\n    image: app:1.0.0\n    environment:\n      DATABASE_URL: postgres://app:${DB_PASSWORD}@db:5432/app\n' },
        { path: '.env.example', code: 'DATABASE_URL=postgres://app:changeme@localhost:5432/app\n', note: 'a placeholder password' },
      ],
    },
  },
  check(ctx) {
    const a = ctx.artifact;
    if (skipFile(a.path) || isTestFile(a.path)) return; // test databases use throwaway passwords
    for (const hit of scanShapes(a.text, [CONNECTION])) ctx.report({ message: `${hit.kind}: ${hit.masked}`, at: { offset: hit.offset, length: hit.length } });
  },
});
