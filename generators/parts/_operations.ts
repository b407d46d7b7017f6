// The exact operator commands for the chosen platform, cloud and strategy, computed once so every
// runbook says the same thing the same way. Names follow the other parts: cluster, ECS cluster and
// database `<name>-<env>`, namespace `<name>-<env>`, workload and ECS service `<name>`,
// pods labelled app.kubernetes.io/name=<name>, container `app`.
import type { TemplateData } from '../../src/generate/template-data.js';

export interface EnvOps {
  name: string;
  isProd: boolean;
  previous?: string;
  /** Where the commands run: namespace (kubernetes) or ECS cluster. */
  target: string;
  url: string;
  /** Gets credentials for the environment's cluster (or account). */
  credentials: string;
}

export interface Ops {
  envs: EnvOps[];
  prod: EnvOps;
  /** `deployment/<name>` or `rollout/<name>`. */
  workload: string;
  status: string;
  rolloutStatus: string;
  logs: string;
  events: string;
  describe: string;
  undo: string;
  /** Empty when the strategy has no rollout to abort. */
  abort: string;
  restart: string;
  /** Empty where there is no `kubectl top`. */
  top: string;
  scaleOut: string;
  autoscaler: string;
  db: { engine: string; service: string; id: string; status: string; failover: string; pointInTime: string; listBackups: string; restoreBackup: string };
}

function envUrl(d: TemplateData, env: string, isProd: boolean): string {
  return isProd ? `https://${d.name}.example.com` : `https://${d.name}.${env}.example.com`;
}

function credentials(d: TemplateData, env: string): string {
  const cluster = `${d.name}-${env}`;
  if (d.isEcs) return `aws sso login --profile ${cluster} && export AWS_PROFILE=${cluster} AWS_REGION=${d.region}`;
  if (d.isAws) return `aws eks update-kubeconfig --name ${cluster} --region ${d.region}`;
  if (d.isGcp) return `gcloud container clusters get-credentials ${cluster} --region ${d.region}`;
  return `az aks get-credentials --resource-group ${cluster} --name ${cluster}`;
}

function database(d: TemplateData, env: string): Ops['db'] {
  const id = `${d.name}-${env}`;
  if (d.isAws) {
    return {
      engine: 'Amazon RDS for PostgreSQL (Multi-AZ in production)',
      service: 'RDS',
      id,
      status: `aws rds describe-db-instances --db-instance-identifier ${id} --query 'DBInstances[0].{status:DBInstanceStatus,multiAZ:MultiAZ,az:AvailabilityZone,latestRestorableTime:LatestRestorableTime}'`,
      failover: `aws rds reboot-db-instance --db-instance-identifier ${id} --force-failover`,
      pointInTime: `aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier ${id} --target-db-instance-identifier ${id}-restore --restore-time <UTC time before the damage, e.g. 2025-03-01T09:55:00Z> --db-subnet-group-name ${id} --multi-az`,
      listBackups: `aws rds describe-db-snapshots --db-instance-identifier ${id} --query 'DBSnapshots[].{id:DBSnapshotIdentifier,created:SnapshotCreateTime,status:Status}'`,
      restoreBackup: `aws rds restore-db-instance-from-db-snapshot --db-snapshot-identifier <snapshot id> --db-instance-identifier ${id}-restore --db-subnet-group-name ${id} --multi-az`,
    };
  }
  if (d.isGcp) {
    return {
      engine: 'Cloud SQL for PostgreSQL (regional high availability in production)',
      service: 'Cloud SQL',
      id,
      status: `gcloud sql instances describe ${id} --format='value(state,settings.availabilityType,gceZone)'`,
      failover: `gcloud sql instances failover ${id}`,
      pointInTime: `gcloud sql instances clone ${id} ${id}-restore --point-in-time '<UTC time before the damage, e.g. 2025-03-01T09:55:00Z>'`,
      listBackups: `gcloud sql backups list --instance ${id}`,
      restoreBackup: `gcloud sql backups restore <backup id> --backup-instance ${id} --restore-instance ${id}-restore`,
    };
  }
  return {
    engine: 'Azure Database for PostgreSQL flexible server (zone-redundant HA in production)',
    service: 'Azure Database for PostgreSQL',
    id,
    status: `az postgres flexible-server show --resource-group ${id} --name ${id} --query '{state:state,ha:highAvailability.state,zone:availabilityZone}'`,
    failover: `az postgres flexible-server restart --resource-group ${id} --name ${id} --failover Forced`,
    pointInTime: `az postgres flexible-server restore --resource-group ${id} --name ${id}-restore --source-server ${id} --restore-time '<UTC time before the damage, e.g. 2025-03-01T09:55:00Z>'`,
    listBackups: `az postgres flexible-server backup list --resource-group ${id} --name ${id} --output table`,
    restoreBackup: `az postgres flexible-server restore --resource-group ${id} --name ${id}-restore --source-server ${id} --restore-time '<time of the chosen backup>'`,
  };
}

