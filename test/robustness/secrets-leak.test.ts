// Secrets never leak: credentials of every kind the secret rules detect are planted in several
// file types (parsable and broken ones, next to fixable findings), and no output of the CLI —
// the seven report formats, --fix-dry-run's diff, the baseline file, stderr — contains any
// 8-character piece of a secret's private part. Values are random per run, built at run time.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/types.js';
import { AUDIT_BIN, cli, requireBuilt } from './harness.js';

requireBuilt();

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function rand(n: number, alphabet = ALNUM): string {
  return [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
}
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

interface Secret {
  kind: string;
  /** Public prefix (may be shown masked) + private part (must never appear). */
  prefix: string;
  body: string;
  suffix?: string;
  /** A variable name that suits it. */
  name: string;
}

const pw = () => `${rand(6)}#${rand(5)}!${rand(6)}`;
const SECRETS: Secret[] = [
  { kind: 'AWS access key id', prefix: 'AKIA', body: rand(16, UPPER_NUM), name: 'AWS_ACCESS_KEY_ID' },
  { kind: 'AWS secret access key', prefix: '', body: rand(40, `${ALNUM}/+`), name: 'aws_secret_access_key' },
  { kind: 'Google API key', prefix: 'AIza', body: rand(35), name: 'GOOGLE_API_KEY' },
  { kind: 'Azure storage key', prefix: 'AccountKey=', body: rand(86, B64), suffix: '==', name: 'AZURE_STORAGE_CONNECTION' },
  { kind: 'GitHub token', prefix: 'ghp_', body: rand(36), name: 'GH_TOKEN' },
  { kind: 'GitHub fine-grained token', prefix: 'github_pat_', body: rand(82), name: 'GITHUB_PAT' },
  { kind: 'GitLab token', prefix: 'glpat-', body: rand(20), name: 'GITLAB_TOKEN' },
  { kind: 'Slack bot token', prefix: 'xoxb-', body: `${rand(10, '0123456789')}-${rand(12, '0123456789')}-${rand(24)}`, name: 'SLACK_TOKEN' },
  { kind: 'Slack webhook', prefix: 'https://hooks.slack.com/services/T', body: `${rand(9, UPPER_NUM)}/B${rand(9, UPPER_NUM)}/${rand(24)}`, name: 'SLACK_WEBHOOK_URL' },
  { kind: 'Stripe live key', prefix: 'sk_live_', body: rand(32), name: 'STRIPE_KEY' },
  { kind: 'npm token', prefix: 'npm_', body: rand(36), name: 'NPM_TOKEN' },
  { kind: 'SendGrid key', prefix: 'SG.', body: `${rand(22)}.${rand(43)}`, name: 'SENDGRID_API_KEY' },
  { kind: 'OpenAI key', prefix: 'sk-proj-', body: `${rand(24)}T3BlbkFJ${rand(24)}`, name: 'OPENAI_API_KEY' },
  { kind: 'Anthropic key', prefix: 'sk-ant-api03-', body: rand(90), name: 'ANTHROPIC_API_KEY' },
  { kind: 'PyPI token', prefix: 'pypi-AgEIcHlwaS5vcmc', body: rand(60), name: 'PYPI_TOKEN' },
  { kind: 'Datadog API key', prefix: '', body: rand(32, HEX), name: 'DD_API_KEY' },
  { kind: 'JWT', prefix: '', body: `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: rand(12), iat: 1700000000 })}.${rand(43)}`, name: 'SESSION_JWT' },
  { kind: 'database password', prefix: '', body: pw(), name: 'DB_PASSWORD' },
  { kind: 'client secret', prefix: '', body: pw(), name: 'client_secret' },
];
const value = (s: Secret) => `${s.prefix}${s.body}${s.suffix ?? ''}`;
const CONN_PW = pw();
const KEY_BODY = Array.from({ length: 6 }, () => rand(64, B64)).join('\n');

/** The same credential in many file types; some files also carry a fixable finding nearby. */
function plant(): Record<string, string> {
  const files: Record<string, string> = {};
  SECRETS.forEach((s, i) => {
    const v = value(s);
    files[`config/s${i}.yaml`] = `service:\n  ${s.name}: "${v}"\n`;
    files[`scripts/s${i}.sh`] = `#!/bin/sh\nset -eu\nexport ${s.name}=${v}\n`;
    files[`infra/s${i}.tf`] = `locals {\n  ${s.name.toLowerCase()} = "${v}"\n}\n`;
    files[`env/s${i}.env`] = `${s.name}=${v}\n`;
    files[`src/s${i}.py`] = `${s.name} = "${v}"\n`;
    // Broken files: the parser's complaint must not quote the value either.
    files[`broken/s${i}.json`] = `{"${s.name}": ${v}, }`;
    files[`broken/s${i}.yaml`] = `${s.name}: "${v}"\n  bad: [\n`;
    files[`broken/s${i}.tf`] = `${s.name.toLowerCase()} = "${v}" {{{\n`;
    files[`broken/s${i}.sh`] = `export ${s.name}=${v} $((\n`;
    // Next to fixable findings, so --fix-dry-run prints diff context around them.
    files[`docker/s${i}/Dockerfile`] = `FROM alpine:3.20\nADD app.tar /app\nENV ${s.name}=${v}\nRUN apk add curl=8.5.0-r0\n`;
    files[`.github/workflows/s${i}.yml`] = `on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    env:\n      ${s.name}: ${v}\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo hi\n`;
  });
  files['k8s/secret.yaml'] = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n${SECRETS.map((s) => `  ${s.name}: "${value(s)}"`).join('\n')}\n`;
  files['k8s/configmap.yaml'] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n${SECRETS.map((s) => `  ${s.name}: "${value(s)}"`).join('\n')}\n`;
  files['docker-compose.yml'] = `services:\n  app:\n    image: app:1.0.0\n    environment:\n${SECRETS.map((s) => `      ${s.name}: "${value(s)}"`).join('\n')}\n      DATABASE_URL: postgres://app:${CONN_PW}@db.internal:5432/app\n`;
  files['.env'] = `${SECRETS.map((s) => `${s.name}=${value(s)}`).join('\n')}\n`;
  files['config/db.yaml'] = `url: "mysql://admin:${CONN_PW}@10.0.0.5:3306/app"\n`;
  files['deploy/id_rsa'] = `-----BEGIN RSA PRIVATE KEY-----\n${KEY_BODY}\n-----END RSA PRIVATE KEY-----\n`;
  files['deploy/key.yaml'] = `tls:\n  key: |\n    -----BEGIN PRIVATE KEY-----\n${KEY_BODY.replace(/^/gm, '    ')}\n    -----END PRIVATE KEY-----\n`;
  files['docs/setup.md'] = `# Setup\n\n\`\`\`sh\n${SECRETS.map((s) => `export ${s.name}=${value(s)}`).join('\n')}\n\`\`\`\n`;
  files['package.json'] = JSON.stringify({ name: 'x', config: Object.fromEntries(SECRETS.map((s) => [s.name, value(s)])) }, null, 2);
  return files;
}

/** Every 8-character window of every private part. */
const PRIVATE = [...SECRETS.map((s) => s.body), CONN_PW, ...KEY_BODY.split('\n')];
function leaks(text: string): string[] {
  const out: string[] = [];
  for (const p of PRIVATE) {
    for (let i = 0; i + 8 <= p.length; i++) {
      const w = p.slice(i, i + 8);
      if (text.includes(w)) {
        out.push(`${w} (of ${p.slice(0, 4)}…)`);
        break;
      }
    }
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'da-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const [p, c] of Object.entries(plant())) {
  mkdirSync(dirname(join(dir, p)), { recursive: true });
  writeFileSync(join(dir, p), c);
}
const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'markdown', 'github', 'gitlab'];

describe('planted credentials never leak', () => {
  const run = cli(AUDIT_BIN, [...FORMATS.map((f) => `--format=${f}:out/report.${f}`), '-f', 'json', '.'], dir, { timeoutMs: 120_000 });
  const report = JSON.parse(run.stdout) as AuditReport;

  it('the secret rules do find them (the test plants real-looking values)', () => {
    const secretFiles = new Set(report.findings.filter((f) => f.checklistItem === 'security.secrets-management').map((f) => f.file));
    // YAML and .env are read through their parsers: every planted value is found there. Shell
    // scripts (unquoted `export X=…`) and Terraform locals are weaker: only shaped tokens are.
    const missed = SECRETS.flatMap((_, i) => [`config/s${i}.yaml`, `env/s${i}.env`, `docker/s${i}/Dockerfile`, `.github/workflows/s${i}.yml`].filter((p) => !secretFiles.has(p)));
    expect(missed, 'planted but not detected').toEqual([]);
    for (const p of ['k8s/secret.yaml', 'docker-compose.yml', '.env', 'deploy/id_rsa', 'config/db.yaml']) expect(secretFiles.has(p), p).toBe(true);
  });

  it('shaped credentials are found in files that do not parse, too', () => {
    const found = new Set(report.findings.filter((f) => f.ruleId.startsWith('secrets/')).map((f) => f.file));
    const UNSHAPED = new Set(['AWS secret access key', 'database password', 'client secret']);
    const missed = SECRETS.flatMap((s, i) => (UNSHAPED.has(s.kind) ? [] : [`broken/s${i}.yaml`, `broken/s${i}.json`].filter((p) => !found.has(p)).map((p) => `${p} (${s.kind})`)));
    expect(missed).toEqual([]);
  });

  it.each(FORMATS)('%s report holds no piece of any secret', (format) => {
    expect(leaks(readFileSync(join(dir, 'out', `report.${format}`), 'utf8'))).toEqual([]);
  });

  it('stdout and stderr hold no piece of any secret', () => {
    expect(leaks(run.stdout)).toEqual([]);
    expect(leaks(run.stderr)).toEqual([]);
  });

  it('parse errors of broken files do not quote the value', () => {
    const parseErrors = report.findings.filter((f) => f.ruleId === 'core/parse-error' && f.file.startsWith('broken/'));
    expect(parseErrors.length).toBeGreaterThanOrEqual(SECRETS.length * 3);
    expect(leaks(JSON.stringify(parseErrors))).toEqual([]);
  });

  it('--fix-dry-run prints fixes, never the secrets around them', () => {
    const r = cli(AUDIT_BIN, ['--fix-dry-run', '-f', 'json', '.'], dir, { timeoutMs: 120_000 });
    expect(r.stdout).toContain('+++ b/docker/s0/Dockerfile');
    expect(r.stdout).toMatch(/^\+RUN apk add --no-cache curl=8\.5\.0-r0$/m);
    expect(r.stdout).toContain('(line hidden: it holds a secret)');
    expect(leaks(r.stdout), 'stdout').toEqual([]);
    expect(leaks(r.stderr), 'stderr').toEqual([]);
  });

  it('the baseline file holds no piece of any secret', () => {
    const r = cli(AUDIT_BIN, ['--write-baseline', 'out/baseline.json', '.'], dir, { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    const baseline = readFileSync(join(dir, 'out/baseline.json'), 'utf8');
    expect(JSON.parse(baseline).findings.length).toBeGreaterThan(SECRETS.length);
    expect(leaks(baseline)).toEqual([]);
    expect(leaks(r.stdout + r.stderr)).toEqual([]);
  });
});
