// GitLab CI: `.gitlab-ci.yml` and the files it includes by local path (wildcards too), jobs with
// `extends:`, `default:`, YAML anchors and `<<` merges resolved, `!reference` tags followed, and the
// nodes of each job and script line kept for positions. Cached per Repository.
import picomatch from 'picomatch';
import { isSeq, type Document, type Scalar, type YAMLMap } from 'yaml';
import type { Artifact, Repository } from '../repo/repository.js';
import { asMap, asScalar, deref, entries, get, items, plain, str, type YNode } from './yaml-nodes.js';

export const GITLAB_RESERVED = new Set([
  'image', 'services', 'stages', 'types', 'before_script', 'after_script', 'variables', 'cache', 'include', 'default', 'workflow', 'spec',
]);

export interface GlScriptLine {
  text: string;
  node?: Scalar;
  file: string;
  part: 'script' | 'before_script' | 'after_script';
}

export interface GlDefinition {
  name: string;
  file: string;
  doc: Document;
  keyNode: Scalar;
  node: YAMLMap;
}

export interface GlJob {
  id: string;
  file: string;
  keyNode: Scalar;
  node: YAMLMap;
  /** The job with `extends:`/`default:` applied, as plain JS. */
  value: Record<string, unknown>;
  scripts: GlScriptLine[];
  stage: string;
  environment?: { name: string; action?: string; url?: string };
  when?: string;
  /** Events the job runs on, normalised. */
  events: Array<{ event: 'push' | 'pull_request' | 'tag' | 'schedule' | 'manual' | 'other'; branches?: string[] }>;
  /** `when: manual` (directly or in a matching rule). */
  manual: boolean;
  needs: string[];
}

export interface GlInclude {
  kind: 'local' | 'template' | 'remote' | 'project' | 'component';
  value: string;
  ref?: string;
  file: string;
  node?: YNode;
}

export interface GlPipeline {
  root: string;
  files: string[];
  jobs: GlJob[];
  includes: GlInclude[];
  stages: string[];
  workflowRules: unknown[];
}

const cache = new WeakMap<Repository, GlPipeline[]>();

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `<<` merge keys left in plain JS by a YAML 1.2 parse are applied here (own keys win). */
export function applyMerges(v: unknown, depth = 0): unknown {
  if (depth > 30) return v;
  if (Array.isArray(v)) return v.map((x) => applyMerges(x, depth + 1));
  if (!isObj(v)) return v;
  const out: Obj = {};
  if ('<<' in v) {
    const m = v['<<'];
    for (const src of Array.isArray(m) ? m : [m]) if (isObj(src)) Object.assign(out, applyMerges(src, depth + 1) as Obj);
  }
  for (const [k, x] of Object.entries(v)) if (k !== '<<') out[k] = applyMerges(x, depth + 1);
  return out;
}

function deepMerge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObj(v) && isObj(out[k]) ? deepMerge(out[k] as Obj, v) : v;
  return out;
}

function docOf(a: Artifact | undefined): Document.Parsed | undefined {
  if (!a || a.skipped !== undefined) return undefined;
  const d = a.yaml.docs.find((x) => x.contents && asMap(x, x.contents));
  // A GitLab file with a `spec:` header has two documents: the jobs are in the last.
  const all = a.yaml.docs.filter((x) => !x.errors.length && asMap(x, x.contents));
  return all.length > 1 ? all[all.length - 1] : d && !d.errors.length ? d : undefined;
}

