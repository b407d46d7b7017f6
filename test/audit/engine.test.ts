import { describe, expect, it } from 'vitest';
import { defaultConfig, type AuditConfig } from '../../src/audit/config.js';
import { runAudit } from '../../src/audit/engine.js';
import type { Rule } from '../../src/audit/types.js';
import pinBaseImage from '../../rules/docker/pin-base-image.js';
import appMetricsCollected from '../../rules/monitoring/app-metrics-collected.js';
import errorTracking from '../../rules/monitoring/error-tracking.js';
import infraMetricsCollected from '../../rules/monitoring/infra-metrics-collected.js';
import autoscaling from '../../rules/kubernetes/autoscaling.js';
import defaultNamespace from '../../rules/kubernetes/default-namespace.js';
import networkPolicy from '../../rules/kubernetes/network-policy.js';
import podDisruptionBudget from '../../rules/kubernetes/pod-disruption-budget.js';
import replicas from '../../rules/kubernetes/replicas.js';
import serviceAccountToken from '../../rules/kubernetes/service-account-token.js';
import serviceSelector from '../../rules/kubernetes/service-selector.js';
import { defaultAnswers } from '../../src/generate/answers.js';
import { renderStack } from '../../src/generate/stack.js';
import { Repository } from '../../src/repo/repository.js';
import { clusterView } from '../../src/rules-kit/kubernetes.js';
import { MemorySource } from '../../src/repo/sources.js';

function audit(memory: Record<string, string>, rules: Rule[] = [pinBaseImage], config: Partial<AuditConfig> = {}, extra: Partial<Parameters<typeof runAudit>[0]> = {}) {
  return runAudit({ root: '.', memory, rules, config: { ...defaultConfig(), ...config }, ...extra }).then((o) => o.report);
}

const throwing: Rule = {
  meta: { ...pinBaseImage.meta, id: 'test/throws', examples: { fail: [], pass: [] } },
  check() {
    throw new Error('boom');
  },
};

describe('engine', () => {
  it('turns a parse failure into core/parse-error at the line, and goes on', async () => {
    const r = await audit({ 'a.yaml': 'ok: 1\nbad: [\n', 'Dockerfile': 'FROM node\n' });
    const pe = r.findings.find((f) => f.ruleId === 'core/parse-error')!;
    expect(pe.file).toBe('a.yaml');
    expect(pe.line).toBeGreaterThanOrEqual(2);
    expect(r.findings.some((f) => f.ruleId === 'docker/pin-base-image')).toBe(true);
  });

  it('points findings at file:line:col of the node', async () => {
    const r = await audit({ 'app/Dockerfile': '# syntax\nFROM  python:latest AS base\n' });
    const f = r.findings[0];
    expect([f.file, f.line, f.column]).toEqual(['app/Dockerfile', 2, 7]);
    expect(f.endColumn).toBeGreaterThan(f.column);
  });

  it('turns a rule exception into core/internal-error and finishes', async () => {
    const r = await audit({ Dockerfile: 'FROM node\n' }, [throwing, pinBaseImage]);
    expect(r.findings.map((f) => f.ruleId).sort()).toEqual(['core/internal-error', 'docker/pin-base-image']);
    expect(r.summary.internalErrors).toBe(1);
  });

  it('applies severity overrides, off, and failOn', async () => {
    const files = { Dockerfile: 'FROM node\n' };
    expect((await audit(files)).summary.passed).toBe(false);
    const low = await audit(files, undefined, { rules: { 'docker/pin-base-image': 'low' } });
    expect(low.findings[0].severity).toBe('low');
    expect(low.summary.passed).toBe(true);
    const off = await audit(files, undefined, { rules: { 'docker/pin-base-image': 'off' } });
    expect(off.findings).toEqual([]);
    expect((await audit(files, undefined, { failOn: 'critical' })).summary.passed).toBe(true);
    expect((await audit(files, undefined, { failOn: 'none' })).summary.passed).toBe(true);
  });

  it('fails the gate on a required checklist item, and on --max-findings', async () => {
    const files = { Dockerfile: 'FROM node:20.1.0\n' };
    const ok = await audit(files);
    expect(ok.summary.passed).toBe(true);
    const req = await audit(files, undefined, { require: ['monitoring.alert-rules'] });
    expect(req.summary.passed).toBe(false);
    expect(req.summary.failedRequired).toEqual(['monitoring.alert-rules']);
    const many = await audit({ Dockerfile: 'FROM node\n' }, undefined, { failOn: 'none', maxFindings: 0 });
    expect(many.summary.passed).toBe(false);
  });
});

