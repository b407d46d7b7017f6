// Prometheus rule files (plain `groups:` files and PrometheusRule objects), Prometheus configs and
// Alertmanager configs, read from the parsed YAML with every node kept for positions.
import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import type { Artifact, Repository } from '../repo/repository.js';

export type YNode = Node;

/** A key's value node in a YAML map, or undefined. */
export function getNode(map: unknown, key: string): YNode | undefined {
  if (!isMap(map)) return undefined;
  return (map.get(key, true) as YNode | undefined) ?? undefined;
}

/** The key node of a map entry (for pointing at `for:` and friends). */
export function keyNode(map: unknown, key: string): YNode | undefined {
  if (!isMap(map)) return undefined;
  for (const p of map.items) if (isScalar(p.key) && p.key.value === key) return p.key as YNode;
  return undefined;
}

/** A scalar's string value (numbers and booleans stringified), else undefined. */
export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** Entries of a YAML map as [key, keyNode, valueNode]. */
export function entries(map: unknown): Array<[string, YNode, YNode | undefined]> {
  if (!isMap(map)) return [];
  const out: Array<[string, YNode, YNode | undefined]> = [];
  for (const p of map.items) {
    if (isScalar(p.key)) out.push([String(p.key.value), p.key as YNode, (p.value ?? undefined) as YNode | undefined]);
  }
  return out;
}

export function seqItems(node: unknown): YNode[] {
  return isSeq(node) ? (node.items as YNode[]) : [];
}

export interface PromRule {
  kind: 'alert' | 'record';
  name: string;
  /** The whole rule map. */
  node: YAMLMap;
  nameNode: YNode;
  expr?: string;
  exprNode?: YNode;
  forNode?: YNode;
  labels: Record<string, string>;
  labelNodes: Record<string, YNode>;
  labelsNode?: YNode;
  annotations: Record<string, string>;
  annotationNodes: Record<string, YNode>;
  group: string;
  doc: Document.Parsed;
}

export interface PromGroup {
  name: string;
  node: YAMLMap;
  rules: PromRule[];
}

function readMapStrings(node: unknown): { values: Record<string, string>; nodes: Record<string, YNode> } {
  const values: Record<string, string> = {};
  const nodes: Record<string, YNode> = {};
  for (const [k, , v] of entries(node)) {
    const s = scalarString(v);
    if (s !== undefined) values[k] = s;
    if (v) nodes[k] = v;
  }
  return { values, nodes };
}

/** The `groups:` sequence of each document: top level, or `spec.groups` of a PrometheusRule. */
function groupSeqs(doc: Document.Parsed): YNode[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const top = getNode(root, 'groups');
  if (top) return [top];
  if (scalarString(getNode(root, 'kind')) === 'PrometheusRule') {
    const g = getNode(getNode(root, 'spec'), 'groups');
    if (g) return [g];
  }
  return [];
}

/** Every group and rule of a rules file, with nodes. */
export function ruleGroups(artifact: Artifact): PromGroup[] {
  const out: PromGroup[] = [];
  for (const { doc } of artifact.yamlDocs()) {
    for (const seq of groupSeqs(doc)) {
      for (const g of seqItems(seq)) {
        if (!isMap(g)) continue;
        const group: PromGroup = { name: scalarString(getNode(g, 'name')) ?? '', node: g, rules: [] };
        for (const r of seqItems(getNode(g, 'rules'))) {
          if (!isMap(r)) continue;
          const alertNode = getNode(r, 'alert');
          const recordNode = getNode(r, 'record');
          const nameNode = alertNode ?? recordNode;
          if (!nameNode) continue;
          const exprNode = getNode(r, 'expr');
          const labels = readMapStrings(getNode(r, 'labels'));
          const annotations = readMapStrings(getNode(r, 'annotations'));
          group.rules.push({
            kind: alertNode ? 'alert' : 'record',
            name: scalarString(nameNode) ?? '',
            node: r,
            nameNode,
            expr: scalarString(exprNode),
            exprNode,
            forNode: getNode(r, 'for'),
            labels: labels.values,
            labelNodes: labels.nodes,
            labelsNode: getNode(r, 'labels'),
            annotations: annotations.values,
            annotationNodes: annotations.nodes,
            group: group.name,
            doc,
          });
        }
        out.push(group);
      }
    }
  }
  return out;
}

