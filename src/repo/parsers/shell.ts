// POSIX/Bash via mvdan/sh (its GopherJS build, `mvdan-sh`): a real parser with positions.
// Loaded on first use, once per process, from V8's code cache after the first run.
import { requireCached } from '../../compile-cache.js';
import type { ParseProblem } from './yaml.js';

// The GopherJS objects are untyped; rules read them through the helpers below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ShNode = any;

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
  try {
    const file = parser.Parse(text, name);
    if (!walkable(syntax, file, text)) return { file: null, errors: [{ message: 'nested too deeply to analyse', offset: 0 }] };
    return { file, errors: [] };
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
}

/**
 * mvdan/sh's Walk recurses once per nesting level, so a 10k-long `a && b && …` chain overflows
 * the stack in every rule that walks it. Scripts with many operators are walked once here, and
 * refused (as a parse problem) when that fails; ordinary scripts skip the check.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function walkable(syntax: any, file: ShNode, text: string): boolean {
  if ((text.match(/&&|\|\||[|;({`]/g)?.length ?? 0) < 500) return true;
  try {
    syntax.Walk(file, () => true);
    return true;
  } catch {
    return false;
  }
}

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
  if (!file) return [];
  const syntax = lib();
  const out: ShellCommand[] = [];
  const at = charOffsets(source);
  syntax.Walk(file, (node: ShNode) => {
    if (node && nodeType(node) === 'CallExpr' && node.Args.length > 0) {
      const start = at(node.Pos().Offset());
      const end = at(node.End().Offset());
      out.push({
        args: node.Args.map((w: ShNode) => {
          const lit = w.Lit();
          return lit !== '' ? lit : source.slice(at(w.Pos().Offset()), at(w.End().Offset()));
        }),
        offset: start,
        end,
        node,
      });
    }
    return true;
  });
  return out;
}

/**
 * Node type name (`CallExpr`, `BinaryCmd`, `IfClause`…). mvdan-sh's own NodeType runs Go's
 * `fmt.Sprintf("%T")` on every call (a fifth of a small audit's shell time); the wrapped Go
 * value's constructor already carries the type string (`*syntax.CallExpr`).
 */
export function nodeType(node: ShNode): string {
  const ctor = node?.__internal_object__?.constructor;
  if (!ctor || typeof ctor.string !== 'string') return lib().NodeType(node);
  let name = TYPE_NAMES.get(ctor);
  if (name === undefined) {
    name = ctor.string.slice(ctor.string.lastIndexOf('.') + 1) as string;
    TYPE_NAMES.set(ctor, name);
  }
  return name;
}
const TYPE_NAMES = new Map<unknown, string>();

/** Walk every node; return false from the visitor to skip children. */
export function walk(file: ShNode, visit: (node: ShNode) => boolean): void {
  lib().Walk(file, (n: ShNode) => (n ? visit(n) : true));
}
