// monitoring/ for every pairwise answer case: the real tools accept it (promtool, amtool,
// yamllint, terraform fmt), dashboards are well-formed, every alert follows the P1–P4 convention
// and links a runbook section that exists, and the audit's monitoring rules find nothing.
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import { loadRules } from '../../src/audit/load-rules.js';
import { run, tool } from '../helpers/tools.js';
import { headingAnchors, listFiles, observabilityCases, read, runbookTarget, type ObservabilityCase } from './observability-cases.js';

const cases = observabilityCases();
const prometheusCases = cases.filter((c) => c.answers.monitoring === 'prometheus');
const datadogCases = cases.filter((c) => c.answers.monitoring === 'datadog');

let rulesLoaded: ReturnType<typeof loadRules> | undefined;
const allRules = () => (rulesLoaded ??= loadRules());

const PRIORITY_OF: Record<string, string> = { critical: 'P1', high: 'P2', warning: 'P3', info: 'P4' };

interface AlertRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function ruleFiles(c: ObservabilityCase): string[] {
  return c.files.filter((f) => f.startsWith('monitoring/prometheus/rules/'));
}

function rules(c: ObservabilityCase): AlertRule[] {
  return ruleFiles(c).flatMap((f) => (parse(read(c, f)) as { groups: Array<{ rules: AlertRule[] }> }).groups.flatMap((g) => g.rules));
}

/**
 * Debian's promtool is built without Kubernetes service discovery ("field kubernetes_sd_configs
 * not found"). When it is, check a copy where each kubernetes_sd_configs becomes a static target:
 * everything else (relabelling, rule files, alerting) is still checked by the real parser.
 */
function promtoolConfigDir(c: ObservabilityCase): string {
  const src = join(c.dir, 'monitoring/prometheus');
  if (!read(c, 'monitoring/prometheus/prometheus.yml').includes('kubernetes_sd_configs') || promtoolHasKubernetesSd()) return src;
  const dir = mkdtempSync(join(tmpdir(), 'cds-promtool-'));
  cpSync(src, dir, { recursive: true });
  const config = parse(read(c, 'monitoring/prometheus/prometheus.yml')) as { scrape_configs: Array<Record<string, unknown>> };
  for (const job of config.scrape_configs) {
    if (!job.kubernetes_sd_configs) continue;
    delete job.kubernetes_sd_configs;
    job.static_configs = [{ targets: ['kubernetes-sd.invalid:80'] }];
  }
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  return dir;
}

let kubernetesSd: boolean | undefined;
function promtoolHasKubernetesSd(): boolean {
  if (kubernetesSd === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'cds-promtool-probe-'));
    writeFileSync(join(dir, 'p.yml'), 'scrape_configs:\n  - job_name: k\n    kubernetes_sd_configs:\n      - role: pod\n');
    kubernetesSd = !/kubernetes_sd_configs not found/.test(run('promtool', ['check', 'config', 'p.yml'], { cwd: dir }).output);
  }
  return kubernetesSd;
}

function expectRunbook(c: ObservabilityCase, url: string): void {
  const { path, anchor } = runbookTarget(c, url);
  expect(existsSync(join(c.dir, path)), `${url}: ${path} is generated`).toBe(true);
  expect(headingAnchors(read(c, path)), `${url}: #${anchor} is a heading of ${path}`).toContain(anchor);
}

it('covers both monitoring stacks and both orchestrators', () => {
  expect(prometheusCases.length).toBeGreaterThan(0);
  expect(datadogCases.length).toBeGreaterThan(0);
  expect(new Set(prometheusCases.map((c) => c.answers.orchestrator))).toEqual(new Set(['kubernetes', 'ecs']));
});