/** All rules of the repository's rule files. */
export function allRules(repo: Repository): Array<{ artifact: Artifact; rule: PromRule }> {
  const out: Array<{ artifact: Artifact; rule: PromRule }> = [];
  for (const a of repo.ofKind('prometheus-rules')) {
    if (a.yaml.errors.length) continue;
    for (const g of ruleGroups(a)) for (const rule of g.rules) out.push({ artifact: a, rule });
  }
  return out;
}

/** P1–P4 priority convention (seed 002's alert levels). */
export const PRIORITY = /^P[1-4]$/;
export const SEVERITY_WORDS = new Set(['critical', 'high', 'error', 'warning', 'medium', 'low', 'info', 'page', 'ticket', 'none']);

/** The first document's root map of a YAML/JSON artifact. */
export function rootMap(artifact: Artifact): YAMLMap | undefined {
  for (const { doc } of artifact.yamlDocs()) if (isMap(doc.contents)) return doc.contents as YAMLMap;
  return undefined;
}

/** Resolve a path written in a config file: relative to that file's directory. */
export function resolveFrom(file: string, target: string): string {
  const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const parts = (target.startsWith('/') ? target.slice(1) : base ? `${base}/${target}` : target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}

/** Does any file of the repository match a glob-ish path (supports `*` and `**` in segments)? */
export function matchingPaths(repo: Repository, pattern: string): string[] {
  if (!/[*?[]/.test(pattern)) return repo.exists(pattern) ? [pattern] : [];
  const re = new RegExp(
    '^' +
      pattern
        .split('/')
        .map((seg) => (seg === '**' ? '(?:.*/)?' : seg.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '/'))
        .join('')
        .replace(/\/$/, '')
        .replace(/\(\?:\.\*\/\)\?\//g, '(?:.*/)?') +
      '$',
  );
  const all = new Set([...repo.allPaths, ...repo.artifacts.map((a) => a.path)]);
  return [...all].filter((p) => re.test(p));
}

export interface ScrapeJob {
  name: string;
  node: YAMLMap;
  nameNode?: YNode;
  /** Static targets. */
  targets: string[];
  /** True when targets come from service discovery (`kubernetes_sd_configs`, …). */
  discovered: boolean;
  metricsPath?: string;
}

/** The scrape jobs of a Prometheus config. */
export function scrapeJobs(artifact: Artifact): ScrapeJob[] {
  const root = rootMap(artifact);
  const out: ScrapeJob[] = [];
  for (const j of seqItems(getNode(root, 'scrape_configs'))) {
    if (!isMap(j)) continue;
    const targets: string[] = [];
    for (const sc of seqItems(getNode(j, 'static_configs'))) for (const t of seqItems(getNode(sc, 'targets'))) targets.push(scalarString(t) ?? '');
    const discovered = entries(j).some(([k]) => k.endsWith('_sd_configs'));
    out.push({ name: scalarString(getNode(j, 'job_name')) ?? '', node: j, nameNode: getNode(j, 'job_name'), targets, discovered, metricsPath: scalarString(getNode(j, 'metrics_path')) });
  }
  return out;
}

/** Jobs that collect infrastructure metrics rather than the application's own. */
export const INFRA_JOB = /node|kube-state|kube_state|cadvisor|kubelet|kubernetes-nodes|apiserver|blackbox|windows|process-exporter|postgres|mysql|redis|exporter/i;
/** Jobs that are the monitoring stack itself. */
export const SELF_JOB = /^(prometheus|alertmanager|grafana|loki|promtail|pushgateway|otel-collector|jaeger|tempo)$/i;

export function isInfraJob(j: ScrapeJob): boolean {
  return INFRA_JOB.test(j.name) || j.targets.some((t) => /node-exporter|kube-state-metrics|cadvisor|:9100$/.test(t));
}
export function isAppJob(j: ScrapeJob): boolean {
  return !isInfraJob(j) && !SELF_JOB.test(j.name) && !j.targets.every((t) => /^(localhost|127\.0\.0\.1):9090$/.test(t) && j.targets.length > 0);
}

/** Prometheus durations (`15s`, `1m30s`) in milliseconds; undefined when not a duration. */
export function durationMs(s: string | undefined): number | undefined {
  if (!s || !/^(\d+(ms|s|m|h|d|w|y))+$/.test(s)) return undefined;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
  let total = 0;
  for (const m of s.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}
