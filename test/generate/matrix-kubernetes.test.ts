// Every Kubernetes manifest the generator writes, for every pairwise answer case: each overlay
// builds with `kubectl kustomize`, every object (base files and built overlays) parses as YAML and
// validates against schemas/kubernetes/objects.schema.json, and the practices the audit checks
// hold on the built objects (security context, probes, resources, HPA numbers, policies).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { AUTOSCALING } from '../../generators/parts/kubernetes.js';
import { loadSchema, validator } from '../../src/schemas.js';
import { run, tool } from '../helpers/tools.js';
import { infraCases, type InfraCase } from './infra-cases.js';

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any; [k: string]: unknown };

const KUBE = 'infrastructure/kubernetes';
const cases = infraCases();
const kubeCases = cases.filter((c) => c.answers.orchestrator === 'kubernetes');
const hasKubectl = tool('kubectl');

function parseObjects(text: string, where: string): K8sObject[] {
  const docs = parseAllDocuments(text);
  return docs.map((doc) => {
    expect(doc.errors, `${where}: ${doc.errors.map((e) => e.message).join('; ')}`).toEqual([]);
    return doc.toJS() as K8sObject;
  }).filter(Boolean);
}

function validate(obj: K8sObject, where: string): void {
  const check = validator(loadSchema('kubernetes/objects.schema.json'));
  const ok = check(obj);
  expect(ok, `${where} ${obj.kind}/${obj.metadata?.name}: ${JSON.stringify(check.errors?.slice(0, 3))}`).toBe(true);
}

const overlays = (c: InfraCase) => c.files.filter((f) => /^infrastructure\/kubernetes\/overlays\/[^/]+\/kustomization\.yaml$/.test(f)).map((f) => f.split('/')[3]);

function build(c: InfraCase, overlay: string): K8sObject[] {
  const r = run('kubectl', ['kustomize', join(c.dir, KUBE, 'overlays', overlay)]);
  expect(r.status, `${c.label} overlay ${overlay}: ${r.output}`).toBe(0);
  return parseObjects(r.output, `${c.label} overlay ${overlay}`);
}

