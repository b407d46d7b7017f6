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

const TD = 'arn:aws:ecs:us-east-1:1:task-definition/svc-staging';

/**
 * A bin dir of stubs that append their argv to calls.log and print canned answers for aws.
 * `aws` holds extra `case` arms (checked first); with `realJq` the installed jq runs instead of a stub.
 */
function stubs(dir: string, opts: { aws?: string[]; realJq?: boolean } = {}): { path: string; calls: () => string[] } {
  const bin = join(dir, 'stub-bin');
  mkdirSync(bin, { recursive: true });
  const log = join(dir, 'calls.log');
  const body = (name: string, extra = '') => `#!/usr/bin/env bash\nprintf '%s\\n' "${name} $*" >> ${JSON.stringify(log)}\n${extra}`;
  const awsAnswers = [
    'case "$*" in',
    ...(opts.aws ?? []),
    `  *describe-services*) echo "${TD}:7" ;;`,
    `  *list-task-definitions*) printf "${TD}:8\\t${TD}:7\\t${TD}:6\\n" ;;`,
    'esac',
  ].join('\n');
  const tools: Array<[string, string]> = [['kubectl', ''], ['kustomize', ''], ['aws', awsAnswers]];
  if (!opts.realJq) tools.push(['jq', 'cat']);
  for (const [name, extra] of tools) {
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

  it('ecs rolling: rollback picks the revision before the one serving', () => {
    const dir = generate({ name: 'svc', orchestrator: 'ecs', cloud: 'aws', strategy: 'rolling' });
    const { path, calls } = stubs(dir);
    const r = run('scripts/rollback.sh', ['staging'], { cwd: dir, env: { PATH: path } });
    // The stub keeps answering with revision 7, so the final "serving" check must fail.
    expect(r.status, r.output).toBe(1);
    expect(r.output).toContain(`ECS is serving ${TD}:7, not ${TD}:6`);
    expect(calls()).toContain(`aws ecs update-service --cluster svc-staging --service svc --task-definition ${TD}:6 --output text --query service.serviceArn`);
  });

  it('ecs rolling: --if-serving leaves a deployment the circuit breaker already rolled back alone', () => {
    const dir = generate({ name: 'svc', orchestrator: 'ecs', cloud: 'aws', strategy: 'rolling' });
    const { path, calls } = stubs(dir);
    const r = run('scripts/rollback.sh', ['staging', '--if-serving', `${TD}:8`], { cwd: dir, env: { PATH: path } });
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('circuit breaker rolled it back');
    expect(calls().filter((c) => c.includes('update-service'))).toEqual([]);
    // An empty --if-serving (the deploy step failed before registering a revision): nothing to do.
    expect(run('scripts/rollback.sh', ['staging', '--if-serving', ''], { cwd: dir, env: { PATH: path } }).status).toBe(0);
    expect(calls().filter((c) => c.includes('update-service'))).toEqual([]);
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

// ECS blue-green and canary: the service's deployment controller is CODE_DEPLOY, which refuses
// `aws ecs update-service --task-definition`; deploys and rollbacks go through CodeDeploy.
describe.skipIf(!tool('jq'))('deploy.sh and rollback.sh on ECS through CodeDeploy', () => {
  const registered = [
    '  *"ecs describe-task-definition --task-definition svc-staging --query taskDefinition --output json"*) echo \'{"family":"svc-staging","containerDefinitions":[{"name":"app","image":"old"}],"revision":7}\' ;;',
    `  *register-task-definition*) echo "${TD}:9" ;;`,
    '  *create-deployment*) echo "d-NEW" ;;',
  ];
  const serving = (arn: string) => [`  *"describe-services"*"taskSets"*) echo "${arn}" ;;`];
  const noneInFlight = ['  *list-deployments*) echo None ;;'];

  it.each([
    ['canary', 'CodeDeployDefault.ECSCanary10Percent5Minutes'],
    ['blue-green', 'CodeDeployDefault.ECSAllAtOnce'],
  ] as const)('%s deploy: registers a revision, deploys it with %s and an AppSpec naming it, never update-service', (strategy, config) => {
    const dir = generate({ name: 'svc', orchestrator: 'ecs', cloud: 'aws', strategy });
    const { path, calls } = stubs(dir, { realJq: true, aws: [...registered, ...serving(`${TD}:9`)] });
    const output = join(dir, 'github-output');
    writeFileSync(output, '');
    const r = run('scripts/deploy.sh', ['staging', 'registry.example/svc@sha256:abc'], { cwd: dir, env: { PATH: path, GITHUB_OUTPUT: output } });
    expect(r.status, r.output).toBe(0);
    const log = calls();
    expect(log.filter((c) => c.includes('update-service'))).toEqual([]);
    const create = log.find((c) => c.startsWith('aws deploy create-deployment'))!;
    expect(create).toContain(`--application-name svc-staging --deployment-group-name svc-staging --deployment-config-name ${config} --revision `);
    const revision = JSON.parse(create.slice(create.indexOf('--revision ') + '--revision '.length, create.indexOf(' --description')));
    expect(revision.revisionType).toBe('AppSpecContent');
    expect(JSON.parse(revision.appSpecContent.content)).toEqual({
      version: 1,
      Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: `${TD}:9`, LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 } } } }],
    });
    expect(log).toContain('aws deploy wait deployment-successful --deployment-id d-NEW');
    // The workflow's rollback step reads the revision from the step output.
    expect(readFileSync(output, 'utf8')).toBe(`task-definition=${TD}:9\n`);
  });

  it('a failed deploy that CodeDeploy is still running is stopped with auto-rollback; exit 1', () => {
    const dir = generate({ name: 'svc', orchestrator: 'ecs', cloud: 'aws', strategy: 'canary' });
    const aws = [
      ...registered,
      '  *"deploy wait deployment-successful"*) exit 255 ;;',
      '  *"get-deployment --deployment-id d-NEW --query deploymentInfo.status"*) if grep -q stop-deployment "$(dirname "$0")/../calls.log"; then echo Stopped; else echo InProgress; fi ;;',
      '  *rollbackDeploymentId*) echo None ;;',
    ];
    const { path, calls } = stubs(dir, { realJq: true, aws });
    const r = run('scripts/deploy.sh', ['staging', 'img:2'], { cwd: dir, env: { PATH: path, CODEDEPLOY_POLL_SECONDS: '0' } });
    expect(r.status, r.output).toBe(1);
    expect(calls()).toContain('aws deploy stop-deployment --deployment-id d-NEW --auto-rollback-enabled --output text');
    expect(r.output).toContain('deployment d-NEW is Stopped; traffic is back on the original task set');
  });

  it('rollback stops a deployment in progress with --auto-rollback-enabled and waits for the rollback', () => {
    const dir = generate({ name: 'svc', orchestrator: 'ecs', cloud: 'aws', strategy: 'canary' });
    const aws = [
      '  *list-deployments*) echo d-RUNNING ;;',
      '  *"get-deployment --deployment-id d-RUNNING --query deploymentInfo.status"*) echo Stopped ;;',
      '  *rollbackDeploymentId*) echo d-ROLLBACK ;;',
    ];
    const { path, calls } = stubs(dir, { realJq: true, aws });
    const r = run('scripts/rollback.sh', ['staging'], { cwd: dir, env: { PATH: path, CODEDEPLOY_POLL_SECONDS: '0' } });
    expect(r.status, r.output).toBe(0);
    const log = calls();
    expect(log).toContain('aws deploy list-deployments --application-name svc-staging --deployment-group-name svc-staging --include-only-statuses Created Queued InProgress Baking Ready --query deployments[0] --output text');
    expect(log).toContain('aws deploy stop-deployment --deployment-id d-RUNNING --auto-rollback-enabled --output text');
    expect(log).toContain('aws deploy wait deployment-successful --deployment-id d-ROLLBACK');
    expect(log.filter((c) => c.includes('update-service') || c.includes('create-deployment'))).toEqual([]);
  });

  it('rollback with nothing in progress redeploys the revision before the serving one through CodeDeploy', () => {
    const dir = generate({ name: 'svc', orchestrator: 'ecs', cloud: 'aws', strategy: 'blue-green' });
    // Serving 7 before the deployment, then 6 once CodeDeploy has deployed it.
    const aws = [
      ...noneInFlight,
      `  *"describe-services"*"taskSets"*) if grep -q create-deployment "$(dirname "$0")/../calls.log"; then echo "${TD}:6"; else echo "${TD}:7"; fi ;;`,
      '  *create-deployment*) echo "d-BACK" ;;',
    ];
    const { path, calls } = stubs(dir, { realJq: true, aws });
    const r = run('scripts/rollback.sh', ['staging'], { cwd: dir, env: { PATH: path } });
    expect(r.status, r.output).toBe(0);
    const log = calls();
    const create = log.find((c) => c.startsWith('aws deploy create-deployment'))!;
    expect(create).toContain('--deployment-config-name CodeDeployDefault.ECSAllAtOnce');
    expect(create).toContain(`\\"TaskDefinition\\":\\"${TD}:6\\"`);
    expect(log).toContain('aws deploy wait deployment-successful --deployment-id d-BACK');
    expect(log.filter((c) => c.includes('update-service'))).toEqual([]);
  });

  it('rollback --if-serving leaves a deployment CodeDeploy already rolled back alone', () => {
    const dir = generate({ name: 'svc', orchestrator: 'ecs', cloud: 'aws', strategy: 'canary' });
    const { path, calls } = stubs(dir, { realJq: true, aws: [...noneInFlight, ...serving(`${TD}:7`)] });
    const r = run('scripts/rollback.sh', ['--if-serving', `${TD}:9`, 'staging'], { cwd: dir, env: { PATH: path } });
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('CodeDeploy rolled it back');
    expect(calls().filter((c) => c.includes('create-deployment') || c.includes('stop-deployment'))).toEqual([]);
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

