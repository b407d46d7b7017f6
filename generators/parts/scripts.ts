// Operational scripts the workflows and on-call engineers run: deploy, rollback and health check,
// written for the chosen orchestrator and strategy, sharing one sourced library (plus the CodeDeploy
// one for ECS blue-green and canary).
import type { PlannedFile, PlanPart } from '../../src/generate/plan.js';

const EXECUTABLES = ['deploy.sh', 'rollback.sh', 'health-check.sh'];

const scripts: PlanPart = (d) => [
  ...EXECUTABLES.map((name): PlannedFile => ({ path: `scripts/${name}`, template: `scripts/${name}.hbs`, mode: 0o755 })),
  { path: 'scripts/lib/common.sh', template: 'scripts/lib/common.sh.hbs' },
  // ECS blue-green and canary deploy through CodeDeploy (the service's controller is CODE_DEPLOY).
  ...(d.isEcs && !d.isRolling ? [{ path: 'scripts/lib/codedeploy.sh', template: 'scripts/lib/codedeploy.sh.hbs' }] : []),
  // Lets shellcheck follow `source lib/common.sh` without -x, so plain `shellcheck scripts/*.sh` is clean.
  { path: '.shellcheckrc', template: 'scripts/shellcheckrc.hbs' },
];

export default scripts;