describe.each(prometheusCases)('prometheus: $label', (c) => {
  it.skipIf(!tool('promtool'))('promtool check config resolves and accepts the rule files', () => {
    const r = run('promtool', ['check', 'config', 'prometheus.yml'], { cwd: promtoolConfigDir(c) });
    expect(r.output).toMatch(/SUCCESS/);
    expect(r.status, r.output).toBe(0);
  });

  it.skipIf(!tool('promtool'))('promtool check rules accepts every rule file', () => {
    const files = ruleFiles(c);
    expect(files.length).toBeGreaterThanOrEqual(2);
    const r = run('promtool', ['check', 'rules', ...files], { cwd: c.dir });
    expect(r.status, r.output).toBe(0);
  });

  it.skipIf(!tool('amtool'))('amtool check-config accepts alertmanager.yml', () => {
    const r = run('amtool', ['check-config', 'monitoring/alertmanager/alertmanager.yml'], { cwd: c.dir });
    expect(r.status, r.output).toBe(0);
  });

  it('alerts: for, P1–P4 severity mapping, summary, description and a runbook section that exists', () => {
    const all = rules(c);
    const alerts = all.filter((r) => r.alert);
    expect(alerts.map((a) => a.alert)).toEqual(expect.arrayContaining(['HighErrorRate', 'HighLatencyP99', 'HighCpuSaturation', 'HighMemorySaturation', 'ServiceDown', 'TargetDown']));
    expect(new Set(alerts.map((a) => a.alert)).size).toBe(alerts.length);
    for (const a of alerts) {
      expect(a.for, a.alert).toMatch(/^\d+[smh]$/);
      expect(PRIORITY_OF[a.labels?.severity ?? ''], a.alert).toBe(a.labels?.priority);
      expect(a.annotations?.summary, a.alert).toBeTruthy();
      expect(a.annotations?.description, a.alert).toBeTruthy();
      expectRunbook(c, a.annotations!.runbook_url);
      expect(runbookTarget(c, a.annotations!.runbook_url).anchor).toBe(a.alert!.toLowerCase());
    }
    for (const r of all.filter((x) => x.record)) expect(r.record).toMatch(/^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/);
  });

  it('alertmanager routes every severity the rules use, to a receiver that notifies, and inhibits lower ones', () => {
    const am = parse(read(c, 'monitoring/alertmanager/alertmanager.yml')) as {
      route: { receiver: string; routes: Array<{ matchers: string[]; receiver: string }> };
      receivers: Array<Record<string, unknown> & { name: string }>;
      inhibit_rules: Array<{ source_matchers: string[]; target_matchers: string[] }>;
    };
    const severities = new Set(rules(c).filter((r) => r.alert).map((r) => r.labels!.severity));
    for (const s of severities) {
      const route = am.route.routes.find((r) => r.matchers.includes(`severity="${s}"`));
      expect(route, `route for ${s}`).toBeDefined();
      const receiver = am.receivers.find((r) => r.name === route!.receiver)!;
      expect(Object.keys(receiver).some((k) => k.endsWith('_configs')), `${receiver.name} notifies someone`).toBe(true);
    }
    expect(am.inhibit_rules.some((r) => r.source_matchers.includes('severity="critical"') && r.target_matchers.some((m) => m.includes('warning')))).toBe(true);
    expect(read(c, 'monitoring/alertmanager/alertmanager.yml')).not.toMatch(/hooks\.slack\.com|routing_key:|api_url:/);
  });

  it('dashboards are Grafana JSON whose panels query metrics the app or recording rules provide', () => {
    const recorded = new Set(rules(c).filter((r) => r.record).map((r) => r.record!));
    const uids = new Set<string>();
    for (const name of ['application', 'infrastructure', 'database']) {
      const d = JSON.parse(read(c, `monitoring/grafana/dashboards/${name}.json`)) as {
        title: string;
        uid: string;
        schemaVersion: number;
        panels: Array<{ title: string; datasource: { uid: string }; targets: Array<{ expr: string; refId: string }> }>;
      };
      expect(d.title).toBeTruthy();
      expect(d.uid.length).toBeLessThanOrEqual(40);
      uids.add(d.uid);
      expect(d.schemaVersion).toBeGreaterThan(30);
      expect(d.panels.length).toBeGreaterThan(3);
      for (const p of d.panels) {
        expect(p.datasource.uid, p.title).toBe('prometheus');
        expect(p.targets.length, p.title).toBeGreaterThan(0);
        for (const t of p.targets) {
          const recordedUse = [...t.expr.matchAll(/\b([a-z_]+:[a-z0-9_]+:[a-z0-9_]+)\b/g)].map((m) => m[1]);
          for (const r of recordedUse) expect(recorded, `${p.title}: ${r} is a recording rule`).toContain(r);
        }
      }
    }
    expect(uids.size).toBe(3);
    if (tool('promtool')) {
      // Every dashboard and alert expression is PromQL promtool can parse (via a throwaway rule file).
      const exprs = listFiles(c.dir, 'monitoring/grafana/dashboards').flatMap((f) => (JSON.parse(read(c, f)) as { panels: Array<{ targets: Array<{ expr: string }> }> }).panels.flatMap((p) => p.targets.map((t) => t.expr)));
      const doc = { groups: [{ name: 'dashboards', rules: exprs.map((expr, i) => ({ record: `dashboard:query:q${i}`, expr })) }] };
      const file = join(mkdtempSync(join(tmpdir(), 'cds-dashboard-queries-')), 'queries.yml');
      writeFileSync(file, JSON.stringify(doc));
      const r = run('promtool', ['check', 'rules', file]);
      expect(r.status, r.output).toBe(0);
    }
  });

  it('grafana provisioning points at the dashboards and names the datasource uid they use', () => {
    const ds = parse(read(c, 'monitoring/grafana/provisioning/datasources/datasources.yaml')) as { datasources: Array<{ uid: string; type: string }> };
    expect(ds.datasources.map((d) => d.uid)).toContain('prometheus');
    if (c.answers.logging === 'loki') expect(ds.datasources.map((d) => d.type)).toContain('loki');
    if (c.answers.tracing === 'otel-jaeger') expect(ds.datasources.map((d) => d.type)).toContain('jaeger');
    const prov = parse(read(c, 'monitoring/grafana/provisioning/dashboards/dashboards.yaml')) as { providers: Array<{ type: string; options: { path: string } }> };
    expect(prov.providers[0].type).toBe('file');
  });
});

