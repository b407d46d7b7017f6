// Per-run memoisation of facts derived from the repository or one artifact. A file-scope rule that
// needs a repository-wide fact (every alert, every subnet) must not recompute it for every file:
// that made the audit quadratic in the number of files. Facts of an artifact live on the artifact
// (`facts`), so the engine drops them with its parsed forms once the file's rules have run.
const store = new WeakMap<object, Map<unknown, unknown>>();

interface HasFacts {
  facts: Map<unknown, unknown>;
}

function mapOf(owner: object): Map<unknown, unknown> {
  if ('facts' in owner) return (owner as HasFacts).facts;
  let m = store.get(owner);
  if (!m) store.set(owner, (m = new Map()));
  return m;
}

/** `fn()` computed once per `owner` (a Repository or an Artifact) and `key`. */
export function memo<T>(owner: object, key: string, fn: () => T): T {
  const m = mapOf(owner);
  if (m.has(key)) return m.get(key) as T;
  const v = fn();
  m.set(key, v);
  return v;
}

/** A cache of one fact per artifact, released with the artifact's parsed forms (a WeakMap would keep it all run). */
export class ArtifactCache<T> {
  private readonly key = Symbol('fact');
  get(a: HasFacts): T | undefined {
    return a.facts.get(this.key) as T | undefined;
  }
  set(a: HasFacts, v: T): void {
    a.facts.set(this.key, v);
  }
}
