// Per-run memoisation of facts derived from the repository or one artifact. A file-scope rule that
// needs a repository-wide fact (every alert, every subnet) must not recompute it for every file:
// that made the audit quadratic in the number of files.
const store = new WeakMap<object, Map<string, unknown>>();

/** `fn()` computed once per `owner` (a Repository or an Artifact) and `key`. */
export function memo<T>(owner: object, key: string, fn: () => T): T {
  let m = store.get(owner);
  if (!m) store.set(owner, (m = new Map()));
  if (m.has(key)) return m.get(key) as T;
  const v = fn();
  m.set(key, v);
  return v;
}