describe.each(datadogCases)('datadog: $label', (c) => {
  it('writes Datadog monitors and agent config, and no Prometheus stack', () => {
    expect(c.files).toContain('monitoring/datadog/monitors.tf');
    expect(c.files.filter((f) => /^monitoring\/(prometheus|alertmanager|grafana)\//.test(f))).toEqual([]);
  });

  it.skipIf(!tool('terraform'))('terraform fmt -check accepts the Terraform', () => {
    const r = run('terraform', ['fmt', '-check', '-diff', '-recursive', '.'], { cwd: join(c.dir, 'monitoring/datadog') });
    expect(r.status, r.output).toBe(0);
  });

  it('one monitor per alert covering error rate, latency and saturation, with P1–P4 priority and runbook sections that exist', () => {
    const tf = read(c, 'monitoring/datadog/monitors.tf');
    expect(tf).toMatch(/source\s+= "DataDog\/datadog"\s+version\s+= "~> \d+\.\d+"/);
    const monitors = [...tf.matchAll(/^resource "datadog_monitor" "\w+" \{\n {2}name {5}= "\[P(\d)\] [\w-]+ (\w+)"[\s\S]*?Runbook: \$\{local\.runbooks\}\/(\S+)\n {4}(.*)\n[\s\S]*?critical = [\d.]+\n[\s\S]*?"priority:P(\d)", "severity:(\w+)"/gm)];
    expect(monitors.map((m) => m[2])).toEqual(expect.arrayContaining(['HighErrorRate', 'HighLatencyP99', 'HighCpuSaturation', 'HighMemorySaturation', 'ServiceDown']));
    expect(monitors.length).toBe((tf.match(/^resource "datadog_monitor"/gm) ?? []).length);
    for (const [, priority, name, runbook, notify, tagPriority, severity] of monitors) {
      expect(tagPriority).toBe(priority);
      expect(PRIORITY_OF[severity]).toBe(`P${priority}`);
      expect(notify).toMatch(Number(priority) <= 2 ? /^@pagerduty-\S+ @slack-/ : /^@slack-/);
      expect(runbook.split('#')[1]).toBe(name.toLowerCase());
      expectRunbook(c, `docs/runbooks/${runbook}`);
    }
    expect(tf).not.toMatch(/api_key\s*=|app_key\s*=/);
  });

  it('dashboards.tf loads dashboard JSON files that exist and have widgets', () => {
    const tf = read(c, 'monitoring/datadog/dashboards.tf');
    const files = [...tf.matchAll(/file\("\$\{path\.module\}\/([^"]+)"\)/g)].map((m) => m[1]);
    expect(files).toHaveLength(3);
    for (const f of files) {
      const d = JSON.parse(read(c, `monitoring/datadog/${f}`)) as { title: string; layout_type: string; widgets: Array<{ definition: { requests: Array<{ q: string }> } }> };
      expect(d.title).toBeTruthy();
      expect(d.widgets.length).toBeGreaterThan(2);
      for (const w of d.widgets) expect(w.definition.requests.length).toBeGreaterThan(0);
    }
  });
});

describe.each(cases)('logs and traces: $label', (c) => {
  it('writes the collector for the logging answer, and the trace pipeline when tracing is on', () => {
    expect(c.files).toContain('monitoring/logging/fluent-bit.yaml');
    const fluent = parse(read(c, 'monitoring/logging/fluent-bit.yaml')) as { pipeline: { inputs: unknown[]; outputs: Array<{ name: string }> } };
    const expected = { loki: 'loki', efk: 'es', cloud: { aws: 'cloudwatch_logs', gcp: 'stackdriver', azure: 'azure_logs_ingestion' }[c.answers.cloud] }[c.answers.logging];
    expect(fluent.pipeline.outputs.map((o) => o.name)).toEqual([expected]);
    expect(c.files.includes('monitoring/logging/loki.yaml')).toBe(c.answers.logging === 'loki');
    expect(c.files.includes('monitoring/tracing/otel-collector.yaml')).toBe(c.answers.tracing === 'otel-jaeger');
    if (c.answers.tracing === 'otel-jaeger') {
      const otel = parse(read(c, 'monitoring/tracing/otel-collector.yaml')) as { exporters: Record<string, unknown>; service: { pipelines: Record<string, { exporters: string[] }> } };
      const used = Object.values(otel.service.pipelines).flatMap((p) => p.exporters);
      expect(used).toContain('otlp/jaeger');
      for (const e of used) expect(Object.keys(otel.exporters).concat(['spanmetrics'])).toContain(e);
    }
  });

  it.skipIf(!tool('yamllint'))('yamllint (relaxed) finds no error in any YAML file', () => {
    const yml = c.files.filter((f) => /\.ya?ml$/.test(f));
    const r = run('yamllint', ['-d', 'relaxed', '-f', 'parsable', ...yml], { cwd: c.dir });
    expect(r.output.split('\n').filter((l) => l.includes('[error]'))).toEqual([]);
    expect(r.status, r.output).toBe(0);
  });

  it('every JSON file parses', () => {
    for (const f of c.files.filter((x) => x.endsWith('.json'))) expect(() => JSON.parse(read(c, f)), f).not.toThrow();
  });

  // Only monitoring and docs are rendered here, so rules that judge the whole delivery pipeline
  // (pipeline/*: workflows, manifests, scripts) would report what other parts provide. Every other
  // rule must find nothing.
  const OTHER_PARTS = /^pipeline\//;
  it('devops-audit finds nothing in monitoring/ and docs/', async () => {
    const { report } = await runAudit({ root: c.dir, config: defaultConfig(), rules: await allRules() });
    const mine = report.findings.filter((f) => /^(monitoring|docs)\//.test(f.file) && !OTHER_PARTS.test(f.ruleId));
    expect(mine.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`)).toEqual([]);
  });
});
