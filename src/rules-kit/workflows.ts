// GitHub Actions workflows and composite actions, read from the YAML Document with their nodes kept
// (for file:line:col findings). One parse per artifact, cached. Also: `uses:` references and the
// pinned-actions data (data/github-actions.json, the single source of SHAs).
import { ArtifactCache } from './memo.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Document, Node, Scalar, YAMLMap } from 'yaml';
import type { Artifact } from '../repo/repository.js';
import { PACKAGE_ROOT } from '../schemas.js';
import { parseScript, type Script } from './ci-script.js';
import { asMap, entries, get, getStr, items, keyNode, plain, str, strings, asScalar, type YNode } from './yaml-nodes.js';

export interface GhStep {
  index: number;
  node: YAMLMap;
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  usesNode?: Scalar;
  run?: string;
  runNode?: Scalar;
  shell?: string;
  with: Record<string, unknown>;
  withNode?: YAMLMap;
  env: Record<string, unknown>;
  envNode?: YAMLMap;
  /** The `run:` script parsed as shell (empty for non-shell `shell:`). */
  script?: Script;
}

export interface GhJob {
  id: string;
  keyNode: Scalar;
  node: YAMLMap;
  name?: string;
  /** Reusable workflow call (`jobs.<id>.uses`). */
  uses?: string;
  usesNode?: Scalar;
  steps: GhStep[];
  needs: string[];
  environment?: { name: string; node: Node; url?: string };
  permissions?: YNode;
  permissionsKey?: Scalar;
  runsOn: string[];
  runsOnNode?: YNode;
  timeoutMinutes?: YNode;
  concurrency?: YNode;
  if?: string;
  secretsNode?: YNode;
  withValue: Record<string, unknown>;
  env: Record<string, unknown>;
  /** `strategy.matrix` as plain JS. */
  matrix?: Record<string, unknown>;
}

export interface GhTrigger {
  event: string;
  keyNode?: Node;
  value: Record<string, unknown>;
}

export interface GhWorkflow {
  artifact: Artifact;
  doc: Document.Parsed;
  root: YAMLMap;
  name?: string;
  triggers: GhTrigger[];
  onNode?: YNode;
  permissions?: YNode;
  permissionsKey?: Scalar;
  concurrency?: YNode;
  env: Record<string, unknown>;
  jobs: GhJob[];
  jobsNode?: YAMLMap;
}

export interface GhAction {
  artifact: Artifact;
  doc: Document.Parsed;
  root: YAMLMap;
  using?: string;
  steps: GhStep[];
  inputs: string[];
}

const workflowCache = new ArtifactCache<GhWorkflow | null>();
const actionCache = new ArtifactCache<GhAction | null>();

function firstDoc(a: Artifact): Document.Parsed | undefined {
  if (a.skipped !== undefined) return undefined;
  const d = a.yaml.docs[0];
  if (!d || d.errors.length) return undefined;
  return d;
}