describe('suppressions', () => {
  it('suppresses with a reason on the line above, and keeps the finding marked', async () => {
    const r = await audit({ Dockerfile: '# devops-audit-ignore docker/pin-base-image: vendor image, pinned upstream\nFROM node\n' });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].suppressed).toBe(true);
    expect(r.findings[0].suppression).toEqual({ kind: 'inline', reason: 'vendor image, pinned upstream' });
    expect(r.summary.findings).toBe(0);
    expect(r.summary.passed).toBe(true);
  });

  it('file-wide suppression', async () => {
    const r = await audit({ Dockerfile: 'FROM node\n# devops-audit-ignore-file docker/pin-base-image: legacy\nFROM python\n' });
    expect(r.findings.every((f) => f.suppressed)).toBe(true);
  });

  it('reports a suppression without a reason, and does not honour it', async () => {
    const r = await audit({ Dockerfile: '# devops-audit-ignore docker/pin-base-image\nFROM node\n' });
    const ids = r.findings.filter((f) => !f.suppressed).map((f) => f.ruleId).sort();
    expect(ids).toEqual(['core/suppression-without-reason', 'docker/pin-base-image']);
  });

  it('reports a suppression that suppresses nothing', async () => {
    const r = await audit({ Dockerfile: '# devops-audit-ignore docker/pin-base-image: old\nFROM node:20.1.0\n' });
    expect(r.findings.map((f) => [f.ruleId, f.line])).toEqual([['core/unused-suppression', 1]]);
  });
});

describe('baseline', () => {
  it('fingerprints survive line shifts, and include the file', async () => {
    const a = await audit({ Dockerfile: 'FROM node\n' });
    const shifted = await audit({ Dockerfile: '# a comment\n\nFROM node\n' });
    expect(shifted.findings[0].fingerprint).toBe(a.findings[0].fingerprint);
    const other = await audit({ 'b/Dockerfile': 'FROM node\n' });
    expect(other.findings[0].fingerprint).not.toBe(a.findings[0].fingerprint);
  });

  it('hides baselined findings and reports new ones', async () => {
    const before = await audit({ Dockerfile: 'FROM node\n' });
    const baseline = new Set(before.findings.map((f) => f.fingerprint));
    const after = await audit({ Dockerfile: '# moved\nFROM node\nFROM python\n' }, undefined, {}, { baseline });
    const active = after.findings.filter((f) => !f.suppressed && f.ruleId === 'docker/pin-base-image');
    expect(active.map((f) => f.message)).toEqual(['base image python has no tag: pin an exact version']);
    expect(after.findings.find((f) => f.suppressed)?.suppression?.kind).toBe('baseline');
  });
});

describe('checklists', () => {
  it('scores evidence, n/a and fail as DESIGN.md says', async () => {
    const none = await audit({ 'README.md': '# hi\n' });
    const items = new Map(none.checklists.flatMap((c) => c.items.map((i) => [i.id, i.status])));
    expect(items.get('containers.pinned-base-images')).toBe('n/a');
    expect(items.get('infrastructure.iac')).toBe('fail');
    const docker = await audit({ Dockerfile: 'FROM node:20.1.0\n' });
    const d = docker.checklists.find((c) => c.id === 'containers')!.items.find((i) => i.id === 'containers.pinned-base-images')!;
    expect(d.status).toBe('pass');
    expect(d.evidence[0]).toContain('Dockerfile');
    const bad = await audit({ Dockerfile: 'FROM node:20.1.0\nFROM node\n' });
    expect(bad.checklists.find((c) => c.id === 'containers')!.items[1].status).toBe('fail');
  });

  it('does not judge repository-level evidence in partial runs', async () => {
    const r = await audit({ Dockerfile: 'FROM node:20.1.0\n', 'README.md': '# x\n' }, undefined, {}, { files: ['Dockerfile'] });
    expect(r.summary.partial).toBe(true);
    const statuses = r.checklists.flatMap((c) => c.items.map((i) => i.status));
    expect(statuses).not.toContain('fail');
  });
});

