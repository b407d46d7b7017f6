// Kubernetes helpers shared by rules/kubernetes/*: every object of every manifest with its YAML
// nodes, the pod spec and containers of any workload kind (CronJob and Argo Rollout included),
// label selectors, and what kustomize does to a file (namespace set by an overlay, patch files).
import { keptFact } from '../repo/kept-facts.js';
import { plainDocs } from '../repo/parsers/yaml.js';
import { ArtifactCache, memo } from './memo.js';
import { dirOf } from './repo-paths.js';
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Artifact, Repository } from '../repo/repository.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export interface K8sObject {
  artifact: Artifact;
  doc: Document.Parsed;
  /** Path from the document root to this object (non-empty for items of a `List`). */
  base: Array<string | number>;
  value: Obj;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** Nearest existing YAML node along `path` (relative to the object); the object itself at worst. */
  at(...path: Array<string | number>): Node;
  /** The YAML node at exactly `path`, or undefined. */
  node(...path: Array<string | number>): Node | undefined;
}

const objectCache = new ArtifactCache<K8sObject[]>();

/** Every Kubernetes object in a manifest file (multi-document, `kind: List` expanded). */
export function objects(a: Artifact): K8sObject[] {
  let out = objectCache.get(a);
  if (out) return out;
  out = objectsIn(a, a.yamlDocs());
  objectCache.set(a, out);
  return out;
}

function objectsIn(a: Artifact, docs: Array<{ doc: Document.Parsed; value: unknown }>): K8sObject[] {
  const out: K8sObject[] = [];
  for (const { doc, value } of docs) {
    const push = (v: unknown, base: Array<string | number>) => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return;
      const o = v as Obj;
      if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return;
      if (/List$/.test(o.kind) && Array.isArray(o.items)) {
        o.items.forEach((it: unknown, i: number) => push(it, [...base, 'items', i]));
        return;
      }
      const nodeAt = (path: Array<string | number>) => {
        const full = [...base, ...path];
        return (full.length ? doc.getIn(full, true) : doc.contents) as Node | undefined;
      };
      out!.push({
        artifact: a,
        doc,
        base,
        value: o,
        apiVersion: o.apiVersion,
        kind: o.kind,
        name: String(o.metadata?.name ?? ''),
        namespace: typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : undefined,
        node: (...path) => nodeAt(path),
        at: (...path) => {
          for (let i = path.length; i >= 0; i--) {
            const n = nodeAt(path.slice(0, i));
            if (n && (isMap(n) || isSeq(n) || isScalar(n))) {
              if (i === path.length || !isMap(n)) return n;
              // point at the key of the deepest existing map rather than the whole map
              return n;
            }
          }
          return doc.contents as Node;
        },
      });
    };
    push(value, []);
  }
  return out;
}

/** The key node of `path`'s last segment (for pointing at `containers:` rather than its value). */
export function keyNode(o: K8sObject, ...path: Array<string | number>): Node | undefined {
  const parent = o.node(...path.slice(0, -1));
  if (!parent || !isMap(parent)) return undefined;
  const last = path[path.length - 1];
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
  return (pair?.key as Node | undefined) ?? undefined;
}

export const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Rollout', 'DeploymentConfig']);
/** Workloads that run long-lived servers (not Jobs). */
export const SERVING_KINDS = new Set(['Deployment', 'StatefulSet', 'Rollout', 'ReplicaSet', 'ReplicationController', 'DeploymentConfig']);

export function isWorkload(o: K8sObject): boolean {
  if (!WORKLOAD_KINDS.has(o.kind)) return false;
  if (o.kind === 'Rollout') return o.apiVersion.startsWith('argoproj.io/');
  return true;
}

