// POSIX/Bash via mvdan/sh (its GopherJS build, `mvdan-sh`): a real parser with positions.
// Loaded on first use, once per process, from V8's code cache after the first run.
import { requireCached } from '../../compile-cache.js';
import type { ParseProblem } from './yaml.js';

/**
 * A shell syntax node, as plain data: mvdan/sh's node type name, its extent as string indices into
 * the parsed text, and its child nodes in source order. The GopherJS objects mvdan-sh gives are
 * read once, in `parseShell`, and dropped: reading them through its JS API wrapped every node on
 * every walk (≈ 9 ms a script, two thirds of the shell time of an audit), and they weighed
 * ≈ 100 KB a script.
 */
export interface ShNode {
  /** mvdan/sh's type name: `File`, `Stmt`, `CallExpr`, `Word`, `BinaryCmd`, `Subshell`, … (comments are left out) */
  readonly type: string;
  readonly pos: number;
  readonly end: number;
  readonly children: ShNode[];
  /** CallExpr: its words. */
  args?: ShNode[];
  /** Word: its value when it is made of literal parts only, else ''. */
  lit?: string;
  /** Stmt: its command. */
  cmd?: ShNode;
  /** Stmt: how many redirections it has. */
  redirs?: number;
  /** BinaryCmd: mvdan/sh's operator code (12 is `|`, 13 `|&`), where it is, and its left statement. */
  op?: number;
  opPos?: number;
  x?: ShNode;
}

export interface ShellFile {
  file: ShNode | null;
  errors: ParseProblem[];
}

export interface ShellCommand {
  /** Literal words; a word with expansions is given as its source text. */
  args: string[];
  /** 0-based offset of the command in the parsed text. */
  offset: number;
  end: number;
  node: ShNode;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let sh: any;
function lib() {
  sh ??= requireCached('mvdan-sh');
  return sh.syntax;
}

export function parseShell(text: string, name = 'script'): ShellFile {
  const syntax = lib();
  const parser = syntax.NewParser(syntax.KeepComments(true), syntax.Variant(syntax.LangBash));
  let wrapped;
  try {
    wrapped = parser.Parse(text, name);
  } catch (e) {
    // mvdan-sh throws a Go error object: `name:line:col: message`
    const err = e as { Error?: () => string; Pos?: { Offset(): number } };
    const msg = typeof err.Error === 'function' ? err.Error() : String(e);
    let offset = 0;
    try {
      offset = err.Pos?.Offset() ?? 0;
    } catch {
      /* position unavailable */
    }
    return { file: null, errors: [{ message: msg.replace(/^[^:]*:\d+:\d+: /, ''), offset: charOffsets(text)(offset) }] };
  }
  try {
    return { file: plainTree(wrapped.__internal_object__ ?? wrapped, charOffsets(text)), errors: [] };
  } catch (e) {
    // A position method recursing through a very deep chain (`a && b && …` 10k long) overflows.
    if (e instanceof RangeError) return { file: null, errors: [{ message: 'nested too deeply to analyse', offset: 0 }] };
    throw e;
  }
}

// ---- reading mvdan/sh's GopherJS objects ----
// A Go pointer to a struct is a JS object whose fields are its own properties, in declaration order
// (the order mvdan/sh's Walk visits them), with its type on `constructor.string` (`*syntax.Word`)
// and its Go methods callable; a slice is {$array, $offset, $length}; a string holds UTF-8 bytes;
// a struct held by value (in a slice) looks like a pointer to it.

/* eslint-disable @typescript-eslint/no-explicit-any */
/** What a Go type is to the walk, worked out once per type (its constructor). */
interface GoType {
  /** A pointer to a mvdan/sh syntax struct (a node or a part of one). */
  syntax: boolean;
  /** A node: it has Pos and End methods. */
  node: boolean;
  /** `Word` for `*syntax.Word`. */
  name: string;
}
const goTypes = new Map<unknown, GoType>();

/**
 * The Go type of `v` when it is a non-nil pointer to a syntax struct (a nil Go pointer is its type's
 * `nil` object, not null), else undefined. Per type, not per value: reading `constructor.string`
 * and the methods of every value visited was half of converting a tree (GopherJS objects' property
 * reads are slow).
 */
function syntaxType(v: any): GoType | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const c = v.constructor;
  let t = goTypes.get(c);
  if (!t) {
    const s = c?.string;
    const syntax = typeof s === 'string' && s.startsWith('*syntax.');
    t = { syntax, node: syntax && typeof v.Pos === 'function' && typeof v.End === 'function', name: syntax ? s.slice('*syntax.'.length) : '' };
    goTypes.set(c, t);
  }
  return t.syntax && v !== c.nil ? t : undefined;
}
const goString = (s: string): string => (/[^\x00-\x7f]/.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s);

