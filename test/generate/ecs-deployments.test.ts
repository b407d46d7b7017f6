// ECS deployments, per strategy, across the whole stack: Terraform, scripts, workflows and IAM agree
// on the path AWS accepts. Rolling: the ECS deployment controller, `aws ecs update-service` and the
// circuit breaker. Blue-green and canary: the CODE_DEPLOY controller (ECS refuses update-service
// --task-definition for it), so every deploy and rollback is a CodeDeploy deployment with the
// deployment group's config, or a stop with auto-rollback.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { findConfig, loadConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import { loadRules } from '../../src/audit/load-rules.js';
import { defaultAnswers, type StackAnswers } from '../../src/generate/answers.js';
import { prepareStack } from '../../src/generate/stack.js';
import { writeStack } from '../../src/generate/write.js';
import { pairwise } from '../helpers/matrix.js';

const CONFIG: Record<StackAnswers['strategy'], string | undefined> = {
  rolling: undefined,
  'blue-green': 'CodeDeployDefault.ECSAllAtOnce',
  canary: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
};

/** Shell command text without comment lines, continuation lines joined. */
function commands(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n\s*/g, ' ');
}

interface WorkflowStep {
  id?: string;
  if?: string;
  run?: string;
  env?: Record<string, string>;
}

function workflowSteps(dir: string): Array<{ file: string; step: WorkflowStep }> {
  const out: Array<{ file: string; step: WorkflowStep }> = [];
  for (const f of readdirSync(join(dir, '.github/workflows'))) {
    const wf = parseYaml(readFileSync(join(dir, '.github/workflows', f), 'utf8')) as { jobs: Record<string, { steps?: WorkflowStep[] }> };
    for (const job of Object.values(wf.jobs)) for (const step of job.steps ?? []) out.push({ file: f, step });
  }
  return out;
}

