// The answer space as dimensions, and a small set of answer combinations that covers every pair
// of values of any two answers (pairwise). Shared by the tests' matrix and the benchmark corpus.
import { defaultAnswers, DEFAULT_REGISTRY, type StackAnswers } from './answers.js';

type Dim = { key: keyof StackAnswers; values: unknown[] };

export const DIMENSIONS: Dim[] = [
  { key: 'runtime', values: ['node', 'python', 'go', 'java', 'existing'] },
  { key: 'cloud', values: ['aws', 'gcp', 'azure'] },
  { key: 'orchestrator', values: ['kubernetes', 'ecs'] },
  { key: 'strategy', values: ['rolling', 'blue-green', 'canary'] },
  { key: 'monitoring', values: ['prometheus', 'datadog'] },
  { key: 'logging', values: ['loki', 'efk', 'cloud'] },
  { key: 'tracing', values: ['otel-jaeger', 'none'] },
  { key: 'secrets', values: ['vault', 'cloud'] },
  { key: 'previews', values: [true, false] },
  { key: 'environments', values: [['dev', 'staging', 'prod'], ['staging', 'production']] },
];

/** Constraints between answers: ECS exists only on AWS, and has no PR previews (Kubernetes namespaces). */
function valid(c: Partial<StackAnswers>): boolean {
  if (c.orchestrator === 'ecs' && c.previews === true) return false;
  return !(c.orchestrator === 'ecs' && c.cloud !== undefined && c.cloud !== 'aws');
}

/** Greedy all-pairs: deterministic, small (about 15–20 cases for the dimensions above). */
export function pairwise(dims: Dim[] = DIMENSIONS): Array<Partial<StackAnswers>> {
  const key = (i: number, a: number, j: number, b: number) => `${i}:${a}|${j}:${b}`;
  const uncovered = new Set<string>();
  for (let i = 0; i < dims.length; i++)
    for (let j = i + 1; j < dims.length; j++)
      for (let a = 0; a < dims[i].values.length; a++)
        for (let b = 0; b < dims[j].values.length; b++) {
          const c = { [dims[i].key]: dims[i].values[a], [dims[j].key]: dims[j].values[b] } as Partial<StackAnswers>;
          if (valid(c)) uncovered.add(key(i, a, j, b));
        }
  const cases: number[][] = [];
  while (uncovered.size) {
    const pick = [...uncovered][0].split('|').map((s) => s.split(':').map(Number));
    const row: number[] = dims.map(() => -1);
    row[pick[0][0]] = pick[0][1];
    row[pick[1][0]] = pick[1][1];
    for (let i = 0; i < dims.length; i++) {
      if (row[i] !== -1) continue;
      let best = 0;
      let bestGain = -1;
      for (let v = 0; v < dims[i].values.length; v++) {
        row[i] = v;
        if (!valid(toAnswers(dims, row))) continue;
        let gain = 0;
        for (let j = 0; j < dims.length; j++) if (j !== i && row[j] !== -1) gain += uncovered.has(i < j ? key(i, v, j, row[j]) : key(j, row[j], i, v)) ? 1 : 0;
        if (gain > bestGain) [best, bestGain] = [v, gain];
      }
      row[i] = best;
    }
    for (let i = 0; i < dims.length; i++) for (let j = i + 1; j < dims.length; j++) uncovered.delete(key(i, row[i], j, row[j]));
    cases.push(row);
  }
  return cases.map((r) => toAnswers(dims, r));
}

function toAnswers(dims: Dim[], row: number[]): Partial<StackAnswers> {
  const out: Record<string, unknown> = {};
  dims.forEach((d, i) => {
    if (row[i] !== -1) out[d.key] = d.values[row[i]];
  });
  return out as Partial<StackAnswers>;
}

/** Complete answers for one case: defaults, the given name, and the cloud's own registry. */
export function caseAnswers(name: string, p: Partial<StackAnswers>): StackAnswers {
  return defaultAnswers({ name, ...p, ...(p.cloud && !p.registry ? { registry: DEFAULT_REGISTRY[p.cloud] } : {}) });
}

/** A short label for a case: `runtime=go,cloud=gcp,…`. */
export function caseLabel(p: Partial<StackAnswers>): string {
  return Object.entries(p).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('>') : v}`).join(',');
}