/** Path (relative to the object) of the pod spec of a workload, or undefined. */
export function podSpecPath(o: K8sObject): string[] | undefined {
  if (!isWorkload(o)) return undefined;
  if (o.kind === 'Pod') return ['spec'];
  if (o.kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return ['spec', 'template', 'spec'];
}

export function podSpec(o: K8sObject): Obj | undefined {
  const p = podSpecPath(o);
  if (!p) return undefined;
  let v: unknown = o.value;
  for (const k of p) v = (v as Obj | undefined)?.[k];
  return v && typeof v === 'object' ? (v as Obj) : undefined;
}

/** Labels of the pods a workload creates. */
export function podLabels(o: K8sObject): Record<string, string> {
  if (o.kind === 'Pod') return (o.value.metadata?.labels ?? {}) as Record<string, string>;
  const p = podSpecPath(o);
  if (!p) return {};
  let v: unknown = o.value;
  for (const k of p.slice(0, -1)) v = (v as Obj | undefined)?.[k];
  return ((v as Obj | undefined)?.metadata?.labels ?? {}) as Record<string, string>;
}

export interface ContainerRef {
  obj: K8sObject;
  container: Obj;
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  group: 'containers' | 'initContainers' | 'ephemeralContainers';
  index: number;
  name: string;
  /** Path of the container relative to the object. */
  path: Array<string | number>;
  /** Nearest node for a path inside the container. */
  at(...path: Array<string | number>): Node;
  /** True for init containers that run to completion (not sidecars with restartPolicy Always). */
  runsToCompletion: boolean;
}

/** Every container of a workload: regular, init and ephemeral. */
export function containers(o: K8sObject, groups: ContainerRef['group'][] = ['containers', 'initContainers']): ContainerRef[] {
  const spec = podSpec(o);
  const p = podSpecPath(o);
  if (!spec || !p) return [];
  const out: ContainerRef[] = [];
  for (const group of groups) {
    const list = spec[group];
    if (!Array.isArray(list)) continue;
    list.forEach((c: unknown, index: number) => {
      if (!c || typeof c !== 'object') return;
      const path = [...p, group, index];
      const container = c as Obj;
      out.push({
        obj: o,
        container,
        group,
        index,
        name: String(container.name ?? `#${index}`),
        path,
        at: (...sub) => o.at(...path, ...sub),
        runsToCompletion: group === 'initContainers' && container.restartPolicy !== 'Always',
      });
    });
  }
  return out;
}

/** Effective security context value: container first, then pod. */
export function securityValue(c: ContainerRef, key: string): unknown {
  const own = c.container.securityContext?.[key];
  if (own !== undefined) return own;
  return podSpec(c.obj)?.securityContext?.[key];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** Whether a label selector selects a set of labels. An empty selector selects everything. */
export function selects(sel: LabelSelector | Record<string, string> | undefined | null, labels: Record<string, string>): boolean {
  // Hand-written manifests put anything here (a string, a list): only a mapping is a selector.
  if (!sel || typeof sel !== 'object' || Array.isArray(sel)) return false;
  if (!labels || typeof labels !== 'object') labels = {};
  const s = sel as LabelSelector;
  const isStructured = 'matchLabels' in s || 'matchExpressions' in s;
  const ml = (isStructured ? s.matchLabels : (sel as Record<string, string>)) ?? {};
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== String(v)) return false;
  const exprs = isStructured ? s.matchExpressions : undefined;
  for (const e of Array.isArray(exprs) ? exprs : []) {
    if (!e || typeof e !== 'object') return false;
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const vals = Array.isArray(e.values) ? e.values.map(String) : [];
    if (e.operator === 'In' && !(has && vals.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && vals.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

// ---- the repository view: kustomize, namespaces, patches ----

export interface Kustomization {
  artifact: Artifact;
  dir: string;
  value: Obj;
  /** Files and directories it includes (resolved, repo-relative). */
  resources: string[];
  /** Patch files it applies (resolved, repo-relative). */
  patchFiles: string[];
  namespace?: string;
  commonLabels: Record<string, string>;
}

export interface ClusterView {
  /** Every object of every manifest that is a whole object (patch files excluded). */
  objects: K8sObject[];
  kustomizations: Kustomization[];
  patchFiles: Set<string>;
  /** Kustomizations that include a file, directly or through bases. */
  kustomizationsOf(path: string): Kustomization[];
  /** Namespace kustomize gives a file's objects (from the kustomizations that include it). */
  namespacesOf(path: string): Set<string>;
  /** Labels kustomize adds to every object of a file. */
  labelsOf(path: string): Record<string, string>;
}

export function joinPath(...parts: string[]): string {
  const out: string[] = [];
  for (const seg of parts.join('/').split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

const viewCache = new WeakMap<Repository, ClusterView>();

export function clusterView(repo: Repository): ClusterView {
  let v = viewCache.get(repo);
  if (v) return v;
  const kustomizations: Kustomization[] = [];
  const patchFiles = new Set<string>();
  for (const a of repo.ofKind('kustomization')) {
    const value = (a.yamlDocs()[0]?.value ?? {}) as Obj;
    if (!value || typeof value !== 'object') continue;
    const dir = dirOf(a.path);
    const list = (x: unknown) => (Array.isArray(x) ? x.filter((e): e is string => typeof e === 'string') : []);
    const resources = [...list(value.resources), ...list(value.bases), ...list(value.components)].filter((r) => !/^[a-z]+:\/\/|^git@|^github\.com\//.test(r)).map((r) => joinPath(dir, r));
    const pf: string[] = [...list(value.patchesStrategicMerge)];
    for (const p of [...(Array.isArray(value.patches) ? value.patches : []), ...(Array.isArray(value.patchesJson6902) ? value.patchesJson6902 : [])]) {
      if (p && typeof p === 'object' && typeof p.path === 'string') pf.push(p.path);
      else if (typeof p === 'string') pf.push(p);
    }
    const patchPaths = pf.filter((p) => !p.includes('\n')).map((p) => joinPath(dir, p));
    patchPaths.forEach((p) => patchFiles.add(p));
    const labels: Record<string, string> = { ...(value.commonLabels ?? {}) };
    for (const l of Array.isArray(value.labels) ? value.labels : []) Object.assign(labels, l?.pairs ?? {});
    kustomizations.push({ artifact: a, dir, value, resources, patchFiles: patchPaths, namespace: typeof value.namespace === 'string' ? value.namespace : undefined, commonLabels: labels });
  }
  const byDir = new Map(kustomizations.map((k) => [k.dir, k] as const));
  // For each file: the kustomizations that include it, directly or through bases.
  const includers = new Map<string, Kustomization[]>();
  const includedFiles = (k: Kustomization, seen = new Set<Kustomization>()): string[] => {
    if (seen.has(k)) return [];
    seen.add(k);
    const out: string[] = [];
    for (const r of k.resources) {
      const sub = byDir.get(r);
      if (sub) out.push(...includedFiles(sub, seen));
      else out.push(r);
    }
    return out;
  };
  for (const k of kustomizations) {
    for (const f of includedFiles(k)) {
      let l = includers.get(f);
      if (!l) includers.set(f, (l = []));
      l.push(k);
    }
  }
  let objs: K8sObject[] | undefined;
  v = {
    // Built on first use, from facts kept of each manifest (their YAML is read again only for a
    // position): the view held every manifest's YAML tree for the whole run, and built during the
    // files phase it parsed every manifest ahead of its turn and kept it until then.
    get objects() {
      objs ??= repo.ofKind('kubernetes').flatMap((a) => {
        const f = viewFacts(a);
        return patchFiles.has(a.path) || f.errors ? [] : f.objects.map((o) => viewObject(a, o));
      });
      return objs;
    },
    kustomizations,
    patchFiles,
    kustomizationsOf: (path) => includers.get(path) ?? [],
    namespacesOf(path) {
      const out = new Set<string>();
      for (const k of includers.get(path) ?? []) if (k.namespace) out.add(k.namespace);
      return out;
    },
    labelsOf(path) {
      const out: Record<string, string> = {};
      for (const k of includers.get(path) ?? []) Object.assign(out, k.commonLabels);
      return out;
    },
  };
  viewCache.set(repo, v);
  return v;
}

type ObjectFacts = Omit<K8sObject, 'artifact' | 'doc' | 'at' | 'node'> & { index: number };

/** What the cluster view keeps of a manifest: its objects' facts, not their YAML nodes. */
const viewFacts = keptFact(
  (a) => a.is('kubernetes'),
  (a): { errors: boolean; objects: ObjectFacts[] } => {
    // The tree this file's own rules parse, or (ahead of its turn, or after) a parse not kept.
    const yaml = a.yamlOnce();
    if (yaml.errors.length) return { errors: true, objects: [] };
    const objs = objectCache.get(a) ?? objectsIn(a, plainDocs(yaml));
    return { errors: false, objects: objs.map((o, index) => ({ index, base: o.base, value: o.value, apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.namespace })) };
  },
);

/** An object of the view: its facts, and its YAML nodes from the file read again when a rule points at one. */
function viewObject(artifact: Artifact, f: ObjectFacts): K8sObject {
  const again = (): K8sObject | undefined => objects(artifact)[f.index];
  const whole = (): Node => ({ range: [0, 0, 0] }) as unknown as Node;
  return {
    artifact,
    base: f.base,
    value: f.value,
    apiVersion: f.apiVersion,
    kind: f.kind,
    name: f.name,
    namespace: f.namespace,
    get doc() {
      return again()!.doc;
    },
    at: (...path) => again()?.at(...path) ?? whole(),
    node: (...path) => again()?.node(...path),
  };
}

/**
 * Names of the ServiceAccounts that turn token automounting off, anywhere in the repository; read
 * once per run. Asked from each manifest's rules: only manifests naming the kind are read for it
 * (ahead of their turn: building the whole view there parsed every manifest twice).
 */
export function quietServiceAccounts(repo: Repository): Set<string> {
  return memo(repo, 'kubernetes.quietServiceAccounts', () => {
    const { patchFiles } = clusterView(repo);
    const out = new Set<string>();
    for (const a of repo.ofKind('kubernetes')) {
      if (patchFiles.has(a.path) || !a.text.includes('ServiceAccount')) continue;
      for (const o of viewFacts(a).objects) if (o.kind === 'ServiceAccount' && o.value.automountServiceAccountToken === false) out.add(o.name);
    }
    return out;
  });
}

/** True when the file is a kustomize patch (a partial object) rather than a whole manifest. */
export function isPatchFile(repo: Repository, path: string): boolean {
  return clusterView(repo).patchFiles.has(path);
}

/** The objects of this artifact that rules should judge (none when it is a kustomize patch). */
export function manifestObjects(ctx: { repo: Repository; artifact: Artifact }): K8sObject[] {
  if (isPatchFile(ctx.repo, ctx.artifact.path)) return [];
  return objects(ctx.artifact);
}

/** Whether two objects can be in the same namespace (unknown namespaces are assumed to match). */
export function sameNamespace(view: ClusterView, a: K8sObject, b: K8sObject): boolean {
  const nsA = a.namespace ? new Set([a.namespace]) : view.namespacesOf(a.artifact.path);
  const nsB = b.namespace ? new Set([b.namespace]) : view.namespacesOf(b.artifact.path);
  // kustomize overrides explicit namespaces too
  const kA = view.namespacesOf(a.artifact.path);
  const kB = view.namespacesOf(b.artifact.path);
  const A = kA.size ? kA : nsA;
  const B = kB.size ? kB : nsB;
  if (!A.size || !B.size) return true;
  for (const x of A) if (B.has(x)) return true;
  return false;
}

/** Image reference parts (tag, digest) of a container image string. */
export function imageParts(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const rest = at >= 0 ? image.slice(0, at) : image;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, digest };
}

/** Tag or digest set by kustomize `images:` for an image name, from the kustomizations that include a file. */
export function kustomizeImageTag(repo: Repository, path: string, name: string): string | undefined {
  for (const k of clusterView(repo).kustomizationsOf(path)) {
    const imgs = Array.isArray(k.value.images) ? k.value.images : [];
    for (const i of imgs) if (i?.name === name && (i.newTag || i.digest)) return String(i.digest ?? i.newTag);
  }
  return undefined;
}

/** Objects that scale a workload: HPAs and KEDA ScaledObjects. */
export function scalersOf(view: ClusterView, w: K8sObject): K8sObject[] {
  return view.objects.filter((o) => {
    const ref = o.kind === 'HorizontalPodAutoscaler' ? o.value.spec?.scaleTargetRef : o.kind === 'ScaledObject' ? o.value.spec?.scaleTargetRef : undefined;
    if (!ref) return false;
    const kind = ref.kind ?? 'Deployment';
    return kind === w.kind && ref.name === w.name && sameNamespace(view, o, w);
  });
}


// ---- JSON Schema validation for the vendored Kubernetes schemas ----
// The vendored schemas use a small subset of JSON Schema (type, const, enum, properties, required,
// additionalProperties, items, $ref, anyOf). Interpreting it directly costs microseconds per object,
// where compiling all 245 definitions with ajv costs about 1.5 s per process.

export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type S = {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, S>;
  required?: string[];
  additionalProperties?: boolean | S;
  items?: S;
  anyOf?: S[];
};

function typeOk(t: string, v: unknown): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return !!v && typeof v === 'object' && !Array.isArray(v);
    case 'null':
      return v === null;
    default:
      return true;
  }
}

/** First error of `data` against `schema` (resolving `#/$defs/…` in `defs`), or undefined when valid. */
export function schemaError(schema: S, defs: Record<string, S>, data: unknown, path = ''): SchemaError | undefined {
  let s = schema;
  for (let i = 0; s.$ref && i < 20; i++) s = defs[s.$ref.replace('#/$defs/', '')] ?? {};
  if (s.anyOf) {
    const errs = s.anyOf.map((x) => schemaError(x, defs, data, path));
    if (errs.some((e) => !e)) return undefined;
    return errs.find((e) => e && e.instancePath !== path) ?? { instancePath: path, keyword: 'anyOf', params: {}, message: 'does not match any allowed form' };
  }
  if (s.const !== undefined && data !== s.const) return { instancePath: path, keyword: 'const', params: { allowedValue: s.const } };
  if (s.enum && !s.enum.includes(data)) return { instancePath: path, keyword: 'enum', params: { allowedValues: s.enum } };
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeOk(t, data))) return { instancePath: path, keyword: 'type', params: { type: s.type } };
  }
  if (Array.isArray(data)) {
    if (s.items) {
      for (let i = 0; i < data.length; i++) {
        const e = schemaError(s.items, defs, data[i], `${path}/${i}`);
        if (e) return e;
      }
    }
    return undefined;
  }
  if (data && typeof data === 'object' && (s.properties || s.required || s.additionalProperties !== undefined)) {
    const obj = data as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in obj)) return { instancePath: path, keyword: 'required', params: { missingProperty: r } };
    for (const [k, v] of Object.entries(obj)) {
      const esc = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const ps = s.properties?.[k];
      if (ps) {
        const e = schemaError(ps, defs, v, esc);
        if (e) return e;
      } else if (s.additionalProperties === false) {
        return { instancePath: path, keyword: 'additionalProperties', params: { additionalProperty: k } };
      } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        const e = schemaError(s.additionalProperties, defs, v, esc);
        if (e) return e;
      }
    }
  }
  return undefined;
}
