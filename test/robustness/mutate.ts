// Mutations of real, valid files for property tests: text-level damage (truncation, deleted,
// duplicated or swapped lines, odd characters, CRLF, re-indentation) and structure-level
// damage (a YAML/JSON node replaced by a value of another type, a key renamed or removed).
// Real files as seeds reach far deeper into the rules than random text ever does.
import fc from 'fast-check';
import { isScalar, isSeq, parseAllDocuments, visit, type Node } from 'yaml';

/** Characters and tokens that break parsers or shape assumptions. */
export const TOKENS = [
  ':', '- ', '[', ']', '{', '}', '"', "'", '\t', '\n', '\r\n', '#', '&a ', '*a', '!!binary ', '<<: *a', '|', '>-', '---\n', '...\n',
  '${{ github.event.issue.title }}', '${var.x}', '$(id)', '`id`', '\\', '\\\n', '\u0000', '\uFEFF', '\u2028', '\uD800', '😀', 'é',
  'FROM ', 'RUN ', 'COPY --from=x ', 'ARG X=', '# escape=`\n', '<<EOF\n', '%{ if x }', '= ', '=>', '//', '/*', '-->', '<!--',
  'null', '~', '0x1F', '1e309', '-0', 'NaN', '.inf', 'yes', 'on', 'devops-audit-ignore * : x',
];

/** Values a structure mutation puts in place of a node: every JSON type, and edge cases. */
export const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(null, '', 0, -1, 1.5, true, false, [], {}, [null], { '': null }, 'a'.repeat(5000), '${{ secrets.X }}', 'latest', ':', '-', '*') },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'deleteLines'; at: number; count: number }
  | { op: 'duplicateLine'; at: number }
  | { op: 'swapLines'; a: number; b: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'replaceChar'; at: number; text: string }
  | { op: 'indent'; at: number; delta: number }
  | { op: 'crlf' }
  | { op: 'replaceNode'; at: number; value: unknown }
  | { op: 'renameKey'; at: number; to: string }
  | { op: 'dropKey'; at: number };

const snippet = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('deleteLines' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: snippet }),
  fc.record({ op: fc.constant('replaceChar' as const), at: fc.nat(), text: snippet }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), delta: fc.integer({ min: -4, max: 4 }) }),
  fc.constant({ op: 'crlf' as const }),
  // Structure mutations weigh more: they keep the file parsable, so rules see the damage.
  fc.record({ op: fc.constant('replaceNode' as const), at: fc.nat(), value: valueArb }),
  fc.record({ op: fc.constant('replaceNode' as const), at: fc.nat(), value: valueArb }),
  fc.record({ op: fc.constant('replaceNode' as const), at: fc.nat(), value: valueArb }),
  fc.record({ op: fc.constant('renameKey' as const), at: fc.nat(), to: fc.constantFrom('<<', '', 'on', 'true', '0', 'name', 'kind', 'spec', 'jobs', 'steps', 'run', 'uses', 'image', 'x') }),
  fc.record({ op: fc.constant('dropKey' as const), at: fc.nat() }),
);

export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 3 });

const isStructured = (path: string) => /\.(ya?ml|json)$/i.test(path);