function record(doc: Document, node: YNode): Record<string, unknown> {
  const v = plain(doc, node);
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function readSteps(doc: Document, node: YNode): GhStep[] {
  return items(doc, node).flatMap((s, index) => {
    const m = asMap(doc, s);
    if (!m) return [];
    const runNode = asScalar(doc, get(doc, m, 'run'));
    const usesNode = asScalar(doc, get(doc, m, 'uses'));
    const shell = getStr(doc, m, 'shell');
    const run = runNode ? str(doc, runNode) : undefined;
    const withNode = asMap(doc, get(doc, m, 'with'));
    const envNode = asMap(doc, get(doc, m, 'env'));
    const step: GhStep = {
      index,
      node: m,
      name: getStr(doc, m, 'name'),
      id: getStr(doc, m, 'id'),
      if: getStr(doc, m, 'if'),
      uses: usesNode ? str(doc, usesNode) : undefined,
      usesNode,
      run,
      runNode,
      shell,
      with: record(doc, withNode),
      withNode,
      env: record(doc, envNode),
      envNode,
    };
    if (run !== undefined) step.script = parseScript(run, shell);
    return [step];
  });
}

/** The workflow of a `github-workflow` artifact, or undefined when it is not a mapping. */
export function workflowOf(a: Artifact): GhWorkflow | undefined {
  const hit = workflowCache.get(a);
  if (hit !== undefined) return hit ?? undefined;
  const doc = firstDoc(a);
  const root = doc ? asMap(doc, doc.contents) : undefined;
  if (!doc || !root) {
    workflowCache.set(a, null);
    return undefined;
  }
  const onNode = get(doc, root, 'on') ?? get(doc, root, 'true');
  const triggers: GhTrigger[] = [];
  const onScalar = asScalar(doc, onNode);
  if (onScalar) triggers.push({ event: String(onScalar.value), keyNode: onScalar, value: {} });
  for (const it of items(doc, onNode)) {
    const s = asScalar(doc, it);
    if (s) triggers.push({ event: String(s.value), keyNode: s, value: {} });
  }
  for (const e of entries(doc, asMap(doc, onNode))) triggers.push({ event: e.key, keyNode: e.keyNode, value: record(doc, e.value) });
  const jobsNode = asMap(doc, get(doc, root, 'jobs'));
  const jobs: GhJob[] = entries(doc, jobsNode).flatMap(({ key, keyNode: k, value }) => {
    const j = asMap(doc, value);
    if (!j) return [];
    const envNode = get(doc, j, 'environment');
    let environment: GhJob['environment'];
    const envScalar = str(doc, envNode);
    if (envScalar !== undefined && envNode) environment = { name: envScalar, node: envNode };
    else if (envNode && asMap(doc, envNode)) {
      const name = getStr(doc, asMap(doc, envNode), 'name');
      if (name !== undefined) environment = { name, node: envNode, url: getStr(doc, asMap(doc, envNode), 'url') };
    }
    const usesNode = asScalar(doc, get(doc, j, 'uses'));
    const runsOnNode = get(doc, j, 'runs-on');
    const runsOnMap = asMap(doc, runsOnNode);
    const matrix = plain(doc, get(doc, asMap(doc, get(doc, j, 'strategy')), 'matrix'));
    return [
      {
        id: key,
        keyNode: k,
        node: j,
        name: getStr(doc, j, 'name'),
        uses: usesNode ? str(doc, usesNode) : undefined,
        usesNode,
        steps: readSteps(doc, get(doc, j, 'steps')),
        needs: strings(doc, get(doc, j, 'needs')),
        environment,
        permissions: get(doc, j, 'permissions'),
        permissionsKey: keyNode(doc, j, 'permissions'),
        runsOn: runsOnMap ? [...strings(doc, get(doc, runsOnMap, 'labels')), ...strings(doc, get(doc, runsOnMap, 'group'))] : strings(doc, runsOnNode),
        runsOnNode,
        timeoutMinutes: get(doc, j, 'timeout-minutes'),
        concurrency: get(doc, j, 'concurrency'),
        if: getStr(doc, j, 'if'),
        secretsNode: get(doc, j, 'secrets'),
        withValue: record(doc, get(doc, j, 'with')),
        env: record(doc, get(doc, j, 'env')),
        matrix: matrix && typeof matrix === 'object' && !Array.isArray(matrix) ? (matrix as Record<string, unknown>) : undefined,
      },
    ];
  });
  const wf: GhWorkflow = {
    artifact: a,
    doc,
    root,
    name: getStr(doc, root, 'name'),
    triggers,
    onNode,
    permissions: get(doc, root, 'permissions'),
    permissionsKey: keyNode(doc, root, 'permissions'),
    concurrency: get(doc, root, 'concurrency'),
    env: record(doc, get(doc, root, 'env')),
    jobs,
    jobsNode,
  };
  workflowCache.set(a, wf);
  return wf;
}

/** A composite (or other) action's `action.yml`. */
export function actionOf(a: Artifact): GhAction | undefined {
  const hit = actionCache.get(a);
  if (hit !== undefined) return hit ?? undefined;
  const doc = firstDoc(a);
  const root = doc ? asMap(doc, doc.contents) : undefined;
  if (!doc || !root) {
    actionCache.set(a, null);
    return undefined;
  }
  const runs = asMap(doc, get(doc, root, 'runs'));
  const out: GhAction = {
    artifact: a,
    doc,
    root,
    using: getStr(doc, runs, 'using'),
    steps: readSteps(doc, get(doc, runs, 'steps')),
    inputs: entries(doc, asMap(doc, get(doc, root, 'inputs'))).map((e) => e.key),
  };
  actionCache.set(a, out);
  return out;
}

export function hasTrigger(wf: GhWorkflow, ...events: string[]): boolean {
  return wf.triggers.some((t) => events.includes(t.event));
}

// ---------------------------------------------------------------------------------------------
// `uses:` references

export interface UsesRef {
  kind: 'local' | 'docker' | 'remote';
  /** `owner/repo[/path]` for remote, the path for local, the image for docker. */
  name: string;
  owner?: string;
  repo?: string;
  /** `owner/repo` */
  slug?: string;
  path?: string;
  ref?: string;
  /** Pinned to a full commit SHA. */
  pinnedSha: boolean;
  /** A reusable workflow (`…/.github/workflows/x.yml@ref`). */
  workflow: boolean;
}

// A `uses:` value is a reference string: a regular expression is fine here.
const REMOTE = /^(?<owner>[\w.-]+)\/(?<repo>[\w.-]+)(?:\/(?<path>[^@]+))?@(?<ref>.+)$/;

export function parseUses(value: string): UsesRef | undefined {
  const v = value.trim();
  if (v.startsWith('./') || v.startsWith('../')) return { kind: 'local', name: v.replace(/^\.\//, '').replace(/\/$/, ''), pinnedSha: true, workflow: /\.ya?ml$/.test(v) };
  if (v.startsWith('docker://')) {
    const image = v.slice('docker://'.length);
    return { kind: 'docker', name: image, pinnedSha: /@sha256:[a-f0-9]{64}$/.test(image), workflow: false };
  }
  const m = REMOTE.exec(v);
  if (!m?.groups) return undefined;
  const { owner, repo, path, ref } = m.groups;
  return {
    kind: 'remote',
    name: `${owner}/${repo}${path ? `/${path}` : ''}`,
    owner,
    repo,
    slug: `${owner}/${repo}`,
    path,
    ref,
    pinnedSha: /^[0-9a-f]{40}$/.test(ref),
    workflow: Boolean(path && /\.github\/workflows\/[^/]+\.ya?ml$/.test(path)),
  };
}

/** The action's name without ref, lower-cased (`actions/checkout`, `github/codeql-action/init`). */
export function actionName(uses: string | undefined): string | undefined {
  if (!uses) return undefined;
  const r = parseUses(uses);
  return r?.kind === 'remote' ? r.name.toLowerCase() : undefined;
}

// ---------------------------------------------------------------------------------------------
// Pinned actions: data/github-actions.json

export interface ActionPinInfo {
  repo: string;
  tag: string;
  sha: string;
  major: string;
  majorSameCommit: boolean;
  using: string;
  inputs: Record<string, { required?: boolean; default?: unknown }>;
}

let pins: Record<string, ActionPinInfo> | undefined;

export function knownActions(): Record<string, ActionPinInfo> {
  if (!pins) {
    try {
      pins = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'data', 'github-actions.json'), 'utf8')) as { actions: Record<string, ActionPinInfo> }).actions;
    } catch {
      pins = {};
    }
  }
  return pins;
}