export function operations(d: TemplateData): Ops {
  const envs: EnvOps[] = d.envs.map((e) => ({
    name: e.name,
    isProd: e.isProd,
    previous: e.previous,
    target: `${d.name}-${e.name}`,
    url: envUrl(d, e.name, e.isProd),
    credentials: credentials(d, e.name),
  }));
  const prod = envs[envs.length - 1];
  const ns = `-n ${prod.target}`;
  const db = database(d, prod.name);
  if (d.isEcs && !d.isRolling) return codeDeployOps(d, envs, prod, db);
  if (d.isEcs) {
    const svc = `--cluster ${prod.target} --service ${d.name}`;
    return {
      envs,
      prod,
      workload: `service ${d.name} in cluster ${prod.target}`,
      status: `aws ecs describe-services --cluster ${prod.target} --services ${d.name} --query 'services[0].{desired:desiredCount,running:runningCount,pending:pendingCount,deployments:deployments[].{status:status,rollout:rolloutState,taskDefinition:taskDefinition}}'`,
      rolloutStatus: `aws ecs wait services-stable --cluster ${prod.target} --services ${d.name}`,
      logs: `aws logs tail /ecs/${prod.target} --since 15m --follow`,
      events: `aws ecs describe-services --cluster ${prod.target} --services ${d.name} --query 'services[0].events[:10].[createdAt,message]' --output text`,
      describe: `aws ecs describe-tasks --cluster ${prod.target} --tasks $(aws ecs list-tasks --cluster ${prod.target} --service-name ${d.name} --desired-status STOPPED --query 'taskArns[:5]' --output text) --query 'tasks[].{stopped:stoppedAt,reason:stoppedReason,exit:containers[?name==\`app\`].exitCode}'`,
      undo: `aws ecs update-service ${svc} --task-definition <previous task definition ARN>`,
      abort: '',
      restart: `aws ecs update-service ${svc} --force-new-deployment`,
      top: '',
      scaleOut: `aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id service/${prod.target}/${d.name} --min-capacity 6 --max-capacity 20`,
      autoscaler: `aws application-autoscaling describe-scaling-activities --service-namespace ecs --resource-id service/${prod.target}/${d.name} --max-items 10`,
      db,
    };
  }
  const argo = !d.isRolling;
  const workload = argo ? `rollout/${d.name}` : `deployment/${d.name}`;
  return {
    envs,
    prod,
    workload,
    status: `kubectl ${ns} get pods -l app.kubernetes.io/name=${d.name} -o wide`,
    rolloutStatus: argo ? `kubectl argo rollouts ${ns} status ${d.name} --timeout 30m` : `kubectl ${ns} rollout status ${workload} --timeout=10m`,
    logs: `kubectl ${ns} logs -l app.kubernetes.io/name=${d.name} -c app --since=15m --prefix --max-log-requests=20`,
    events: `kubectl ${ns} get events --sort-by=.lastTimestamp | tail -n 30`,
    describe: `kubectl ${ns} describe pod -l app.kubernetes.io/name=${d.name}`,
    undo: argo ? `kubectl argo rollouts ${ns} undo ${d.name}` : `kubectl ${ns} rollout undo ${workload}`,
    abort: argo ? `kubectl argo rollouts ${ns} abort ${d.name}` : '',
    restart: argo ? `kubectl argo rollouts ${ns} restart ${d.name}` : `kubectl ${ns} rollout restart ${workload}`,
    top: `kubectl ${ns} top pods -l app.kubernetes.io/name=${d.name} --containers`,
    scaleOut: `kubectl ${ns} patch hpa ${d.name} --type merge -p '{"spec":{"minReplicas":6,"maxReplicas":20}}'`,
    autoscaler: `kubectl ${ns} describe hpa ${d.name}`,
    db,
  };
}