describe('kubernetes manifests', () => {
  it('are written only for orchestrator=kubernetes, with an overlay per environment', () => {
    for (const c of cases) {
      const kube = c.files.filter((f) => f.startsWith(`${KUBE}/`));
      if (c.answers.orchestrator !== 'kubernetes') {
        expect(kube, c.label).toEqual([]);
        continue;
      }
      const expected = [...c.answers.environments, ...(c.answers.previews ? ['preview'] : [])].sort();
      expect(overlays(c).sort(), c.label).toEqual(expected);
      expect(kube, c.label).toContain(`${KUBE}/base/kustomization.yaml`);
    }
  });

  it('base files parse and every object validates against its kind schema', () => {
    for (const c of kubeCases) {
      for (const f of c.files.filter((p) => p.startsWith(`${KUBE}/base/`) && p !== `${KUBE}/base/kustomization.yaml`)) {
        for (const obj of parseObjects(readFileSync(join(c.dir, f), 'utf8'), `${c.label} ${f}`)) {
          validate(obj, `${c.label} ${f}`);
          // The audit reads base files as they are: no object may fall into the default namespace.
          if (obj.kind !== 'Namespace') expect(obj.metadata.namespace, `${c.label} ${f}`).toBe(c.answers.name);
        }
      }
    }
  });

  it('the schema rejects a misspelt field', () => {
    const check = validator(loadSchema('kubernetes/objects.schema.json'));
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'app', image: 'x:1', securityContext: { readOnlyRootFileSystem: true } }] } },
      },
    };
    expect(check(deployment)).toBe(false);
    deployment.spec.template.spec.containers[0].securityContext = { readOnlyRootFilesystem: true } as never;
    expect(check(deployment)).toBe(true);
  });

  describe.skipIf(!hasKubectl)('overlays built with kubectl kustomize', () => {
    it.each(kubeCases.map((c) => [c.label, c] as const))('%s', (_label, c) => {
      for (const overlay of overlays(c)) {
        const objects = build(c, overlay);
        const where = `${c.label} overlay ${overlay}`;
        for (const obj of objects) validate(obj, where);
        const namespace = `${c.answers.name}-${overlay}`;
        for (const obj of objects) expect(obj.kind === 'Namespace' ? obj.metadata.name : obj.metadata.namespace, where).toBe(namespace);

        const kinds = objects.map((o) => o.kind);
        const workloadKind = c.answers.strategy === 'rolling' ? 'Deployment' : 'Rollout';
        for (const k of [workloadKind, 'Service', 'Ingress', 'ConfigMap', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'ServiceAccount', 'Namespace'])
          expect(kinds, `${where} has a ${k}`).toContain(k);
        if (c.answers.strategy !== 'rolling') expect(kinds, where).toContain('AnalysisTemplate');

        const workload = objects.find((o) => o.kind === workloadKind)!;
        expect(workload.spec.replicas, where).toBeGreaterThanOrEqual(2);
        if (c.answers.strategy === 'canary') expect(workload.spec.strategy.canary.steps.length, where).toBeGreaterThan(1);
        if (c.answers.strategy === 'blue-green') expect(workload.spec.strategy.blueGreen.previewService, where).toBeTruthy();
        const pod = workload.spec.template.spec;
        const podLabels = workload.spec.template.metadata.labels as Record<string, string>;
        expect(pod.automountServiceAccountToken, where).toBe(false);
        expect(pod.securityContext.runAsNonRoot, where).toBe(true);
        expect(pod.securityContext.seccompProfile.type, where).toBe('RuntimeDefault');
        for (const ctr of pod.containers) {
          expect(ctr.image, where).toMatch(/:[\w.-]+$/);
          expect(ctr.image, where).not.toMatch(/:latest$/);
          expect(ctr.imagePullPolicy, where).toBe('IfNotPresent');
          const sc = ctr.securityContext;
          expect([sc.runAsNonRoot, sc.allowPrivilegeEscalation, sc.readOnlyRootFilesystem, sc.privileged], where).toEqual([true, false, true, false]);
          expect(sc.runAsUser, where).toBeGreaterThanOrEqual(10000);
          expect(sc.capabilities.drop, where).toEqual(['ALL']);
          for (const r of ['requests', 'limits']) expect(Object.keys(ctr.resources[r]).sort(), `${where} ${r}`).toEqual(['cpu', 'memory']);
          expect(ctr.livenessProbe.httpGet.path, where).toBe('/healthz');
          expect(ctr.startupProbe.httpGet.path, where).toBe('/healthz');
          expect(ctr.readinessProbe.httpGet.path, where).toBe('/readyz');
        }

        const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler')!;
        expect(hpa.spec.scaleTargetRef, where).toMatchObject({ kind: workloadKind, name: workload.metadata.name });
        expect(hpa.spec.minReplicas, where).toBe(AUTOSCALING.minReplicas);
        expect(hpa.spec.maxReplicas, where).toBeLessThanOrEqual(AUTOSCALING.maxReplicas);
        if (overlay === c.answers.environments.at(-1)) expect(hpa.spec.maxReplicas, where).toBe(AUTOSCALING.maxReplicas);
        const targets = Object.fromEntries(hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization]));
        expect(targets, where).toEqual({ cpu: AUTOSCALING.cpu, memory: AUTOSCALING.memory });

        // Services and the PDB select the pods; the ingress serves TLS for every host it routes.
        const selects = (sel: Record<string, string>) => Object.entries(sel).every(([k, v]) => podLabels[k] === v);
        for (const svc of objects.filter((o) => o.kind === 'Service')) expect(selects(svc.spec.selector), `${where} service ${svc.metadata.name}`).toBe(true);
        expect(selects(objects.find((o) => o.kind === 'PodDisruptionBudget')!.spec.selector.matchLabels), where).toBe(true);
        const ingress = objects.find((o) => o.kind === 'Ingress')!;
        const tlsHosts = ingress.spec.tls.flatMap((t: any) => t.hosts);
        for (const rule of ingress.spec.rules) expect(tlsHosts, where).toContain(rule.host);

        // Default deny for the namespace, plus ingress-controller and DNS allowances.
        const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
        const denyAll = policies.find((p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress);
        expect(denyAll?.spec.policyTypes.sort(), where).toEqual(['Egress', 'Ingress']);
        expect(JSON.stringify(policies), where).toContain('ingress-nginx');
        expect(policies.some((p) => p.spec.egress?.some((e: any) => e.ports?.some((port: any) => port.port === 53))), where).toBe(true);

        const sa = objects.find((o) => o.kind === 'ServiceAccount')!;
        expect(sa.automountServiceAccountToken, where).toBe(false);
        expect(Object.keys((sa.metadata as any).annotations ?? {}).length, `${where} workload identity annotation`).toBe(1);
      }
    });
  });
});
