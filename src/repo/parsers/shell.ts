// POSIX/Bash via mvdan/sh (its GopherJS build, `mvdan-sh`): a real parser with positions.
// Loaded on first use (about 50 ms), once per process.
import { createRequire } from 'node:module';
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
  sh ??= createRequire(import.meta.url)('mvdan-sh');
  return sh.syntax;
}

export function parseShell(text: string, name = 'script'): ShellFile {
  const syntax = lib();
  const parser = syntax.NewParser(syntax.KeepComments(true), syntax.Variant(syntax.LangBash));
  try {
    return { file: parser.Parse(text, name), errors: [] };
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
    return { file: null, errors: [{ message: msg.replace(/^[^:]*:\d+:\d+: /, ''), offset }] };
  }
}

/** Every simple command (CallExpr) in the script, in order. */
export function commands(file: ShNode | null, source: string): ShellCommand[] {
  if (!file) return [];
  const syntax = lib();
  const out: ShellCommand[] = [];
  syntax.Walk(file, (node: ShNode) => {
    if (node && syntax.NodeType(node) === 'CallExpr' && node.Args.length > 0) {
      const start = node.Pos().Offset();
      const end = node.End().Offset();
      out.push({
        args: node.Args.map((w: ShNode) => {
          const lit = w.Lit();
          return lit !== '' ? lit : source.slice(w.Pos().Offset(), w.End().Offset());
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

/** Node type name (`CallExpr`, `BinaryCmd`, `IfClause`…). */
export function nodeType(node: ShNode): string {
  return lib().NodeType(node);
}

/** Walk every node; return false from the visitor to skip children. */
export function walk(file: ShNode, visit: (node: ShNode) => boolean): void {
  lib().Walk(file, (n: ShNode) => (n ? visit(n) : true));
}
