// Small helpers over `yaml` nodes for rules that read CI files: look up keys (following aliases and
// `<<` merge keys), read scalars, keep the node for positions.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

export type YNode = Node | null | undefined;

/** Follow an alias to the node it names. */
export function deref(doc: Document | undefined, node: unknown): YNode {
  let n = node as YNode;
  for (let i = 0; i < 8 && n && isAlias(n); i++) {
    try {
      n = doc ? (n.resolve(doc) as YNode) : undefined;
    } catch {
      return undefined;
    }
  }
  return n;
}

export function asMap(doc: Document | undefined, node: unknown): YAMLMap | undefined {
  const n = deref(doc, node);
  return n && isMap(n) ? n : undefined;
}

export function asSeq(doc: Document | undefined, node: unknown): YAMLSeq | undefined {
  const n = deref(doc, node);
  return n && isSeq(n) ? n : undefined;
}

export function asScalar(doc: Document | undefined, node: unknown): Scalar | undefined {
  const n = deref(doc, node);
  return n && isScalar(n) ? n : undefined;
}

function keyName(p: Pair): string | undefined {
  const k = p.key as unknown;
  // With merge keys enabled the parser gives `<<` as a symbol.
  if (isScalar(k)) return typeof k.value === 'symbol' ? '<<' : String(k.value);
  if (typeof k === 'string') return k;
  return undefined;
}

/** Every key/value pair of a map, `<<` merges expanded (own keys win). */
export function pairs(doc: Document | undefined, map: YAMLMap | undefined, depth = 0): Pair[] {
  if (!map) return [];
  const own: Pair[] = [];
  const merged: Pair[] = [];
  for (const p of map.items) {
    if (!isPair(p)) continue;
    const k = keyName(p);
    if (k === '<<' && depth < 8) {
      const v = deref(doc, p.value);
      const sources = v && isSeq(v) ? v.items : [v];
      for (const s of sources) merged.push(...pairs(doc, asMap(doc, s), depth + 1));
    } else own.push(p);
  }
  const seen = new Set(own.map(keyName));
  return [...own, ...merged.filter((p) => !seen.has(keyName(p)) && (seen.add(keyName(p)), true))];
}

export function pairOf(doc: Document | undefined, map: YAMLMap | undefined, key: string): Pair | undefined {
  return pairs(doc, map).find((p) => keyName(p) === key);
}

/** The value node at `key` (aliases followed). */
export function get(doc: Document | undefined, map: YAMLMap | undefined, key: string): YNode {
  return deref(doc, pairOf(doc, map, key)?.value);
}

/** The key node at `key`, for pointing at a missing/forbidden setting. */
export function keyNode(doc: Document | undefined, map: YAMLMap | undefined, key: string): Scalar | undefined {
  const k = pairOf(doc, map, key)?.key as unknown;
  return k && isScalar(k) ? k : undefined;
}

/** A scalar's value as a string (numbers and booleans stringified), else undefined. */
export function str(doc: Document | undefined, node: unknown): string | undefined {
  const s = asScalar(doc, node);
  if (!s || s.value === null || s.value === undefined) return undefined;
  return String(s.value);
}

export function getStr(doc: Document | undefined, map: YAMLMap | undefined, key: string): string | undefined {
  return str(doc, get(doc, map, key));
}

/** Keys of a map, in order, with their key and value nodes. */
export function entries(doc: Document | undefined, map: YAMLMap | undefined): Array<{ key: string; keyNode: Scalar; value: YNode }> {
  const out: Array<{ key: string; keyNode: Scalar; value: YNode }> = [];
  for (const p of pairs(doc, map)) {
    const k = p.key as unknown;
    if (!isScalar(k)) continue;
    out.push({ key: keyName(p)!, keyNode: k, value: deref(doc, p.value) });
  }
  return out;
}

/** Items of a sequence, aliases followed. */
export function items(doc: Document | undefined, node: unknown): YNode[] {
  const s = asSeq(doc, node);
  return s ? s.items.map((i) => deref(doc, i)) : [];
}

/** A string, or every string of a sequence. */
export function strings(doc: Document | undefined, node: unknown): string[] {
  const n = deref(doc, node);
  if (!n) return [];
  if (isSeq(n)) return n.items.map((i) => str(doc, i)).filter((s): s is string => s !== undefined);
  const s = str(doc, n);
  return s === undefined ? [] : [s];
}

/** Plain JS of a node (for `with:` maps and similar small values). */
export function plain(doc: Document | undefined, node: unknown): unknown {
  const n = deref(doc, node);
  if (!n) return undefined;
  try {
    return (n as Node).toJS(doc as Document, { maxAliasCount: 50 });
  } catch {
    return undefined;
  }
}
