// Delivery evidence outside CI files: rollout strategies and automatic rollback declared in
// Kubernetes objects (Deployment strategy, Argo Rollouts, Flagger) and Terraform (ECS circuit
// breaker, CodeDeploy blue/green and auto-rollback), and the repository's deploy/rollback scripts.
import type { At } from '../audit/types.js';
import { allBlocks, attribute, blocks, literalValue } from '../repo/parsers/hcl.js';
import type { Repository } from '../repo/repository.js';
import { tfFacts } from './terraform.js';
import { isMap, type Document } from 'yaml';

export interface DeliveryFact {
  kind: 'strategy' | 'auto-rollback' | 'rollback';
  message: string;
  file: string;
  at: At;
}

const cache = new WeakMap<Repository, DeliveryFact[]>();

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

function nodeAt(doc: Document, path: string[]): At {
  const n = doc.getIn(path, true) as { range?: number[] } | undefined;
  if (n?.range) return n as At;
  const c = doc.contents as { range?: number[] } | null;
  return c?.range ? (c as At) : { line: 1 };
}

export function deliveryFacts(repo: Repository): DeliveryFact[] {
  const hit = cache.get(repo);
  if (hit) return hit;
  const out: DeliveryFact[] = [];
  for (const a of repo.ofKind('kubernetes')) {
    if (a.skipped !== undefined) continue;
    for (const { doc, value } of a.yamlDocs()) {
      const v = obj(value);
      if (!v || !isMap(doc.contents)) continue;
      const kind = String(v.kind ?? '');
      const name = String(obj(v.metadata)?.name ?? '');
      const spec = obj(v.spec) ?? {};
      const strategy = obj(spec.strategy) ?? {};
      if (kind === 'Deployment' && strategy.type !== 'Recreate' && (strategy.type === 'RollingUpdate' || obj(strategy.rollingUpdate))) {
        const ru = obj(strategy.rollingUpdate) ?? {};
        const detail = ru.maxUnavailable !== undefined || ru.maxSurge !== undefined ? ` (maxUnavailable ${String(ru.maxUnavailable ?? 'default')}, maxSurge ${String(ru.maxSurge ?? 'default')})` : '';
        out.push({ kind: 'strategy', message: `Deployment \`${name}\` declares a rolling update${detail}`, file: a.path, at: nodeAt(doc, ['spec', 'strategy']) });
      }
      if (kind === 'Rollout' && String(v.apiVersion ?? '').startsWith('argoproj.io/')) {
        const which = strategy.canary ? 'canary' : strategy.blueGreen ? 'blue-green' : undefined;
        if (which) out.push({ kind: 'strategy', message: `Argo Rollout \`${name}\` uses a ${which} strategy`, file: a.path, at: nodeAt(doc, ['spec', 'strategy']) });
        const canary = obj(strategy.canary) ?? {};
        const bg = obj(strategy.blueGreen) ?? {};
        const steps = Array.isArray(canary.steps) ? canary.steps : [];
        const analysed = canary.analysis || bg.prePromotionAnalysis || bg.postPromotionAnalysis || steps.some((s) => obj(s)?.analysis);
        if (analysed) out.push({ kind: 'auto-rollback', message: `Argo Rollout \`${name}\` aborts and rolls back automatically when its analysis fails`, file: a.path, at: nodeAt(doc, ['spec', 'strategy']) });
        if (which) out.push({ kind: 'rollback', message: `Argo Rollout \`${name}\` can be aborted to the stable version (\`kubectl argo rollouts abort\`)`, file: a.path, at: nodeAt(doc, ['spec', 'strategy']) });
      }
      if (kind === 'Canary' && String(v.apiVersion ?? '').startsWith('flagger.app/')) {
        out.push({ kind: 'strategy', message: `Flagger Canary \`${name}\` shifts traffic progressively`, file: a.path, at: nodeAt(doc, ['spec']) });
        if (spec.analysis) out.push({ kind: 'auto-rollback', message: `Flagger Canary \`${name}\` rolls back when its analysis fails`, file: a.path, at: nodeAt(doc, ['spec', 'analysis']) });
      }
    }
  }
  for (const a of repo.ofKind('terraform')) {
    if (a.skipped !== undefined) continue;
    let root;
    try {
      root = tfFacts(a).root; // compact: the facts below keep spans, never a tree
    } catch {
      continue;
    }
    for (const b of allBlocks(root)) {
      if (b.type !== 'resource') continue;
      const [type, name] = b.labels;
      if (type === 'aws_ecs_service') {
        for (const inner of blocks(b.node)) {
          if (inner.type === 'deployment_circuit_breaker') {
            const rb = attribute(inner.node, 'rollback');
            if (rb && literalValue(rb.value) === true) {
              out.push({ kind: 'auto-rollback', message: `ECS service \`${name}\` has the deployment circuit breaker with rollback on`, file: a.path, at: inner.node });
              out.push({ kind: 'strategy', message: `ECS service \`${name}\` rolls out with a rolling update guarded by the circuit breaker`, file: a.path, at: inner.node });
            }
          }
          if (inner.type === 'deployment_controller') {
            const t = attribute(inner.node, 'type');
            if (t && literalValue(t.value) === 'CODE_DEPLOY') out.push({ kind: 'strategy', message: `ECS service \`${name}\` deploys blue/green through CodeDeploy`, file: a.path, at: inner.node });
          }
        }
        const min = attribute(b.node, 'deployment_minimum_healthy_percent');
        if (min) out.push({ kind: 'strategy', message: `ECS service \`${name}\` sets a rolling update (minimum healthy ${String(literalValue(min.value) ?? '?')}%)`, file: a.path, at: min.node });
      }
      if (type === 'aws_codedeploy_deployment_group') {
        for (const inner of blocks(b.node)) {
          if (inner.type === 'auto_rollback_configuration') {
            const en = attribute(inner.node, 'enabled');
            if (en && literalValue(en.value) === true) out.push({ kind: 'auto-rollback', message: `CodeDeploy group \`${name}\` rolls back automatically on failure`, file: a.path, at: inner.node });
          }
          if (inner.type === 'blue_green_deployment_config') out.push({ kind: 'strategy', message: `CodeDeploy group \`${name}\` deploys blue/green`, file: a.path, at: inner.node });
        }
      }
    }
  }
  cache.set(repo, out);
  return out;
}