describe.each(['rolling', 'blue-green', 'canary'] as const)('ECS %s', (strategy) => {
  let dir = '';
  const read = (p: string) => readFileSync(join(dir, p), 'utf8');
  const codeDeploy = strategy !== 'rolling';

  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'cds-ecs-')), `svc-${strategy}`);
    writeStack(dir, await prepareStack(defaultAnswers({ name: `svc-${strategy}`, orchestrator: 'ecs', cloud: 'aws', strategy })));
  });

  it('Terraform: the deployment controller and CodeDeploy resources match the strategy', () => {
    const tf = read('infrastructure/terraform/modules/compute/main.tf');
    if (codeDeploy) {
      expect(tf).toMatch(/deployment_controller \{\n\s+type = "CODE_DEPLOY"/);
      expect(tf).toContain('resource "aws_codedeploy_app" "app"');
      expect(tf).toContain('resource "aws_codedeploy_deployment_group" "app"');
      expect(tf).toContain(`deployment_config_name = "${CONFIG[strategy]}"`);
      expect(tf).toMatch(/auto_rollback_configuration \{\n\s+enabled = true/);
      // The scripts address the app and group by `<name>-<env>`, as the module names them (local.name).
      expect(tf).toMatch(/resource "aws_codedeploy_app" "app" \{\n\s+name\s+= local\.name/);
      expect(tf).toMatch(/deployment_group_name\s+= local\.name/);
      expect(tf).toContain('name = "${var.name}-${var.environment}"');
    } else {
      expect(tf).toMatch(/deployment_controller \{\n\s+type = "ECS"/);
      expect(tf).toMatch(/deployment_circuit_breaker \{\n\s+enable\s+= true\n\s+rollback = true/);
      expect(tf).not.toContain('aws_codedeploy');
    }
  });

  it('scripts: CodeDeploy for blue-green and canary, update-service only for rolling', () => {
    const scripts = ['scripts/deploy.sh', 'scripts/rollback.sh', 'scripts/lib/common.sh', ...(codeDeploy ? ['scripts/lib/codedeploy.sh'] : [])].map((f) => commands(read(f))).join('\n');
    if (codeDeploy) {
      expect(scripts).not.toMatch(/aws ecs update-service/);
      expect(scripts).toMatch(/aws deploy create-deployment [^\n]*--deployment-config-name "\$DEPLOYMENT_CONFIG"/);
      expect(scripts).toMatch(/aws deploy stop-deployment --deployment-id "\$id" --auto-rollback-enabled/);
      expect(read('scripts/lib/codedeploy.sh')).toContain(`DEPLOYMENT_CONFIG="${CONFIG[strategy]}"`);
      expect(read('scripts/lib/codedeploy.sh')).toContain('CONTAINER_PORT=8080');
      expect(read('scripts/deploy.sh')).toContain('source "$(dirname "${BASH_SOURCE[0]}")/lib/codedeploy.sh"');
      expect(read('scripts/rollback.sh')).toContain('source "$(dirname "${BASH_SOURCE[0]}")/lib/codedeploy.sh"');
    } else {
      expect(scripts).toMatch(/aws ecs update-service --cluster "\$cluster" --service "\$service" --task-definition "\$revision"/);
      expect(scripts).not.toMatch(/aws deploy /);
    }
  });

  it('workflows: every ECS deploy runs scripts/deploy.sh, the rollback step passes the deployed revision', () => {
    const steps = workflowSteps(dir);
    const runs = steps.map((s) => commands(s.step.run ?? '')).join('\n');
    expect(runs).not.toMatch(/aws ecs update-service|aws deploy create-deployment/);
    const deploys = steps.filter((s) => s.step.id === 'deploy');
    expect(deploys.length).toBeGreaterThanOrEqual(3); // dev, staging, prod
    for (const d of deploys) expect(d.step.run, d.file).toBe('scripts/deploy.sh "$ENVIRONMENT" "$IMAGE_REF"');
    const rollbacks = steps.filter((s) => s.step.run?.startsWith('scripts/rollback.sh'));
    expect(rollbacks.length).toBe(deploys.length);
    for (const r of rollbacks) {
      expect(r.step.if).toMatch(/failure\(\)/);
      expect(r.step.run).toBe('scripts/rollback.sh "$ENVIRONMENT" --if-serving "$DEPLOYED"');
      expect(r.step.env?.DEPLOYED).toBe('${{ steps.deploy.outputs.task-definition }}');
    }
    const deployStaging = read('.github/workflows/deploy-staging.yml');
    if (codeDeploy) expect(deployStaging).toContain('CODEDEPLOY_APP: svc-' + strategy + '-dev');
    else expect(deployStaging).not.toContain('CODEDEPLOY_APP');
  });

  it('IAM: the CI role may run what the scripts run, and no more', () => {
    const policy = read('security/iam/policies.tf');
    expect(policy).toContain('"ecs:ListTaskDefinitions"');
    if (codeDeploy) {
      for (const a of ['CreateDeployment', 'GetDeployment', 'ListDeployments', 'StopDeployment', 'GetDeploymentConfig']) expect(policy).toContain(`"codedeploy:${a}"`);
      expect(policy).not.toContain('"ecs:UpdateService"');
    } else {
      expect(policy).toContain('"ecs:UpdateService"');
      expect(policy).not.toContain('codedeploy:');
    }
  });

  it('runbooks: no update-service of a task definition, or force-new-deployment, for a CodeDeploy service', () => {
    const docs = ['deployment', 'incident-response', 'scaling', 'disaster-recovery'].map((n) => read(`docs/runbooks/${n}.md`)).join('\n');
    if (codeDeploy) {
      expect(docs).not.toMatch(/aws ecs update-service[^`\n]*(--task-definition|--force-new-deployment)/);
      expect(docs).toContain('aws deploy stop-deployment');
      expect(docs).toContain(CONFIG[strategy]!);
    } else {
      expect(docs).toContain('aws ecs update-service');
    }
  });

  it('devops-audit: zero findings, pipeline/no-manual-deployments included', async () => {
    const file = findConfig(dir);
    const { report } = await runAudit({ root: dir, config: loadConfig(file!), rules: await loadRules() });
    const findings = report.findings.filter((f) => !f.suppressed).map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`);
    expect(findings).toEqual([]);
  });
});

describe('the pairwise matrix', () => {
  it('has an ECS case for every strategy, so the matrix tests (audit, shellcheck, actionlint) cover CodeDeploy', () => {
    const ecs = pairwise().filter((c) => c.orchestrator === 'ecs');
    expect(new Set(ecs.map((c) => c.strategy))).toEqual(new Set(['rolling', 'blue-green', 'canary']));
  });
});