/**
 * ECS blue-green and canary: the service's deployment controller is CODE_DEPLOY, which refuses
 * `aws ecs update-service --task-definition` (and --force-new-deployment); task definitions change
 * only through CodeDeploy deployments of the group `<name>-<env>` (scripts/lib/codedeploy.sh).
 */
function codeDeployOps(d: TemplateData, envs: EnvOps[], prod: EnvOps, db: Ops['db']): Ops {
  const group = `--application-name ${prod.target} --deployment-group-name ${prod.target}`;
  const inFlight = `$(aws deploy list-deployments ${group} --include-only-statuses Created Queued InProgress Baking Ready --query 'deployments[0]' --output text)`;
  const appspec = `{"version":1,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":"<previous task definition ARN>","LoadBalancerInfo":{"ContainerName":"app","ContainerPort":${d.port}}}}}]}`;
  const revision = JSON.stringify({ revisionType: 'AppSpecContent', appSpecContent: { content: appspec } });
  return {
    envs,
    prod,
    workload: `service ${d.name} in cluster ${prod.target} (CodeDeploy group ${prod.target})`,
    status: `aws ecs describe-services --cluster ${prod.target} --services ${d.name} --query 'services[0].{desired:desiredCount,running:runningCount,pending:pendingCount,taskSets:taskSets[].{status:status,taskDefinition:taskDefinition,stability:stabilityStatus}}'`,
    rolloutStatus: `aws deploy get-deployment --deployment-id <deployment id, from the workflow log or aws deploy list-deployments ${group}> --query 'deploymentInfo.{status:status,overview:deploymentOverview,error:errorInformation}'`,
    logs: `aws logs tail /ecs/${prod.target} --since 15m --follow`,
    events: `aws ecs describe-services --cluster ${prod.target} --services ${d.name} --query 'services[0].events[:10].[createdAt,message]' --output text`,
    describe: `aws ecs describe-tasks --cluster ${prod.target} --tasks $(aws ecs list-tasks --cluster ${prod.target} --service-name ${d.name} --desired-status STOPPED --query 'taskArns[:5]' --output text) --query 'tasks[].{stopped:stoppedAt,reason:stoppedReason,exit:containers[?name==\`app\`].exitCode}'`,
    undo: `aws deploy create-deployment ${group} --deployment-config-name ${d.isCanary ? 'CodeDeployDefault.ECSCanary10Percent5Minutes' : 'CodeDeployDefault.ECSAllAtOnce'} --revision '${revision}'`,
    abort: `aws deploy stop-deployment --deployment-id "${inFlight}" --auto-rollback-enabled`,
    restart: `scripts/deploy.sh ${prod.name} <image now serving>`,
    top: '',
    scaleOut: `aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id service/${prod.target}/${d.name} --min-capacity 6 --max-capacity 20`,
    autoscaler: `aws application-autoscaling describe-scaling-activities --service-namespace ecs --resource-id service/${prod.target}/${d.name} --max-items 10`,
    db,
  };
}
