// Certain fixes shared by rules: offset edits computed from parsed nodes (never a regex over the
// file), so the engine can apply them to the original text and keep every comment and blank line.
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Fix } from '../audit/types.js';
import type { ContainerRef } from './kubernetes.js';

export type Edit = Fix['edits'][number];

/** Characters a shell gives no meaning to: a word made only of these is the same word unquoted. */
const PLAIN_WORD = /^[A-Za-z0-9_\-./:=,@%+]+$/;

/**
 * The exec (JSON) form of a shell-form CMD/ENTRYPOINT body, or undefined when the body uses any
 * shell feature (variables, quotes, operators, globs, continuations) and so needs the shell.
 */
export function execFormOf(body: string): string | undefined {
  const words = body.trim().split(/[ \t]+/);
  if (!words[0] || !words.every((w) => PLAIN_WORD.test(w))) return undefined;
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

function pairNamed(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key);
}

/** Offset of the first character of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The node's start, the end of its value, and the end including a trailing comment. */
function rangeOf(node: unknown): readonly [number, number, number] | undefined {
  const r = (node as Node | null | undefined)?.range;
  return r ? [r[0], r[1], r[2]] : undefined;
}

/** The file's line ending, so an added line matches its neighbours (CRLF files stay CRLF). */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** `path: value` as block YAML lines, the first at `indent`, each level two spaces deeper. */
function blockLines(path: string[], value: string, indent: string, eol: string): string {
  return path.map((k, i) => `${indent}${'  '.repeat(i)}${k}:${i === path.length - 1 ? ` ${value}` : ''}`).join(eol);
}

/** `path: value` as one flow entry: `a: {b: value}`. */
function flowEntry(path: string[], value: string): string {
  return path.length === 1 ? `${path[0]}: ${value}` : `${path[0]}: {${flowEntry(path.slice(1), value)}}`;
}

/** Edit adding a new entry `path: value` at the end of `map` (or after the pair `after`). */
function appendEntry(text: string, map: YAMLMap, path: string[], value: string, after?: string): Edit | undefined {
  const mr = rangeOf(map);
  if (!mr) return undefined;
  if (map.flow) {
    // `{a: 1}` → `{a: 1, key: value}`; the closing brace ends the map's value range.
    const close = mr[1] - 1;
    if (text[close] !== '}') return undefined;
    const last = map.items[map.items.length - 1];
    if (!last) return { start: close, end: close, text: flowEntry(path, value) };
    const end = rangeOf(last.value)?.[1] ?? rangeOf(last.key)?.[1];
    return end === undefined ? undefined : { start: end, end, text: `, ${flowEntry(path, value)}` };
  }
  const first = map.items[0];
  const last = map.items[map.items.length - 1];
  const firstKey = rangeOf(first?.key);
  if (!first || !last || !firstKey) return undefined;
  // New keys line up with the first key (for `- name: x` that is the column after the dash).
  const column = firstKey[0] - lineStart(text, firstKey[0]);
  const indent = ' '.repeat(column);
  if (text.slice(lineStart(text, firstKey[0]), firstKey[0]).replace(/- /g, '  ').trim() !== '') return undefined;
  const anchor = (after && pairNamed(map, after)) || last;
  const end = rangeOf(anchor.value)?.[1] ?? rangeOf(anchor.key)?.[1];
  if (end === undefined) return undefined;
  const eol = eolOf(text);
  const lines = blockLines(path, value, indent, eol);
  // After the line the last value ends on (its trailing comment stays with it).
  if (end > 0 && text[end - 1] === '\n') return { start: end, end, text: `${lines}${eol}` };
  const nl = text.indexOf('\n', end);
  if (nl === -1) return { start: text.length, end: text.length, text: `${eol}${lines}${eol}` };
  return { start: nl + 1, end: nl + 1, text: `${lines}${eol}` };
}

/**
 * Edit that makes `path` (keys under `map`) hold the scalar `value`, written as YAML source
 * (`true`, `read`, `15`). Missing maps along the path are created in the style of the map they go
 * into (block or flow). Returns undefined when the path already holds a value, or passes through
 * something that is not a map: the fix is only certain when it adds what is missing.
 * `after` places a new last-level key after that sibling (`timeout-minutes` after `runs-on`).
 */
export function addToMap(text: string, map: YAMLMap, path: string[], value: string, opts: { after?: string } = {}): Edit | undefined {
  const pair = pairNamed(map, path[0]);
  if (!pair) return appendEntry(text, map, path, value, path.length === 1 ? opts.after : undefined);
  if (path.length === 1) return undefined;
  const inner = pair.value;
  if (isMap(inner)) return addToMap(text, inner, path.slice(1), value);
  // `securityContext:` with nothing after it (an empty null scalar): write the nested block there.
  const r = rangeOf(inner);
  if (isScalar(inner) && inner.value === null && r && r[0] === r[1]) {
    const key = rangeOf(pair.key);
    if (!key || text[key[1]] !== ':') return undefined;
    const indent = ' '.repeat(key[0] - lineStart(text, key[0]) + 2);
    // At the end of the key's line, so a comment after `key:` stays on it.
    const eol = eolOf(text);
    const nl = text.indexOf('\n', key[1]);
    const at = nl === -1 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
    return { start: at, end: at, text: `${eol}${blockLines(path.slice(1), value, indent, eol)}` };
  }
  return undefined;
}

/**
 * Edit inserting a new top-level (or any block-map) entry before `before`'s key, with the comment
 * lines directly above that key kept above it: `permissions:` goes just before `jobs:`.
 */
export function insertBefore(text: string, map: YAMLMap, before: string, lines: string): Edit | undefined {
  if (map.flow) return undefined;
  const pair = pairNamed(map, before);
  const key = rangeOf(pair?.key);
  if (!key) return undefined;
  let at = lineStart(text, key[0]);
  if (text.slice(at, key[0]).trim() !== '') return undefined;
  // Step above comment lines that describe `before`.
  while (at > 0) {
    const prev = lineStart(text, at - 1);
    if (!text.slice(prev, at).trimStart().startsWith('#')) break;
    at = prev;
  }
  const indent = ' '.repeat(key[0] - lineStart(text, key[0]));
  const eol = eolOf(text);
  // Where a blank line sets off the entry above, set off the new one the same way.
  const blankAbove = at > 0 && /\r?\n\s*\r?\n$/.test(text.slice(Math.max(0, at - 8), at));
  return { start: at, end: at, text: `${lines.split('\n').map((l) => (l ? indent + l : l)).join(eol)}${eol}${blankAbove ? eol : ''}` };
}

/** Fix adding `securityContext.<key>: <value>` to a Kubernetes container that does not set it. */
export function containerSecurityFix(c: ContainerRef, key: string, value: string): Fix | undefined {
  const map = c.obj.node(...c.path);
  if (!map || !isMap(map)) return undefined;
  const edit = addToMap(c.obj.artifact.text, map, ['securityContext', key], value);
  return edit && { description: `Set securityContext.${key}: ${value} on container ${c.name}`, edits: [edit] };
}
