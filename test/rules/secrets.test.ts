// The secrets rules against a corpus of realistic false-positive traps (UUIDs, lockfile hashes,
// inlined images, documentation example keys, digests) and of real-looking leaks, checking that
// no message ever contains the secret value.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import { loadRules } from '../../src/audit/load-rules.js';

const rules = (await loadRules()).filter((r) => r.meta.id.startsWith('secrets/') && r.meta.scope !== 'repository');

async function audit(memory: Record<string, string>) {
  const { report } = await runAudit({ root: '.', memory, config: defaultConfig(), rules });
  return report.findings.filter((f) => f.ruleId.startsWith('secrets/'));
}

const png = 'data:image/png;base64,' + Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7919) % 251)).toString('base64');

const TRAPS: Record<string, string> = {
  'package-lock.json': JSON.stringify({ packages: { 'node_modules/x': { integrity: 'sha512-' + Buffer.alloc(64, 7).toString('base64'), resolved: 'https://registry.npmjs.org/x/-/x-1.0.0.tgz' } } }),
  'go.sum': 'github.com/prometheus/client_golang v1.19.0 h1:ygXvpU1AoN1MhdzckN+PyD9QJOSD4x7kmXYlnfbA6JU=\n',
  'config/ids.yaml': 'request_id: 123e4567-e89b-12d3-a456-426614174000\ncommit: 9fceb02d0ae598e95dc970b74767f19372d61af8\nchecksum: sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\n',
  'Dockerfile': 'FROM node:20.11.1@sha256:' + 'b'.repeat(64) + '\nENV TOKEN_URL=https://auth.example.com/token\n',
  'docs/setup.md': '# Setup\n\n![logo](' + png + ')\n\n```sh\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nexport GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n```\n\nPasswords look like `password: <your-password>`.\n',
  'web/index.html': '<img src="' + png + '">\n',
  'infrastructure/kubernetes/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1.0.0\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: app-db\n                  key: password\n            - name: TOKEN_TTL\n              value: "3600"\n',
  '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: npm test\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n          API_KEY: ${{ vars.API_KEY }}\n',
  'infrastructure/terraform/rds.tf': 'resource "aws_db_instance" "db" {\n  password = random_password.db.result\n  secret_name = "app/db"\n}\n',
  'monitoring/alertmanager/alertmanager.yml': 'global:\n  slack_api_url_file: /etc/alertmanager/secrets/slack-webhook-url\nroute:\n  receiver: r\nreceivers:\n  - name: r\n    pagerduty_configs:\n      - routing_key_file: /etc/alertmanager/secrets/pagerduty-routing-key\n',
  '.env.example': 'DATABASE_URL=postgres://app:app@localhost:5432/app\nSENTRY_DSN=\nSESSION_SECRET=replace-me-with-32-random-bytes\n',
  'src/app.test.js': "const token = 'Xk2#pL9qRm4zWq8';\n",
  'monitoring/datadog/postgres.yaml': 'instances:\n  - host: db\n    password: "ENC[k8s_secret@datadog/datadog-postgres/password]"\n',
  'secrets.enc.yaml': 'db:\n  password: ENC[AES256_GCM,data:Tr7o=,iv:1Qw=,tag:9Zx=,type:str]\n',
};

describe('secrets: false-positive traps', () => {
  it('finds nothing in the trap corpus', async () => {
    const found = await audit(TRAPS);
    expect(found.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual([]);
  });
});

// Real-looking values, assembled so this file itself holds no literal token.
const SECRET_PW = ['Qz8#', 'mL2v', 'Rt9w', 'Xk4p'].join('');
const GH = ['ghp_', 'R7kq2Lm9Xz4Tw8Vn3Bc6Yd1Pf5Hs0Jg2Ka7Q'].join('');
const AWS = ['AKIA', 'ZQ3M7T2LXW4R6N5B'].join('');
const LEAKS: Record<string, string> = {
  'config/app.yaml': `db:\n  password: "${SECRET_PW}"\n`,
  '.github/workflows/x.yml': `on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    env:\n      GH_TOKEN: ${GH}\n    steps:\n      - run: true\n`,
  'scripts/aws.sh': `#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${AWS}\n`,
  'docker-compose.yml': `services:\n  app:\n    image: app:1\n    environment:\n      DATABASE_URL: postgres://app:${SECRET_PW}@db:5432/app\n`,
  '.env': `SESSION_SECRET=${SECRET_PW}\n`,
};

describe('secrets: leaks', () => {
  it('finds each leak at its exact position, and never prints the value', async () => {
    const found = await audit(LEAKS);
    const byFile = new Map(found.map((f) => [f.file, f]));
    expect([...byFile.keys()].sort()).toEqual(Object.keys(LEAKS).sort());
    for (const f of found) {
      for (const secret of [SECRET_PW, GH, AWS]) {
        expect(f.message).not.toContain(secret);
        expect(JSON.stringify(f)).not.toContain(secret);
      }
    }
    const yaml = byFile.get('config/app.yaml')!;
    expect([yaml.line, yaml.column, yaml.endColumn]).toEqual([2, 14, 14 + SECRET_PW.length]);
    const gh = found.find((f) => f.ruleId === 'secrets/platform-token')!;
    expect([gh.line, gh.column]).toEqual([6, 17]);
    expect(gh.message).toContain('ghp_');
    const conn = found.find((f) => f.ruleId === 'secrets/connection-string-password')!;
    expect(conn.column).toBe('      DATABASE_URL: postgres://app:'.length + 1);
  });

  it('reports one finding per secret (no double reporting across rules)', async () => {
    const found = await audit({ 'a.yaml': `slack:\n  token: ${['xoxb', '-2048392012-4820391284-', 'q8Lm2Zx7Rt4Wv9Nc3Bk6Yp1D'].join('')}\n` });
    expect(found.map((f) => f.ruleId)).toEqual(['secrets/platform-token']);
  });
});
