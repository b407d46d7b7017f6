// The generated scripts: shellcheck-clean across the whole pairwise matrix, and they behave:
// health-check.sh against a real generated service, deploy.sh/rollback.sh against stub
// kubectl/kustomize/aws binaries that record what they were asked to do.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { defaultAnswers, type StackAnswers } from '../../src/generate/answers.js';
import { renderTemplate } from '../../src/generate/render.js';
import { templateData } from '../../src/generate/template-data.js';
import { writeFiles } from '../../src/generate/write.js';
import app from '../../generators/parts/app.js';
import scripts from '../../generators/parts/scripts.js';
import { matrix } from '../helpers/matrix.js';
import { run, tool } from '../helpers/tools.js';

function shellFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.sh') && !f.includes('node_modules')).sort();
}

describe.skipIf(!tool('shellcheck'))('shellcheck across the matrix', () => {
  it('every generated script is clean (default severity, no -x: .shellcheckrc follows sources)', async () => {
    const problems: string[] = [];
    for (const c of await matrix()) {
      const files = shellFiles(c.dir);
      expect(files, c.label).toEqual(expect.arrayContaining(['scripts/deploy.sh', 'scripts/rollback.sh', 'scripts/health-check.sh']));
      const r = run('shellcheck', ['--format=gcc', ...files], { cwd: c.dir });
      if (r.status !== 0) problems.push(`${c.label}:\n${r.output}`);
      for (const f of ['scripts/deploy.sh', 'scripts/rollback.sh', 'scripts/health-check.sh']) {
        const text = readFileSync(join(c.dir, f), 'utf8');
        expect(text.startsWith('#!/usr/bin/env bash\n'), f).toBe(true);
        expect(text, f).toContain('set -Eeuo pipefail');
        expect(text, f).not.toContain('shellcheck disable');
      }
    }
    expect(problems).toEqual([]);
  });
});

/** Only this area's parts: scripts plus the node app for the health check target. */
function generate(partial: Partial<StackAnswers>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cds-scripts-'));
  const data = templateData(defaultAnswers(partial));
  writeFiles(dir, [...scripts(data), ...app(data)].map((f) => ({ path: f.path, content: renderTemplate(f.template!, { ...data, ...(f.data ?? {}) }), mode: f.mode })));
  mkdirSync(join(dir, 'infrastructure/kubernetes/overlays/staging'), { recursive: true });
  mkdirSync(join(dir, 'infrastructure/kubernetes/overlays/prod'), { recursive: true });
  return dir;
}