function sliceItems(v: any): unknown[] {
  return v.$array.slice(v.$offset, v.$offset + v.$length);
}

/** The values of a Go struct's fields (and a slice's items), where child nodes may be. */
function fieldValues(o: any): unknown[] {
  const out: unknown[] = [];
  for (const k of Object.keys(o)) {
    if (k.startsWith('$')) continue; // $val: the struct itself
    const v = o[k];
    if (v !== null && typeof v === 'object' && Array.isArray(v.$array)) out.push(...sliceItems(v));
    else out.push(v);
  }
  return out;
}

/** Positions are read through their nodes' methods; comments are not commands. */
const SKIPPED = new Set(['Pos', 'Comment']);

function plainTree(root: any, at: (byteOffset: number) => number): ShNode {
  const made = new Map<any, ShNode>();
  const plain = (o: any): ShNode => {
    const type = syntaxType(o)!.name;
    const n: ShNode = { type, pos: at(o.Pos().Offset()), end: at(o.End().Offset()), children: [] };
    if (type === 'Word') n.lit = goString(o.Lit());
    if (type === 'Stmt') n.redirs = o.Redirs.$length;
    if (type === 'BinaryCmd') {
      n.op = o.Op;
      n.opPos = at(o.OpPos.Offset());
    }
    made.set(o, n);
    return n;
  };
  const top = plain(root);
  // Depth first with a stack: a recursive walk overflowed on deeply nested scripts.
  const stack: Array<[any, ShNode]> = [[root, top]];
  while (stack.length) {
    const [o, parent] = stack.pop()!;
    const found: Array<[any, ShNode]> = [];
    const visit = (v: unknown): void => {
      const t = syntaxType(v);
      if (!t || SKIPPED.has(t.name)) return;
      if (t.node) {
        const child = plain(v);
        parent.children.push(child);
        found.push([v, child]);
      } else for (const x of fieldValues(v)) visit(x); // a part of its node (`Replace`, `Expansion`)
    };
    for (const v of fieldValues(o)) visit(v);
    for (let i = found.length - 1; i >= 0; i--) stack.push(found[i]);
  }
  // Links rules read, to nodes made above.
  for (const [o, n] of made) {
    if (n.type === 'CallExpr') n.args = sliceItems(o.Args).map((w) => made.get(w)!);
    if (n.type === 'Stmt' && o.Cmd) n.cmd = made.get(o.Cmd);
    if (n.type === 'BinaryCmd') n.x = made.get(o.X);
  }
  return top;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * mvdan/sh positions are UTF-8 byte offsets; JavaScript strings index UTF-16 code units. Returns
 * the byte → string index conversion for a text (the identity when it is ASCII), so a non-ASCII
 * character before a command no longer shifts every later position and argument.
 */
export function charOffsets(text: string): (byteOffset: number) => number {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return (b) => b;
  const map = new Uint32Array(Buffer.byteLength(text) + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) map[b + k] = i;
    b += n;
    if (cp > 0xffff) i++;
  }
  map[b] = text.length;
  return (x) => (x >= 0 && x <= b ? map[x] : text.length);
}

/** Every simple command (CallExpr) in the script, in order. Offsets are string indices into `source`. */
export function commands(file: ShNode | null, source: string): ShellCommand[] {
  const out: ShellCommand[] = [];
  if (!file) return out;
  walk(file, (node) => {
    if (node.type === 'CallExpr' && node.args?.length) {
      out.push({ args: node.args.map((w) => (w.lit !== '' ? w.lit! : source.slice(w.pos, w.end))), offset: node.pos, end: node.end, node });
    }
    return true;
  });
  return out;
}

/** Walk every node, parents first, in source order; return false from the visitor to skip a node's children. */
export function walk(file: ShNode, visit: (node: ShNode) => boolean): void {
  const stack = [file];
  while (stack.length) {
    const n = stack.pop()!;
    if (!visit(n)) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}