function readIncludes(doc: Document, node: YNode, file: string): GlInclude[] {
  const out: GlInclude[] = [];
  const list = items(doc, node);
  const one = (n: YNode) => {
    const s = str(doc, n);
    if (s !== undefined) {
      out.push({ kind: /^https?:\/\//.test(s) ? 'remote' : 'local', value: s, file, node: n });
      return;
    }
    const m = asMap(doc, n);
    if (!m) return;
    for (const e of entries(doc, m)) {
      if (e.key === 'local' || e.key === 'template' || e.key === 'remote' || e.key === 'component') {
        const v = str(doc, e.value);
        if (v !== undefined) out.push({ kind: e.key, value: v, file, node: e.value });
      } else if (e.key === 'project') {
        const ref = str(doc, get(doc, m, 'ref'));
        const files = get(doc, m, 'file');
        const names = items(doc, files).map((x) => str(doc, x)).filter(Boolean) as string[];
        const f = str(doc, files);
        out.push({ kind: 'project', value: `${str(doc, e.value)}:${f ?? names.join(',')}`, ref, file, node: e.value });
      }
    }
  };
  if (list.length) list.forEach(one);
  else one(node);
  return out;
}

/** Every GitLab pipeline of the repository (normally one, rooted at `.gitlab-ci.yml`). */
export function gitlabPipelines(repo: Repository): GlPipeline[] {
  const hit = cache.get(repo);
  if (hit) return hit;
  const ciFiles = repo.ofKind('gitlab-ci');
  const roots = repo.get('.gitlab-ci.yml') ? [repo.get('.gitlab-ci.yml')!] : ciFiles;
  const pipelines: GlPipeline[] = [];
  const includedSomewhere = new Set<string>();
  const queue = [...roots];
  const built = new Set<string>();
  while (queue.length && pipelines.length < 20) {
    const root = queue.shift()!;
    if (includedSomewhere.has(root.path) || built.has(root.path)) continue;
    built.add(root.path);
    const p = buildPipeline(repo, root);
    if (!p) continue;
    p.files.slice(1).forEach((f) => includedSomewhere.add(f));
    pipelines.push(p);
    // Child pipelines: `trigger: {include: ci/child.yml}` or `trigger: {include: [{local: …}]}`.
    for (const j of p.jobs) {
      const t = j.value.trigger;
      const inc = isObj(t) ? t.include : undefined;
      for (const item of Array.isArray(inc) ? inc : inc !== undefined ? [inc] : []) {
        const path = typeof item === 'string' ? item : isObj(item) && typeof item.local === 'string' ? item.local : undefined;
        const a = path ? repo.get(path.replace(/^\/+/, '')) : undefined;
        if (a) queue.push(a);
      }
    }
  }
  cache.set(repo, pipelines);
  return pipelines;
}

function buildPipeline(repo: Repository, rootArtifact: Artifact): GlPipeline | undefined {
  const files: string[] = [];
  const includes: GlInclude[] = [];
  const defs = new Map<string, GlDefinition>();
  let top: Obj = {};
  const visit = (a: Artifact, depth: number) => {
    if (files.includes(a.path) || depth > 10) return;
    const doc = docOf(a);
    const root = doc ? asMap(doc, doc.contents) : undefined;
    if (!doc || !root) return;
    files.push(a.path);
    const inc = readIncludes(doc, get(doc, root, 'include'), a.path);
    includes.push(...inc);
    // Included files are merged first; the including file's keys win.
    for (const i of inc) {
      if (i.kind !== 'local') continue;
      const path = i.value.replace(/^\/+/, '').replace(/^\.\//, '');
      if (/[*?[]/.test(path)) {
        const match = picomatch(path, { dot: true });
        for (const other of repo.artifacts.filter((x) => match(x.path)).sort((x, y) => (x.path < y.path ? -1 : 1))) visit(other, depth + 1);
      } else {
        const other = repo.get(path);
        if (other) visit(other, depth + 1);
      }
    }
    const value = applyMerges(plain(doc, root));
    if (isObj(value)) {
      const { include: _i, ...rest } = value;
      top = deepMerge(top, rest);
    }
    for (const e of entries(doc, root)) {
      const m = asMap(doc, e.value);
      if (!m || GITLAB_RESERVED.has(e.key)) continue;
      defs.set(e.key, { name: e.key, file: a.path, doc, keyNode: e.keyNode, node: m });
    }
  };
  visit(rootArtifact, 0);
  if (!files.length) return undefined;

  const defaults = isObj(top.default) ? (top.default as Obj) : {};
  const legacyDefaults: Obj = {};
  for (const k of ['image', 'services', 'before_script', 'after_script', 'cache']) if (k in top) legacyDefaults[k] = top[k];
  const stages = Array.isArray(top.stages) ? (top.stages as unknown[]).map(String) : ['.pre', 'build', 'test', 'deploy', '.post'];
  const workflowRules = isObj(top.workflow) && Array.isArray((top.workflow as Obj).rules) ? ((top.workflow as Obj).rules as unknown[]) : [];
  const mrPipelines = JSON.stringify(workflowRules).includes('merge_request_event');

  // `extends:` chain, most distant ancestor first.
  const chain = (name: string, seen = new Set<string>()): string[] => {
    if (seen.has(name) || seen.size > 10) return [];
    seen.add(name);
    const v = top[name];
    const ext = isObj(v) ? v.extends : undefined;
    const parents = Array.isArray(ext) ? ext.map(String) : ext !== undefined ? [String(ext)] : [];
    return [...parents.flatMap((p) => chain(p, seen)), name];
  };

  const jobs: GlJob[] = [];
  for (const [name, def] of defs) {
    if (name.startsWith('.')) continue;
    const own = top[name];
    if (!isObj(own)) continue;
    const lineage = chain(name);
    let value: Obj = deepMerge(legacyDefaults, defaults);
    for (const n of lineage) if (isObj(top[n])) value = deepMerge(value, top[n] as Obj);
    delete value.extends;
    if (!('script' in value) && !('trigger' in value) && !('run' in value)) continue;
    const scripts: GlScriptLine[] = [];
    for (const part of ['before_script', 'script', 'after_script'] as const) {
      // The definition that supplies this key: the nearest in the chain; else `default:`.
      const from = [...lineage].reverse().map((n) => defs.get(n)).find((d) => d && get(d.doc, d.node, part) !== undefined);
      if (from) scripts.push(...scriptLines(from.doc, get(from.doc, from.node, part), from.file, part, defs));
      else if (value[part] !== undefined) for (const t of flat(value[part])) scripts.push({ text: t, file: def.file, part });
    }
    const env = value.environment;
    const environment = typeof env === 'string' ? { name: env } : isObj(env) && env.name !== undefined ? { name: String(env.name), action: env.action as string | undefined, url: env.url as string | undefined } : undefined;
    const { events, manual } = jobEvents(value, mrPipelines);
    jobs.push({
      id: name,
      file: def.file,
      keyNode: def.keyNode,
      node: def.node,
      value,
      scripts,
      stage: typeof value.stage === 'string' ? value.stage : 'test',
      environment,
      when: typeof value.when === 'string' ? value.when : undefined,
      events,
      manual,
      needs: Array.isArray(value.needs) ? value.needs.map((n) => (isObj(n) ? String(n.job) : String(n))) : [],
    });
  }
  return { root: rootArtifact.path, files, jobs, includes, stages, workflowRules };
}

function flat(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(flat);
  return v === undefined || v === null ? [] : [String(v)];
}

function scriptLines(doc: Document, node: YNode, file: string, part: GlScriptLine['part'], defs: Map<string, GlDefinition>, depth = 0): GlScriptLine[] {
  const n = deref(doc, node);
  if (!n) return [];
  const s = asScalar(doc, n);
  if (s) return [{ text: String(s.value ?? ''), node: s, file, part }];
  if (!isSeq(n)) return [];
  // `!reference [.job, script]`
  if (n.tag === '!reference' && depth < 5) {
    const [job, key] = n.items.map((i) => str(doc, i));
    const d = job ? defs.get(job) : undefined;
    return d && key ? scriptLines(d.doc, get(d.doc, d.node, key), d.file, part, defs, depth + 1) : [];
  }
  return n.items.flatMap((i) => scriptLines(doc, i as YNode, file, part, defs, depth + 1));
}

type GlEvent = GlJob['events'][number];

function jobEvents(value: Obj, mrPipelines: boolean): { events: GlEvent[]; manual: boolean } {
  const events: GlEvent[] = [];
  let manual = value.when === 'manual';
  if (Array.isArray(value.rules)) {
    for (const r of value.rules) {
      if (!isObj(r)) continue;
      if (r.when === 'never') continue;
      if (r.when === 'manual') manual = true;
      const cond = typeof r.if === 'string' ? r.if : '';
      if (!cond) {
        events.push({ event: 'push' }, { event: 'tag' });
        if (mrPipelines) events.push({ event: 'pull_request' });
        continue;
      }
      if (/merge_request_event|CI_MERGE_REQUEST_/.test(cond)) events.push({ event: 'pull_request' });
      if (/\$CI_COMMIT_TAG\b(?!\s*==\s*null)/.test(cond)) events.push({ event: 'tag' });
      if (/schedule/.test(cond)) events.push({ event: 'schedule' });
      if (/"web"|'web'|\bweb\b/.test(cond) && /PIPELINE_SOURCE/.test(cond)) events.push({ event: 'manual' });
      const branch = /\$CI_COMMIT_(?:BRANCH|REF_NAME)\s*==\s*(?:"([^"]+)"|'([^']+)'|(\$CI_DEFAULT_BRANCH))/.exec(cond);
      if (branch) events.push({ event: 'push', branches: [branch[1] ?? branch[2] ?? 'main'] });
      else if (/\$CI_COMMIT_BRANCH\b/.test(cond) || /PIPELINE_SOURCE\s*==\s*["']push["']/.test(cond)) events.push({ event: 'push' });
    }
    return { events, manual };
  }
  const only = value.only;
  const refs = Array.isArray(only) ? only : isObj(only) && Array.isArray(only.refs) ? only.refs : undefined;
  if (refs) {
    const branches: string[] = [];
    for (const r of refs.map(String)) {
      if (r === 'merge_requests') events.push({ event: 'pull_request' });
      else if (r === 'tags') events.push({ event: 'tag' });
      else if (r === 'branches' || r === 'pushes') events.push({ event: 'push' });
      else if (r === 'schedules') events.push({ event: 'schedule' });
      else if (r === 'web' || r === 'api' || r === 'triggers') events.push({ event: 'manual' });
      else branches.push(r.replace(/^\/|\/$/g, ''));
    }
    if (branches.length) events.push({ event: 'push', branches });
    return { events, manual };
  }
  events.push({ event: 'push' }, { event: 'tag' });
  if (mrPipelines) events.push({ event: 'pull_request' });
  return { events, manual };
}