/** A bin dir of stubs that append their argv to calls.log and print canned answers for aws. */
function stubs(dir: string): { path: string; calls: () => string[] } {
  const bin = join(dir, 'stub-bin');
  mkdirSync(bin, { recursive: true });
  const log = join(dir, 'calls.log');
  const body = (name: string, extra = '') => `#!/usr/bin/env bash\nprintf '%s\\n' "${name} $*" >> ${JSON.stringify(log)}\n${extra}`;
  const awsAnswers = [
    'case "$*" in',
    '  *describe-services*) echo "arn:aws:ecs:us-east-1:1:task-definition/svc-staging:7" ;;',
    '  *list-task-definitions*) printf "arn:aws:ecs:us-east-1:1:task-definition/svc-staging:8\\tarn:aws:ecs:us-east-1:1:task-definition/svc-staging:7\\tarn:aws:ecs:us-east-1:1:task-definition/svc-staging:6\\n" ;;',
    'esac',
  ].join('\n');
  for (const [name, extra] of [['kubectl', ''], ['kustomize', ''], ['aws', awsAnswers], ['jq', 'cat']] as const) {
    writeFileSync(join(bin, name), `${body(name, extra)}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return { path: `${bin}:${process.env.PATH}`, calls: () => readFileSync(log, 'utf8').trim().split('\n') };
}

describe('deploy.sh and rollback.sh', () => {
  it('kubernetes rolling: apply -k the overlay, rollout status, rollout undo', () => {
    const dir = generate({ name: 'svc', orchestrator: 'kubernetes', strategy: 'rolling' });
    const { path, calls } = stubs(dir);
    const deploy = run('scripts/deploy.sh', ['staging', 'registry.example/svc@sha256:abc'], { cwd: dir, env: { PATH: path } });
    expect(deploy.status, deploy.output).toBe(0);
    const rollback = run('scripts/rollback.sh', ['--to-revision', '3', 'staging'], { cwd: dir, env: { PATH: path } });
    expect(rollback.status, rollback.output).toBe(0);
    expect(calls()).toEqual([
      expect.stringMatching(/^kustomize edit set image .+=registry\.example\/svc@sha256:abc$/),
      `kubectl apply -k ${join(dir, 'infrastructure/kubernetes/overlays/staging')}`,
      'kubectl rollout status deployment/svc -n svc-staging --timeout=10m',
      'kubectl rollout undo deployment/svc -n svc-staging --to-revision=3',
      'kubectl rollout status deployment/svc -n svc-staging --timeout=10m',
    ]);
  });

  it('kubernetes canary: argo rollouts status, then abort and undo; NAMESPACE overrides', () => {
    const dir = generate({ name: 'svc', orchestrator: 'kubernetes', strategy: 'canary' });
    const { path, calls } = stubs(dir);
    expect(run('scripts/deploy.sh', ['prod', 'img:1'], { cwd: dir, env: { PATH: path } }).status).toBe(0);
    expect(run('scripts/rollback.sh', ['prod'], { cwd: dir, env: { PATH: path, NAMESPACE: 'custom' } }).status).toBe(0);
    expect(calls().slice(2)).toEqual([
      'kubectl argo rollouts status svc -n svc-prod --timeout 10m',
      'kubectl argo rollouts abort svc -n custom',
      'kubectl argo rollouts undo svc -n custom',
      'kubectl argo rollouts status svc -n custom --timeout 10m',
    ]);
  });

  it('ecs: rollback picks the revision before the one serving', () => {
    const dir = generate({ name: 'svc', orchestrator: 'ecs', cloud: 'aws' });
    const { path, calls } = stubs(dir);
    const r = run('scripts/rollback.sh', ['staging'], { cwd: dir, env: { PATH: path } });
    // The stub keeps answering with revision 7, so the final "serving" check must fail.
    expect(r.status, r.output).toBe(1);
    expect(r.output).toContain('ECS is serving arn:aws:ecs:us-east-1:1:task-definition/svc-staging:7, not arn:aws:ecs:us-east-1:1:task-definition/svc-staging:6');
    expect(calls()).toContain('aws ecs update-service --cluster svc-staging --service svc --task-definition arn:aws:ecs:us-east-1:1:task-definition/svc-staging:6 --output text --query service.serviceArn');
  });

  it('rejects bad usage with exit 2 and prints help with exit 0', () => {
    const dir = generate({ name: 'svc' });
    for (const script of ['scripts/deploy.sh', 'scripts/rollback.sh', 'scripts/health-check.sh']) {
      const help = run(script, ['--help'], { cwd: dir });
      expect(help.status, help.output).toBe(0);
      expect(help.output).toMatch(/^Usage: /);
      expect(run(script, ['--bogus'], { cwd: dir }).status).toBe(2);
    }
    const unknownEnv = run('scripts/rollback.sh', ['qa'], { cwd: dir });
    expect(unknownEnv.status).toBe(2);
    expect(unknownEnv.output).toContain("unknown environment 'qa' (one of: dev staging prod)");
  });
});

describe.skipIf(!tool('curl'))('health-check.sh', () => {
  it('passes against a running generated service and fails against a closed port', async () => {
    const dir = generate({ runtime: 'node' });
    const child = spawn(process.execPath, ['src/index.js'], { cwd: dir, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let port = 0;
      for await (const line of createInterface({ input: child.stdout })) {
        const entry = JSON.parse(line) as { msg: string; port: number };
        if (entry.msg === 'listening') {
          port = entry.port;
          break;
        }
      }
      const ok = run('scripts/health-check.sh', ['--retries', '3', '--interval', '0', `http://127.0.0.1:${port}/`], { cwd: dir });
      expect(ok.status, ok.output).toBe(0);
      expect(ok.output).toContain('/readyz: 200');
      const bad = run('scripts/health-check.sh', ['-r', '2', '-i', '0', '-t', '1'], { cwd: dir, env: { APP_URL: 'http://127.0.0.1:9' } });
      expect(bad.status, bad.output).toBe(1);
      expect(bad.output).toContain('/healthz: 000 (attempt 2 of 2)');
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  });
});

