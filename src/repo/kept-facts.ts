// Facts of a file that repository-wide rules need, taken while the file is parsed in the files
// phase and kept for the run (small: a few strings per file, never a tree). Without them each
// repository-wide reader parsed every YAML file again after its release (N=50 corpus: the
// observability view alone re-parsed ≈ 2,000 files, 1 s of a 15 s audit).
//
// A kit defines a fact with `keptFact(applies, compute)` (plain data: it is kept as a structured
// clone, apart from the file's text) and reads it with the function returned:
// the kept value when the engine took it, else computed then (partial runs, tests, a file the
// engine never saw). The engine calls `takeKeptFacts(a)` before it releases each file.
import type { Artifact } from './repository.js';

interface Collector {
  applies(a: Artifact): boolean;
  take(a: Artifact): void;
}

const collectors: Collector[] = [];

export function keptFact<T>(applies: (a: Artifact) => boolean, compute: (a: Artifact) => T): (a: Artifact) => T {
  const kept = new WeakMap<Artifact, T>();
  const get = (a: Artifact): T => {
    if (kept.has(a)) return kept.get(a) as T;
    // A copy: strings sliced from the file's text (YAML values, names) keep all of it alive.
    const v = structuredClone(compute(a));
    kept.set(a, v);
    return v;
  };
  collectors.push({ applies, take: get });
  return get;
}

/**
 * Take every defined fact that applies to the file, from its parsed forms still in memory. A fact
 * that fails is left to be computed (and fail, as a finding of its rule) when a rule asks for it.
 */
export function takeKeptFacts(a: Artifact): void {
  for (const c of collectors) {
    if (!c.applies(a)) continue;
    try {
      c.take(a);
    } catch {
      /* computed again, and reported, by the rule that reads it */
    }
  }
}

/** True when some kit loaded in this process has defined a fact. */
export function hasKeptFacts(): boolean {
  return collectors.length > 0;
}