describe('memory: what the engine keeps of a file after its rules ran', () => {
  class CountingSource extends MemorySource {
    reads = new Map<string, number>();
    read(path: string): Buffer {
      this.reads.set(path, (this.reads.get(path) ?? 0) + 1);
      return super.read(path);
    }
  }

  it('drops a released file\'s text and reads it again, the same, when asked; a pinned text stays', () => {
    const source = new CountingSource({ 'a.yaml': 'a: 1\nb: 2\n', 'main.tf': 'resource "x" "y" {}\n' });
    const repo = new Repository('.', source);
    const a = repo.add('a.yaml', 10);
    const tf = repo.add('main.tf', 20);
    expect(a.lines.position(5)).toEqual({ line: 2, column: 1 });
    tf.pinText();
    void tf.text;
    a.release();
    tf.release();
    expect(a.text).toBe('a: 1\nb: 2\n');
    expect(a.lines.position(5)).toEqual({ line: 2, column: 1 });
    expect(source.reads.get('a.yaml')).toBe(2);
    expect(tf.text).toBe('resource "x" "y" {}\n');
    expect(source.reads.get('main.tf')).toBe(1);
  });

  it('repository-wide monitoring rules read kept facts, not the files again', async () => {
    const files = {
      'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  annotations:\n    prometheus.io/scrape: "true"\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/app:1.0.0\n          env:\n            - name: SENTRY_DSN\n              value: https://sentry.example/1\n',
      'monitoring/prometheus.yml': 'scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ["app:8080"]\n  - job_name: node\n    static_configs:\n      - targets: ["node-exporter:9100"]\n',
      'docker-compose.yml': 'services:\n  jaeger:\n    image: jaegertracing/all-in-one:1.57\n',
      'values.yaml': 'datadog:\n  site: datadoghq.eu\n  apm:\n    enabled: true\n',
    };
    const source = new CountingSource(files);
    const r = await audit(files, [appMetricsCollected, infraMetricsCollected, errorTracking], {}, { source });
    expect(r.findings).toEqual([]);
    for (const path of Object.keys(files)) expect([path, source.reads.get(path)]).toEqual([path, 1]);
  });

  it('Kubernetes rules judging the cluster read kept facts; a manifest is read once, its YAML again only to point at a finding', async () => {
    const stack = await renderStack(defaultAnswers({ name: 'svc' }));
    const files = Object.fromEntries(stack.filter((f) => f.path.startsWith('infrastructure/kubernetes/')).map((f) => [f.path, f.content]));
    const source = new CountingSource(files);
    const rules = [autoscaling, defaultNamespace, networkPolicy, podDisruptionBudget, replicas, serviceAccountToken, serviceSelector];
    const clean = await audit(files, rules, {}, { source });
    expect(clean.findings).toEqual([]);
    // The autoscaling evidence points at the HPA's maxReplicas: that file alone is read again.
    for (const path of Object.keys(files)) expect([path, source.reads.get(path)]).toEqual([path, path.endsWith('/hpa.yaml') ? 2 : 1]);
    // Without its PodDisruptionBudget the rollout is reported, at its name, in its own file.
    const withoutPdb = Object.fromEntries(Object.entries(files).filter(([p]) => !p.endsWith('/pdb.yaml')));
    const r = await audit(withoutPdb, [podDisruptionBudget]);
    expect(r.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([['kubernetes/pod-disruption-budget', 'infrastructure/kubernetes/base/rollout.yaml', 6]]);
  });

  it('the cluster view holds no YAML tree: an object\'s nodes come from the file read again', async () => {
    const stack = await renderStack(defaultAnswers({ name: 'svc' }));
    const files = Object.fromEntries(stack.filter((f) => f.path.startsWith('infrastructure/kubernetes/')).map((f) => [f.path, f.content]));
    const source = new CountingSource(files);
    const repo = new Repository('.', source);
    for (const [path, content] of Object.entries(files)) repo.add(path, content.length);
    for (const a of repo.artifacts) a.release();
    const rollout = clusterView(repo).objects.find((o) => o.kind === 'Rollout')!;
    expect(Object.getOwnPropertyDescriptor(rollout, 'doc')?.get).toBeTypeOf('function');
    const path = 'infrastructure/kubernetes/base/rollout.yaml';
    const name = rollout.at('metadata', 'name') as { range: [number, number, number] };
    expect(repo.get(path)!.lines.position(name.range[0]).line).toBe(6);
  });
});

