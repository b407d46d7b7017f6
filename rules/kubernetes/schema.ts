import { defineRule } from '../../src/audit/load-rules.js';
import { keyNode, manifestObjects, schemaError, type K8sObject, type SchemaError } from '../../src/rules-kit/kubernetes.js';
import { loadSchema } from '../../src/schemas.js';
import { deployment, goodContainer } from './_examples.js';

// Removed API versions: [group/version, kinds, release that removed it, replacement].
const REMOVED: Array<[string, string[], string, string]> = [
  ['extensions/v1beta1', ['Deployment', 'DaemonSet', 'ReplicaSet', 'NetworkPolicy', 'PodSecurityPolicy'], '1.16', 'apps/v1 (networking.k8s.io/v1 for NetworkPolicy)'],
  ['extensions/v1beta1', ['Ingress'], '1.22', 'networking.k8s.io/v1'],
  ['apps/v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet'], '1.16', 'apps/v1'],
  ['apps/v1beta2', ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet'], '1.16', 'apps/v1'],
  ['networking.k8s.io/v1beta1', ['Ingress', 'IngressClass'], '1.22', 'networking.k8s.io/v1'],
  ['rbac.authorization.k8s.io/v1beta1', ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'], '1.22', 'rbac.authorization.k8s.io/v1'],
  ['batch/v1beta1', ['CronJob'], '1.25', 'batch/v1'],
  ['policy/v1beta1', ['PodDisruptionBudget', 'PodSecurityPolicy'], '1.25', 'policy/v1'],
  ['autoscaling/v2beta1', ['HorizontalPodAutoscaler'], '1.25', 'autoscaling/v2'],
  ['autoscaling/v2beta2', ['HorizontalPodAutoscaler'], '1.26', 'autoscaling/v2'],
];


interface Vendored {
  'x-kinds': Record<string, string>;
  $defs: Record<string, object>;
}

/** The schema of an apiVersion/kind, or undefined when none is vendored. Argo Rollouts: their pod template. */
function schemaFor(apiVersion: string, kind: string): { schema: object; defs: Record<string, object> } | undefined {
  const all = loadSchema('kubernetes/kubernetes.schema.json') as Vendored;
  if (kind === 'Rollout' && apiVersion.startsWith('argoproj.io/')) {
    return { schema: { type: 'object', properties: { spec: { type: 'object', properties: { template: { $ref: all['x-kinds']['#PodTemplateSpec'] } } } } }, defs: all.$defs };
  }
  const ref = all['x-kinds'][`${apiVersion}/${kind}`];
  return ref ? { schema: { $ref: ref }, defs: all.$defs } : undefined;
}

/** Drop nulls (an empty YAML value means "unset" to the API server). */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = clean(x);
    return out;
  }
  return v;
}

function pathOf(instancePath: string): Array<string | number> {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function show(path: Array<string | number>): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

export default defineRule({
  meta: {
    id: 'kubernetes/schema',
    title: 'Manifests match the Kubernetes API schema',
    description:
      'A misspelt field (`imagePulPolicy`, `livenesProbe`) is silently dropped by many apply paths, a string where a number belongs is rejected only at deploy time, and removed API versions fail on upgraded clusters. Each object is validated against the schema of its apiVersion and kind, with unknown fields reported.',
    remediation: 'Fix the field name or type at the reported line; move removed apiVersions to their replacement.',
    checklistItem: 'infrastructure.iac',
    severity: 'high',
    artifacts: ['kubernetes'],
    examples: {
      fail: [
        { path: 'k8s/deployment.yaml', code: deployment(goodContainer + '\n    imagePulPolicy: Always\n'), note: 'misspelt field' },
        { path: 'k8s/service.yaml', code: 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports:\n    - port: "80"\n', note: 'a string where an integer belongs' },
        { path: 'k8s/cronjob.yaml', code: 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: report}\nspec: {}\n', note: 'removed apiVersion' },
      ],
      pass: [
        { path: 'k8s/deployment.yaml', code: deployment(goodContainer + '\n    lifecycle:\n      preStop:\n        sleep: {seconds: 5}\n') },
        { path: 'k8s/rollout.yaml', code: 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: api}\nspec:\n  strategy:\n    canary:\n      steps: [{setWeight: 20}]\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: app, image: "ghcr.io/acme/api:1.4.2"}]\n', note: 'Argo Rollouts: the pod template is validated' },
        { path: 'k8s/widget.yaml', code: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {anything: goes}\n', note: 'custom resources without a schema are skipped' },
      ],
    },
  },
  check(ctx) {
    let valid = 0;
    for (const o of manifestObjects(ctx)) {
      const removed = REMOVED.find(([gv, kinds]) => gv === o.apiVersion && kinds.includes(o.kind));
      if (removed) {
        ctx.report({ message: `${o.kind} ${o.apiVersion} was removed in Kubernetes ${removed[2]}: use ${removed[3]}`, at: o.at('apiVersion') });
        continue;
      }
      const sch = schemaFor(o.apiVersion, o.kind);
      if (!sch) continue;
      const err = schemaError(sch.schema as never, sch.defs as never, clean(o.value));
      if (!err) {
        valid++;
        continue;
      }
      report(ctx, o, pathOf(err.instancePath), err);
    }
    if (valid) ctx.evidence('Kubernetes manifests validate against the API schema');
  },
});

function report(ctx: Parameters<Parameters<typeof defineRule>[0]['check']>[0], o: K8sObject, path: Array<string | number>, err: SchemaError): void {
  const where = show(path) || 'the object';
  if (err.keyword === 'additionalProperties') {
    const key = String(err.params.additionalProperty);
    ctx.report({ message: `${o.kind} ${o.name}: unknown field ${show([...path, key])}: check its spelling and indentation`, at: keyNode(o, ...path, key) ?? o.at(...path) });
  } else if (err.keyword === 'required') {
    ctx.report({ message: `${o.kind} ${o.name}: ${where} is missing required field ${String(err.params.missingProperty)}`, at: o.at(...path) });
  } else if (err.keyword === 'enum' || err.keyword === 'const') {
    const allowed = (err.params.allowedValues as unknown[] | undefined) ?? [err.params.allowedValue];
    ctx.report({ message: `${o.kind} ${o.name}: ${where} must be one of ${allowed.map((x) => JSON.stringify(x)).join(', ')}`, at: o.at(...path) });
  } else if (err.keyword === 'type') {
    const t = ([] as unknown[]).concat(err.params.type);
    const want = t.includes('integer') || t.includes('number') ? (t.includes('string') ? 'a number or a string' : 'a number (unquoted)') : t.includes('object') ? 'a mapping' : t.includes('array') ? 'a list' : `a ${t.join(' or ')}`;
    ctx.report({ message: `${o.kind} ${o.name}: ${where} must be ${want}`, at: o.at(...path) });
  } else {
    ctx.report({ message: `${o.kind} ${o.name}: ${where} ${err.message ?? 'is invalid'}`, at: o.at(...path) });
  }
}
