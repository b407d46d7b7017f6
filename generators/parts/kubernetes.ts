// Kubernetes manifests (orchestrator=kubernetes): a kustomize base and one overlay per environment
// (plus a preview overlay when PR previews are on). Rolling updates use a Deployment; blue-green and
// canary use an Argo Rollout with its services and the analysis that gates promotion.
import type { PlannedFile, PlanPart } from '../../src/generate/plan.js';
import type { EnvironmentData, TemplateData } from '../../src/generate/template-data.js';

const TEMPLATES = 'infrastructure/kubernetes';
const OUT = 'infrastructure/kubernetes';

/** HPA defaults from the orchestration checklist: min 2, max 10, CPU 70%, memory 80%. */
export const AUTOSCALING = { minReplicas: 2, maxReplicas: 10, cpu: 70, memory: 80 };

/** The services the strategy needs: Argo Rollouts switches stable/canary or active/preview. */
function services(d: TemplateData): Array<{ name: string; purpose: string }> {
  const main = { name: d.name, purpose: 'Service behind the ingress.' };
  if (d.isCanary) {
    return [
      { ...main, purpose: 'Stable service: Argo Rollouts points it at the stable ReplicaSet.' },
      { name: `${d.name}-canary`, purpose: 'Canary service: Argo Rollouts points it at the new ReplicaSet during a rollout.' },
    ];
  }
  if (d.isBlueGreen) {
    return [
      { ...main, purpose: 'Active service: Argo Rollouts points it at the live ReplicaSet.' },
      { name: `${d.name}-preview`, purpose: 'Preview service: the new ReplicaSet, analysed before it becomes active.' },
    ];
  }
  return [main];
}

/** Base files in apply order; the kustomization lists them. */
function baseFiles(d: TemplateData): Array<{ out: string; template: string }> {
  const files = [
    { out: 'namespace.yaml', template: 'namespace.yaml.hbs' },
    { out: 'serviceaccount.yaml', template: 'serviceaccount.yaml.hbs' },
    { out: 'configmap.yaml', template: 'configmap.yaml.hbs' },
    { out: d.isRolling ? 'deployment.yaml' : 'rollout.yaml', template: 'workload.yaml.hbs' },
    { out: 'service.yaml', template: 'service.yaml.hbs' },
    { out: 'ingress.yaml', template: 'ingress.yaml.hbs' },
    { out: 'hpa.yaml', template: 'hpa.yaml.hbs' },
    { out: 'pdb.yaml', template: 'pdb.yaml.hbs' },
    { out: 'networkpolicy.yaml', template: 'networkpolicy.yaml.hbs' },
  ];
  if (!d.isRolling) files.push({ out: 'analysistemplate.yaml', template: 'analysistemplate.yaml.hbs' });
  if (d.isPrometheus) files.push({ out: 'servicemonitor.yaml', template: 'servicemonitor.yaml.hbs' });
  return files;
}

/** Google service account id of the app (30 characters at most), as security/iam creates it. */
const gcpWorkloadAccount = (d: TemplateData) => `${d.name}-workload`.slice(0, 30);

/** The cloud's workload-identity annotation on the ServiceAccount, as a JSON-patch path key. */
function workloadIdentity(d: TemplateData, env: string): { key: string; value: string } {
  if (d.isAws) return { key: 'eks.amazonaws.com~1role-arn', value: `arn:aws:iam::123456789012:role/${d.name}-${env}-workload` };
  if (d.isGcp) return { key: 'iam.gke.io~1gcp-service-account', value: `${gcpWorkloadAccount(d)}@${d.name}-${env}.iam.gserviceaccount.com` };
  return { key: 'azure.workload.identity~1client-id', value: '00000000-0000-0000-0000-000000000000' };
}

interface OverlayEnv {
  name: string;
  purpose: string;
  namespace: string;
  host: string;
  replicas: number;
  minReplicas: number;
  maxReplicas: number;
}

function overlayEnv(d: TemplateData, e: EnvironmentData): OverlayEnv {
  return {
    name: e.name,
    purpose: e.isProd ? 'production, promoted from ' + (e.previous ?? 'a release tag') : e.isFirst ? 'first stop after CI on main' : `promoted from ${e.previous}`,
    namespace: `${d.name}-${e.name}`,
    host: e.isProd ? `${d.name}.example.com` : `${d.name}.${e.name}.example.com`,
    replicas: Math.max(e.replicas, AUTOSCALING.minReplicas),
    minReplicas: Math.max(e.minReplicas, AUTOSCALING.minReplicas),
    maxReplicas: e.isProd ? AUTOSCALING.maxReplicas : Math.min(e.maxReplicas, AUTOSCALING.maxReplicas),
  };
}

/** Per-PR previews: the workflow sets the namespace and host; sizes stay at the floor. */
function previewEnv(d: TemplateData): OverlayEnv {
  return {
    name: 'preview',
    purpose: 'per pull request; the preview workflow sets namespace and host with `kustomize edit`',
    namespace: `${d.name}-preview`,
    host: `${d.name}.preview.example.com`,
    replicas: AUTOSCALING.minReplicas,
    minReplicas: AUTOSCALING.minReplicas,
    maxReplicas: 3,
  };
}

const kubernetes: PlanPart = (d) => {
  if (!d.isKubernetes) return [];
  const base = baseFiles(d);
  const files: PlannedFile[] = base.map((f) => ({
    path: `${OUT}/base/${f.out}`,
    template: `${TEMPLATES}/base/${f.template}`,
    data: { services: services(d), autoscaling: AUTOSCALING, workloadAccount: gcpWorkloadAccount(d) },
  }));
  files.push({
    path: `${OUT}/base/kustomization.yaml`,
    template: `${TEMPLATES}/base/kustomization.yaml.hbs`,
    data: { resources: base.map((f) => f.out) },
  });
  const envs = d.envs.map((e) => overlayEnv(d, e));
  if (d.previews && !d.environments.includes('preview')) envs.push(previewEnv(d));
  for (const env of envs) {
    files.push({
      path: `${OUT}/overlays/${env.name}/kustomization.yaml`,
      template: `${TEMPLATES}/overlays/_env_/kustomization.yaml.hbs`,
      data: {
        env,
        workloadGroup: d.isRolling ? 'apps' : 'argoproj.io',
        workloadKind: d.isRolling ? 'Deployment' : 'Rollout',
        workloadIdentity: workloadIdentity(d, env.name === 'preview' ? d.envs[0].name : env.name),
      },
    });
  }
  return files;
};

export default kubernetes;