/** Apply one mutation; structure mutations on non-YAML/JSON files fall back to text edits. */
export function mutate(path: string, text: string, m: Mutation): string {
  const lines = text.split('\n');
  const li = (n: number) => (lines.length ? n % lines.length : 0);
  const ci = (n: number) => (text.length ? n % (text.length + 1) : 0);
  switch (m.op) {
    case 'truncate':
      return text.slice(0, ci(m.at));
    case 'deleteLines':
      lines.splice(li(m.at), m.count);
      return lines.join('\n');
    case 'duplicateLine':
      lines.splice(li(m.at), 0, lines[li(m.at)] ?? '');
      return lines.join('\n');
    case 'swapLines': {
      const [a, b] = [li(m.a), li(m.b)];
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'insert':
      return text.slice(0, ci(m.at)) + m.text + text.slice(ci(m.at));
    case 'replaceChar':
      return text.slice(0, ci(m.at)) + m.text + text.slice(ci(m.at) + 1);
    case 'indent': {
      const i = li(m.at);
      lines[i] = m.delta > 0 ? ' '.repeat(m.delta) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-m.delta}}`), '');
      return lines.join('\n');
    }
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'replaceNode':
      return isStructured(path) ? replaceNode(path, text, m.at, m.value) : replaceToken(text, m.at, m.value);
    case 'renameKey':
    case 'dropKey':
      return isStructured(path) ? editKey(path, text, m) : mutate(path, text, { op: 'deleteLines', at: m.at, count: 1 });
  }
}

export function applyAll(path: string, text: string, ms: Mutation[]): string {
  return ms.reduce((t, m) => mutate(path, t, m), text);
}

/** Parse every document, edit the n-th value node (pair value or sequence item), print the stream again. */
function editDocs(path: string, text: string, n: number, edit: (nodes: Array<{ parent: unknown; key: unknown; node: Node }>, i: number) => void): string {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  if (!list.length || list.some((d) => d.errors.length)) return text;
  const nodes: Array<{ parent: unknown; key: unknown; node: Node }> = [];
  for (const d of list) {
    visit(d, {
      Pair(_k, pair) {
        if (pair.value) nodes.push({ parent: pair, key: 'value', node: pair.value as Node });
      },
      Seq(_k, seq) {
        seq.items.forEach((item, idx) => nodes.push({ parent: seq, key: idx, node: item as Node }));
      },
    });
  }
  if (!nodes.length) return text;
  edit(nodes, n % nodes.length);
  const json = /\.json$/i.test(path);
  try {
    return json ? JSON.stringify(list[0].toJS({ maxAliasCount: 100 }), null, 2) : list.map((d) => d.toString({ lineWidth: 0 })).join('---\n');
  } catch {
    return text;
  }
}

function replaceNode(path: string, text: string, n: number, value: unknown): string {
  return editDocs(path, text, n, (nodes, i) => {
    const { parent, key } = nodes[i];
    const doc = parseAllDocuments('x: 1');
    const created = (Array.isArray(doc) ? doc[0] : undefined)?.createNode(value) ?? null;
    if (isSeq(parent) && typeof key === 'number') parent.items[key] = created;
    else if (parent && typeof parent === 'object') (parent as { value: unknown }).value = created;
  });
}

function editKey(path: string, text: string, m: Extract<Mutation, { op: 'renameKey' | 'dropKey' }>): string {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  if (!list.length || list.some((d) => d.errors.length)) return text;
  const maps: Array<{ items: Array<{ key: unknown }> }> = [];
  for (const d of list) visit(d, { Map: (_k, map) => void maps.push(map as never) });
  const pairs = maps.flatMap((map) => map.items.map((p, idx) => ({ map, idx, pair: p })));
  if (!pairs.length) return text;
  const { map, idx, pair } = pairs[m.at % pairs.length];
  if (m.op === 'dropKey') map.items.splice(idx, 1);
  else if (isScalar(pair.key)) pair.key.value = m.to;
  try {
    return /\.json$/i.test(path) ? JSON.stringify(list[0].toJS({ maxAliasCount: 100 }), null, 2) : list.map((d) => d.toString({ lineWidth: 0 })).join('---\n');
  } catch {
    return text;
  }
}

/** Replace the n-th value-looking token (quoted string, number, word after = or :) in plain text. */
function replaceToken(text: string, n: number, value: unknown): string {
  const tokens = [...text.matchAll(/"[^"\n]*"|\b\d+(\.\d+)?\b|\b(true|false)\b|(?<=[=:]\s?)[^\s"]+/g)];
  if (!tokens.length) return text;
  const t = tokens[n % tokens.length];
  const v = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return text.slice(0, t.index) + v + text.slice((t.index ?? 0) + t[0].length);
}