export function knownAction(name: string): ActionPinInfo | undefined {
  const all = knownActions();
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(all)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Expressions

/** Every `${{ … }}` in a string, with its offset and inner text. */
export function expressions(text: string): Array<{ offset: number; length: number; inner: string }> {
  const out: Array<{ offset: number; length: number; inner: string }> = [];
  // Expressions inside a value: a regular expression is fine here.
  for (const m of text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) out.push({ offset: m.index!, length: m[0].length, inner: m[1].trim() });
  return out;
}

export function isSecretRef(inner: string): boolean {
  return /\bsecrets\.[A-Za-z_]/.test(inner) || /\bsecrets\[/.test(inner);
}

// ---------------------------------------------------------------------------------------------
// Steps of a workflow or a composite action, for file-scope rules

export interface FileStep {
  step: GhStep;
  job?: GhJob;
}

/** Every step of a `github-workflow` or `github-action` artifact, with its job. */
export function fileSteps(a: Artifact): { doc: Document.Parsed; steps: FileStep[]; workflow?: GhWorkflow; action?: GhAction } | undefined {
  if (a.is('github-workflow')) {
    const wf = workflowOf(a);
    if (!wf) return undefined;
    // A step reused through a YAML alias (`- *checkout`) is the same node: visit it once.
    const seen = new Set<object>();
    const steps = wf.jobs.flatMap((job) => job.steps.map((step) => ({ step, job }))).filter(({ step }) => !seen.has(step.node) && (seen.add(step.node), true));
    return { doc: wf.doc, workflow: wf, steps };
  }
  if (a.is('github-action')) {
    const action = actionOf(a);
    if (!action) return undefined;
    return { doc: action.doc, action, steps: action.steps.map((step) => ({ step })) };
  }
  return undefined;
}

/** Where a `uses:`-step's input is, for findings (the value node, else the step). */
export function withValueNode(doc: Document, step: GhStep, key: string): Node | undefined {
  const n = step.withNode ? get(doc, step.withNode, key) : undefined;
  return (n as Node | undefined) ?? undefined;
}
