// Prometheus rule files (plain `groups:` files and PrometheusRule objects), Prometheus configs and
// Alertmanager configs, read from the parsed YAML with every node kept for positions.
import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import type { Artifact, Repository } from '../repo/repository.js';
import { keptFact } from '../repo/kept-facts.js';
import { cleanDocs } from '../repo/parsers/yaml.js';
import { ArtifactCache, memo } from './memo.js';

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
  return memo(artifact, 'prometheus.ruleGroups', () => readRuleGroups(artifact));
}

function readRuleGroups(artifact: Artifact): PromGroup[] {
  return groupsOf(cleanDocs(artifact.yaml));
}

function groupsOf(docs: Document.Parsed[]): PromGroup[] {
  const out: PromGroup[] = [];
  for (const doc of docs) {
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

/** What repository-wide readers know of a rule: its words, and where its name is (no YAML tree). */
export interface RuleFacts {
  kind: 'alert' | 'record';
  name: string;
  expr?: string;
  labels: Record<string, string>;
  group: string;
  /** The name's extent, as a YAML node's `range` (rules point findings at it). */
  nameNode: { range: [number, number, number] };
}

/** A rules file's rules as facts, taken while the file is parsed and kept for the run. */
const ruleFacts = keptFact(
  (a) => a.is('prometheus-rules'),
  (a): RuleFacts[] => {
    const yaml = a.yamlOnce();
    if (yaml.errors.length) return [];
    const groups = groupsOf(cleanDocs(yaml));
    return groups.flatMap((g) =>
      g.rules.map((r) => ({ kind: r.kind, name: r.name, expr: r.expr, labels: r.labels, group: r.group, nameNode: { range: (r.nameNode.range ?? [0, 0, 0]) as [number, number, number] } })),
    );
  },
);

/**
 * All rules of the repository's rule files, as facts: built from the first file's rules, it held
 * every rules file's YAML tree for the run and parsed the others ahead of their turn.
 */
export function allRules(repo: Repository): Array<{ artifact: Artifact; rule: RuleFacts }> {
  return memo(repo, 'prometheus.allRules', () => repo.ofKind('prometheus-rules').flatMap((a) => ruleFacts(a).map((rule) => ({ artifact: a, rule }))));
}

/** P1–P4 priority convention (seed 002's alert levels). */
export const PRIORITY = /^P[1-4]$/;
export const SEVERITY_WORDS = new Set(['critical', 'high', 'error', 'warning', 'medium', 'low', 'info', 'page', 'ticket', 'none']);

/** The first document's root map of a YAML/JSON artifact. */
export function rootMap(artifact: Artifact): YAMLMap | undefined {
  for (const doc of cleanDocs(artifact.yaml)) if (isMap(doc.contents)) return doc.contents as YAMLMap;
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
  // A job scraping only localhost:9090 is Prometheus itself; a job with no static targets (service discovery) is not.
  return !isInfraJob(j) && !SELF_JOB.test(j.name) && !(j.targets.length > 0 && j.targets.every((t) => /^(localhost|127\.0\.0\.1):9090$/.test(t)));
}

/** Prometheus durations (`15s`, `1m30s`) in milliseconds; undefined when not a duration. */
export function durationMs(s: string | undefined): number | undefined {
  if (!s || !/^(\d+(ms|s|m|h|d|w|y))+$/.test(s)) return undefined;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
  let total = 0;
  for (const m of s.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}

// ---- what the repository collects, from every place it can be declared ----

import { allBlocks, attribute, stringValue, type HclBodySpan, type HclNode } from '../repo/parsers/hcl.js';
import { tfFacts } from './terraform.js';

export interface TfResource {
  artifact: Artifact;
  type: string;
  name: string;
  node: HclNode;
  body: HclNode | null;
}

const resourcesOf = new ArtifactCache<TfResource[]>();

/** The `resource` and `module` blocks of one Terraform file, walked once per run. */
export function tfResourcesIn(a: Artifact): TfResource[] {
  let out = resourcesOf.get(a);
  if (out) return out;
  out = [];
  resourcesOf.set(a, out);
  let root: HclNode;
  try {
    if (a.hcl.errors.length) return out;
    root = a.hcl.root;
  } catch {
    return out;
  }
  out.push(...resourcesUnder(a, root));
  return out;
}

function resourcesUnder(a: Artifact, root: HclNode | HclBodySpan): TfResource[] {
  const out: TfResource[] = [];
  for (const b of allBlocks(root)) {
    if (b.type === 'resource' && b.labels.length >= 2) out.push({ artifact: a, type: b.labels[0], name: b.labels[1], node: b.node, body: b.body });
    if (b.type === 'module') {
      const src = attribute(b.node, 'source');
      out.push({ artifact: a, type: `module:${(src && stringValue(src.value)) ?? ''}`, name: b.labels[0] ?? '', node: b.node, body: b.body });
    }
  }
  return out;
}

/** Every `resource` block of the repository's Terraform, from the files' compact facts (nodes are spans). */
export function tfResources(repo: Repository): TfResource[] {
  return memo(repo, 'prometheus.tfResources', () =>
    repo.ofKind('terraform').flatMap((a) => {
      try {
        const f = tfFacts(a);
        return f.errors ? [] : resourcesUnder(a, f.root);
      } catch {
        return [];
      }
    }),
  );
}

/** A plain-JS walk over parsed YAML/JSON values. */
export function walkValue(v: unknown, visit: (key: string, value: unknown, parent: unknown) => void, depth = 0): void {
  if (depth > 40 || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) walkValue(x, visit, depth + 1);
    return;
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    visit(k, x, v);
    walkValue(x, visit, depth + 1);
  }
}

export interface Sighting {
  what: string;
  file: string;
  line?: number;
}

type ImageKind = 'compose' | 'kubernetes' | 'helm-values';
const IMAGE_KINDS: ImageKind[] = ['compose', 'kubernetes', 'helm-values'];
interface ImageRef {
  image: string;
  file: string;
  name: string;
}

/** One file's container images, by the kind it is read as (a file may be two). */
const imagesIn = keptFact(
  (a) => IMAGE_KINDS.some((k) => a.is(k)),
  (a): Partial<Record<ImageKind, ImageRef[]>> => {
    const out: Partial<Record<ImageKind, ImageRef[]>> = {};
    for (const kind of IMAGE_KINDS) {
      if (!a.is(kind)) continue;
      const list: ImageRef[] = (out[kind] = []);
      for (const { value } of a.yamlDocs()) {
        walkValue(value, (k, x, parent) => {
          if (k === 'image' && typeof x === 'string') list.push({ image: x, file: a.path, name: String((parent as Record<string, unknown>).name ?? '') });
          if (k === 'repository' && typeof x === 'string') list.push({ image: x, file: a.path, name: '' });
        });
      }
      if (kind === 'compose') {
        for (const { value } of a.yamlDocs()) {
          const services = (value as { services?: Record<string, unknown> } | undefined)?.services;
          if (services && typeof services === 'object') for (const name of Object.keys(services)) list.push({ image: `service:${name}`, file: a.path, name });
        }
      }
    }
    return out;
  },
);

/** Container images of compose services and Kubernetes workloads, with their file. */
export function containerImages(repo: Repository): ImageRef[] {
  return IMAGE_KINDS.flatMap((kind) => repo.ofKind(kind).flatMap((a) => imagesIn(a)[kind] ?? []));
}

const cache = new WeakMap<Repository, Observability>();

export interface Observability {
  appMetrics: Sighting[];
  infraMetrics: Sighting[];
  logs: Sighting[];
  tracing: Sighting[];
  datadog: Sighting[];
}

const noSightings = (): Observability => ({ appMetrics: [], infraMetrics: [], logs: [], tracing: [], datadog: [] });

function addSightings(o: Observability, part: Observability | null): void {
  if (!part) return;
  for (const k of Object.keys(o) as Array<keyof Observability>) o[k].push(...part[k]);
}

/** What one file of a kind says about metrics, logs and traces (null: nothing), kept for the run. */
function observedFact(kind: 'prometheus-config' | 'kubernetes' | 'log-collector-config', read: (a: Artifact, o: Observability) => void): (a: Artifact) => Observability | null {
  return keptFact(
    (a) => a.is(kind),
    (a) => {
      const o = noSightings();
      read(a, o);
      return Object.values(o).some((l) => l.length) ? o : null;
    },
  );
}

const scrapedIn = observedFact('prometheus-config', (a, o) => {
  for (const j of scrapeJobs(a)) {
    const line = j.nameNode?.range ? a.lines.position(j.nameNode.range[0]).line : undefined;
    if (isInfraJob(j)) o.infraMetrics.push({ what: `Prometheus scrapes ${j.name}`, file: a.path, line });
    else if (isAppJob(j)) o.appMetrics.push({ what: `Prometheus scrapes the application (job ${j.name})`, file: a.path, line });
    // Kubernetes node discovery collects kubelet/cAdvisor metrics.
    const sd = getNode(j.node, 'kubernetes_sd_configs');
    if (seqItems(sd).some((x) => /^(node|nodes)$/.test(scalarString(getNode(x, 'role')) ?? ''))) o.infraMetrics.push({ what: `Prometheus discovers Kubernetes nodes (job ${j.name})`, file: a.path, line });
  }
});

const monitoredIn = observedFact('kubernetes', (a, o) => {
  for (const { value } of a.yamlDocs()) {
    const v = value as { kind?: string; metadata?: { name?: string } } | undefined;
    if (v?.kind === 'ServiceMonitor' || v?.kind === 'PodMonitor') o.appMetrics.push({ what: `${v.kind} ${v.metadata?.name ?? ''}`, file: a.path });
    walkValue(value, (k, x) => {
      if (k === 'prometheus.io/scrape' && String(x) === 'true') o.appMetrics.push({ what: 'pods annotated prometheus.io/scrape', file: a.path });
      if (/^ad\.datadoghq\.com\/[\w.-]+\.(checks|check_names)$/.test(k)) o.appMetrics.push({ what: 'pods declare a Datadog OpenMetrics check', file: a.path });
    });
  }
});

/** Datadog Agent Helm values (chart datadog/datadog), in a YAML file of no other kind. */
const datadogValuesIn = keptFact(
  (a) => a.is('yaml') && a.kinds.size === 1,
  (a): Observability | null => {
    const root = rootMap(a);
    const dd = getNode(root, 'datadog');
    if (!isMap(dd) || !entries(dd).some(([k]) => /^(apiKey|apiKeyExistingSecret|site|clusterName)$/.test(k))) return null;
    const o = noSightings();
    const line = dd.range ? a.lines.position(dd.range[0]).line : 1;
    o.datadog.push({ what: 'Datadog agent (Helm values)', file: a.path, line });
    o.infraMetrics.push({ what: 'Datadog agent collects host, container and Kubernetes metrics', file: a.path, line });
    const apm = getNode(dd, 'apm');
    if (entries(apm).some(([k, , v]) => /^(enabled|portEnabled|socketEnabled|instrumentation)$/.test(k) && (scalarString(v) === 'true' || isMap(v)))) o.tracing.push({ what: 'Datadog APM enabled in the agent', file: a.path, line });
    return o;
  },
);

const collectedIn = observedFact('log-collector-config', (a, o) => {
  const root = rootMap(a);
  const keys = new Set(entries(root).map(([k]) => k));
  if (keys.has('service') && keys.has('exporters')) {
    const pipelines = getNode(getNode(root, 'service'), 'pipelines');
    for (const [name] of entries(pipelines)) {
      if (name.startsWith('logs')) o.logs.push({ what: `OpenTelemetry Collector logs pipeline ${name}`, file: a.path });
      if (name.startsWith('traces')) o.tracing.push({ what: `OpenTelemetry Collector traces pipeline ${name}`, file: a.path });
      if (name.startsWith('metrics')) o.appMetrics.push({ what: `OpenTelemetry Collector metrics pipeline ${name}`, file: a.path });
    }
  } else if (keys.has('clients') || keys.has('positions')) o.logs.push({ what: 'Promtail ships logs to Loki', file: a.path });
  else if (keys.size) o.logs.push({ what: 'log collector configuration', file: a.path });
});

/** What the repository's configuration (not its code) says about metrics, logs, traces. */
export function observability(repo: Repository): Observability {
  const hit = cache.get(repo);
  if (hit) return hit;
  const o = noSightings();
  for (const a of repo.ofKind('prometheus-config')) addSightings(o, scrapedIn(a));
  for (const a of repo.ofKind('kubernetes')) addSightings(o, monitoredIn(a));
  for (const { image, file } of containerImages(repo)) {
    const i = image.toLowerCase();
    const runs = (what: string) => (image.startsWith('service:') ? `compose service ${image.slice(8)}${what ? ` (${what})` : ''}` : `runs ${image}`);
    if (/node-exporter|kube-state-metrics|cadvisor|kube-prometheus-stack/.test(i)) o.infraMetrics.push({ what: runs(''), file });
    if (/loki|promtail|fluent-?bit|fluentd|vector|logstash|elasticsearch|opensearch|filebeat/.test(i)) o.logs.push({ what: runs(''), file });
    if (/jaeger|tempo|zipkin|opentelemetry-collector|otel-collector|otel\/|x-ray|xray/.test(i)) o.tracing.push({ what: runs(''), file });
    if (/datadog\/agent|gcr\.io\/datadoghq/.test(i)) {
      o.datadog.push({ what: `runs the Datadog agent`, file });
      o.infraMetrics.push({ what: 'Datadog agent collects host and container metrics', file });
    }
  }
  // Datadog Agent Helm values: the agent collects host, container and kube-state metrics, and APM
  // traces when enabled.
  for (const a of repo.ofKind('yaml')) if (a.kinds.size === 1) addSightings(o, datadogValuesIn(a));
  for (const a of repo.ofKind('log-collector-config')) addSightings(o, collectedIn(a));
  // Fluent Bit / Fluentd / Vector configs in their own formats: by file name.
  for (const a of repo.artifacts) {
    if (/(^|\/)(fluent-bit|fluentbit|fluentd|td-agent)[^/]*\.(conf|ya?ml)$|(^|\/)vector\.(toml|ya?ml)$|(^|\/)(loki|promtail)[^/]*\.ya?ml$/i.test(a.path) && !o.logs.some((s) => s.file === a.path)) {
      o.logs.push({ what: 'log pipeline configuration', file: a.path });
    }
  }
  for (const r of tfResources(repo)) {
    const line = r.node.startPosition.row + 1;
    const where = { file: r.artifact.path, line };
    if (r.type === 'datadog_monitor') o.datadog.push({ what: `Datadog monitor ${r.name}`, ...where });
    if (/^(aws_cloudwatch_log_group|aws_cloudwatch_log_subscription_filter|google_logging_project_sink|google_logging_metric|azurerm_log_analytics_workspace|azurerm_monitor_diagnostic_setting|aws_opensearch_domain|aws_elasticsearch_domain|datadog_logs_[a-z_]+)$/.test(r.type)) o.logs.push({ what: `${r.type}.${r.name}`, ...where });
    if (/^(aws_cloudwatch_metric_alarm|google_monitoring_alert_policy|azurerm_monitor_metric_alert|aws_ecs_cluster|google_container_cluster|aws_eks_addon)$/.test(r.type)) {
      const txt = r.node.text;
      if (r.type === 'aws_ecs_cluster' ? /containerInsights/.test(txt) : r.type === 'aws_eks_addon' ? /cloudwatch|adot/.test(txt) : r.type === 'google_container_cluster' ? /monitoring_config|monitoring_service/.test(txt) : /CPU|Memory|cpu|memory|disk/.test(txt)) {
        o.infraMetrics.push({ what: `${r.type}.${r.name}`, ...where });
      }
    }
    if (/^(aws_xray_[a-z_]+|google_cloud_trace[a-z_]*|azurerm_application_insights)$/.test(r.type)) o.tracing.push({ what: `${r.type}.${r.name}`, ...where });
    if (/^module:.*(kube-prometheus|prometheus|datadog|monitoring)/.test(r.type)) o.infraMetrics.push({ what: `module ${r.name}`, ...where });
    if (r.type === 'helm_release') {
      const chart = attribute(r.node, 'chart');
      const c = (chart && stringValue(chart.value)) ?? '';
      if (/kube-prometheus|prometheus-node-exporter|kube-state-metrics|datadog/.test(c)) o.infraMetrics.push({ what: `helm_release ${c}`, ...where });
      if (/loki|promtail|fluent|vector|elastic|opensearch/.test(c)) o.logs.push({ what: `helm_release ${c}`, ...where });
      if (/jaeger|tempo|opentelemetry/.test(c)) o.tracing.push({ what: `helm_release ${c}`, ...where });
    }
  }
  if (o.datadog.some((d) => d.what.startsWith('Datadog monitor'))) {
    const first = o.datadog.find((d) => d.what.startsWith('Datadog monitor'))!;
    o.appMetrics.push({ what: 'Datadog monitors query application metrics', file: first.file, line: first.line });
  }
  cache.set(repo, o);
  return o;
}

// ---- Alertmanager ----

export interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
  node?: YNode;
}

/** A matcher string: `severity="critical"`, `severity=~"P1|P2"`, `severity = warning`. */
export function parseMatcher(s: string, node?: YNode): Matcher | undefined {
  const m = /^\s*"?([A-Za-z_][\w]*)"?\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(s);
  if (!m) return undefined;
  let value = m[3];
  if (/^".*"$/.test(value)) value = value.slice(1, -1).replace(/\\"/g, '"');
  return { name: m[1], op: m[2] as Matcher['op'], value, node };
}

/** Matchers of a route / inhibit side: `matchers`, legacy `match` and `match_re` (prefixed by `prefix`). */
export function matchersOf(node: unknown, prefix = ''): Matcher[] {
  const out: Matcher[] = [];
  for (const item of seqItems(getNode(node, `${prefix}matchers`))) {
    const m = parseMatcher(scalarString(item) ?? '', item);
    if (m) out.push(m);
  }
  for (const [k, , v] of entries(getNode(node, `${prefix}match`))) out.push({ name: k, op: '=', value: scalarString(v) ?? '', node: v });
  for (const [k, , v] of entries(getNode(node, `${prefix}match_re`))) out.push({ name: k, op: '=~', value: scalarString(v) ?? '', node: v });
  return out;
}

/** Does a matcher accept this label value? */
export function matcherAccepts(m: Matcher, value: string): boolean {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${m.value})$`);
  } catch {
    return false;
  }
  switch (m.op) {
    case '=':
      return m.value === value;
    case '!=':
      return m.value !== value;
    case '=~':
      return re.test(value);
    case '!~':
      return !re.test(value);
  }
}

export interface AmRoute {
  node: YAMLMap;
  receiver?: string;
  receiverNode?: YNode;
  matchers: Matcher[];
  depth: number;
}

/** Every route of the tree, root first, with the receiver each one resolves to (inherited). */
export function routes(root: unknown): AmRoute[] {
  const out: AmRoute[] = [];
  const walk = (r: unknown, inherited: string | undefined, depth: number, parentMatchers: Matcher[]) => {
    if (!isMap(r)) return;
    const recNode = getNode(r, 'receiver');
    const receiver = scalarString(recNode) ?? inherited;
    const matchers = [...parentMatchers, ...matchersOf(r)];
    out.push({ node: r, receiver, receiverNode: recNode, matchers, depth });
    for (const c of seqItems(getNode(r, 'routes'))) walk(c, receiver, depth + 1, matchers);
  };
  walk(getNode(root, 'route'), undefined, 0, []);
  return out;
}

/** Receivers by name, with whether they notify anyone (have some `*_configs`). */
export function receivers(root: unknown): Map<string, { node: YNode; nameNode?: YNode; notifies: boolean }> {
  const out = new Map<string, { node: YNode; nameNode?: YNode; notifies: boolean }>();
  for (const r of seqItems(getNode(root, 'receivers'))) {
    const name = scalarString(getNode(r, 'name'));
    if (name === undefined) continue;
    const notifies = entries(r).some(([k, , v]) => k.endsWith('_configs') && seqItems(v).length > 0);
    out.set(name, { node: r, nameNode: getNode(r, 'name'), notifies });
  }
  return out;
}

// ---- Grafana ----

/** Datasource uids and names provisioned anywhere in the repository. */
export function provisionedDatasources(repo: Repository): { uids: Set<string>; names: Set<string>; any: boolean } {
  // Asked by every dashboard's rule: read the provisioning files once per run.
  return memo(repo, 'prometheus.provisionedDatasources', () => readDatasources(repo));
}

function readDatasources(repo: Repository): { uids: Set<string>; names: Set<string>; any: boolean } {
  const uids = new Set<string>();
  const names = new Set<string>();
  let any = false;
  for (const a of repo.ofKind('grafana-provisioning')) {
    for (const ds of seqItems(getNode(rootMap(a), 'datasources'))) {
      any = true;
      const uid = scalarString(getNode(ds, 'uid'));
      const name = scalarString(getNode(ds, 'name'));
      if (uid) uids.add(uid);
      if (name) names.add(name);
    }
  }
  return { uids, names, any };
}

/** Signals a monitor/alarm watches, from the words of its query or metric name (not PromQL). */
export function signalsOfText(text: string): Set<'errors' | 'latency' | 'saturation' | 'availability'> {
  const t = text.toLowerCase();
  const out = new Set<'errors' | 'latency' | 'saturation' | 'availability'>();
  if (/error|5xx|fail|exception|status:5|http_code_5|errors/.test(t)) out.add('errors');
  if (/latency|duration|response_?time|p9[059]|percentile|targetresponsetime/.test(t)) out.add('latency');
  if (/cpu|memory|mem\.|disk|filesystem|saturation|utili[sz]ation|throttl|queue|oom/.test(t)) out.add('saturation');
  if (/\bup\b|service_check|check_status|healthy|unhealthy|healthyhostcount/.test(t)) out.add('availability');
  return out;
}
