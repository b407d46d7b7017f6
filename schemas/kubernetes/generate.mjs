// Regenerates schemas/kubernetes/kubernetes.schema.json from the type declarations of the
// `kubernetes-models` npm package (the Kubernetes OpenAPI definitions, as TypeScript interfaces).
// Every object gets `additionalProperties: false`, so a misspelled field is an error.
//
//   mkdir /tmp/km && cd /tmp/km && npm pack kubernetes-models @kubernetes-models/apimachinery @kubernetes-models/base
//   (unpack each into /tmp/km/node_modules/<name>), then from the repository root:
//   node schemas/kubernetes/generate.mjs /tmp/km
//
// Not run by the build or the tests: the output is committed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = process.argv[2] ?? '/tmp/km';
const KINDS = {
  'v1/Pod': 'kubernetes-models/v1/Pod',
  'v1/Service': 'kubernetes-models/v1/Service',
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap',
  'v1/Secret': 'kubernetes-models/v1/Secret',
  'v1/ServiceAccount': 'kubernetes-models/v1/ServiceAccount',
  'v1/Namespace': 'kubernetes-models/v1/Namespace',
  'v1/PersistentVolumeClaim': 'kubernetes-models/v1/PersistentVolumeClaim',
  'v1/LimitRange': 'kubernetes-models/v1/LimitRange',
  'v1/ResourceQuota': 'kubernetes-models/v1/ResourceQuota',
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'apps/v1/StatefulSet': 'kubernetes-models/apps/v1/StatefulSet',
  'apps/v1/DaemonSet': 'kubernetes-models/apps/v1/DaemonSet',
  'apps/v1/ReplicaSet': 'kubernetes-models/apps/v1/ReplicaSet',
  'batch/v1/Job': 'kubernetes-models/batch/v1/Job',
  'batch/v1/CronJob': 'kubernetes-models/batch/v1/CronJob',
  'autoscaling/v2/HorizontalPodAutoscaler': 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/policy/v1/PodDisruptionBudget',
  'networking.k8s.io/v1/Ingress': 'kubernetes-models/networking.k8s.io/v1/Ingress',
  'networking.k8s.io/v1/NetworkPolicy': 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
  'rbac.authorization.k8s.io/v1/Role': 'kubernetes-models/rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  '#PodTemplateSpec': 'kubernetes-models/v1/PodTemplateSpec',
};

const entry = join(root, '__entry.ts');
let src = '';
const names = {};
Object.entries(KINDS).forEach(([k, mod], i) => {
  const base = mod.split('/').pop();
  src += `import type { I${base} as T${i} } from ${JSON.stringify(mod)};\nexport type K${i} = T${i};\n`;
  names[k] = `K${i}`;
});
writeFileSync(entry, src);
const program = ts.createProgram([entry], { strict: true, baseUrl: root, moduleResolution: ts.ModuleResolutionKind.Node10, typeRoots: [], types: [] });
const checker = program.getTypeChecker();
const sf = program.getSourceFile(entry);
const defs = {};
const defName = new Map();

function nameFor(type) {
  const sym = type.aliasSymbol ?? type.getSymbol();
  let n = sym?.getName() ?? 'Anon';
  if (n === '__type' || n === '__object') return undefined;
  n = n.replace(/^IIoK8s(Api|Apimachinery)?/, '').replace(/^I(?=[A-Z])/, '');
  return n;
}

function schemaOf(type, depth = 0) {
  if (depth > 60) return {};
  const f = type.flags;
  if (f & ts.TypeFlags.Any || f & ts.TypeFlags.Unknown) return {};
  if (f & ts.TypeFlags.StringLiteral) return { const: type.value };
  if (f & ts.TypeFlags.String) return { type: 'string' };
  if (f & ts.TypeFlags.Number) return { type: ['integer', 'number'] };
  if (f & ts.TypeFlags.Boolean || f & ts.TypeFlags.BooleanLiteral) return { type: 'boolean' };
  if (type.isUnion()) {
    const parts = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
    if (parts.every((t) => t.flags & ts.TypeFlags.StringLiteral)) return { enum: parts.map((t) => t.value) };
    const schemas = parts.map((t) => schemaOf(t, depth + 1));
    if (schemas.every((s) => s.type && Object.keys(s).length === 1)) return { type: [...new Set(schemas.flatMap((s) => [].concat(s.type)))] };
    return { anyOf: schemas };
  }
  if (checker.isArrayType(type)) return { type: 'array', items: schemaOf(checker.getTypeArguments(type)[0], depth + 1) };
  if (f & ts.TypeFlags.Object) {
    const props = checker.getPropertiesOfType(type);
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (!props.length && index) return { type: 'object', additionalProperties: schemaOf(index.type, depth + 1) };
    const n = nameFor(type);
    if (n && defName.has(type)) return { $ref: `#/$defs/${defName.get(type)}` };
    let unique = n;
    if (n) {
      let i = 2;
      while (defs[unique]) unique = `${n}${i++}`;
      defName.set(type, unique);
      defs[unique] = {};
    }
    const out = { type: 'object', properties: {}, additionalProperties: index ? schemaOf(index.type, depth + 1) : false };
    const required = [];
    for (const p of props) {
      const pt = checker.getTypeOfSymbolAtLocation(p, sf);
      out.properties[p.getName()] = schemaOf(checker.getNonNullableType(pt), depth + 1);
      if (!(p.flags & ts.SymbolFlags.Optional)) required.push(p.getName());
    }
    if (required.length) out.required = required;
    if (n) {
      defs[unique] = out;
      return { $ref: `#/$defs/${unique}` };
    }
    return out;
  }
  return {};
}

const kinds = {};
for (const [k, alias] of Object.entries(names)) {
  const sym = checker.getExportsOfModule(checker.getSymbolAtLocation(sf)).find((s) => s.getName() === alias);
  const type = checker.getDeclaredTypeOfSymbol(sym);
  const s = schemaOf(type);
  kinds[k] = s.$ref ?? s;
}
const out = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $comment: 'Generated by schemas/kubernetes/generate.mjs from kubernetes-models type declarations. Do not edit.',
  'x-kinds': kinds,
  $defs: defs,
};
writeFileSync(new URL('./kubernetes.schema.json', import.meta.url), JSON.stringify(out) + '\n');
console.log(`${Object.keys(kinds).length} kinds, ${Object.keys(defs).length} definitions`);
