// CI scripts (`run:` in GitHub Actions, `script:` in GitLab CI) read as shell: `${{ … }}` expressions
// are masked with same-length placeholders so mvdan-sh parses the script and offsets stay exact,
// and offsets inside the script map back to the file (block scalars keep their line structure).
import { Scalar } from 'yaml';
import { parseShell, walk, nodeType, type ShNode } from '../repo/parsers/shell.js';

export interface ScriptCommand {
  /** Words with quotes removed (expressions kept as written). */
  args: string[];
  /** Words as written. */
  raw: string[];
  /** Offsets in the script text. */
  start: number;
  end: number;
  /** Offsets of each word in the script text. */
  words: Array<{ start: number; end: number }>;
  /** Its output goes to a file (`> f`) rather than the log. */
  redirected: boolean;
  /** Its output is piped into another command (`echo "$T" | docker login --password-stdin`). */
  piped: boolean;
}

export interface Script {
  text: string;
  commands: ScriptCommand[];
  parsed: boolean;
}

const EXPR = /\$\{\{[\s\S]*?\}\}/g;

/** Replace `${{ … }}` with underscores of the same length (newlines kept). */
export function maskExpressions(text: string): string {
  return text.replace(EXPR, (m) => m.replace(/[^\n]/g, '_'));
}

/** Remove shell quoting from a word for matching (`"--tag=${X}"` → `--tag=${X}`). */
export function unquote(word: string): string {
  return word.replace(/\\(.)/g, '$1').replace(/["']/g, '');
}

const cache = new Map<string, Script>();

/** Parse a script once (cached by text). Non-shell scripts (pwsh, python) give no commands. */
export function parseScript(text: string, shell?: string): Script {
  if (shell && !/^(bash|sh|zsh|dash)\b/.test(shell.trim()) && !/\b(bash|sh)\b/.test(shell)) return { text, commands: [], parsed: false };
  const hit = cache.get(text);
  if (hit) return hit;
  const masked = maskExpressions(text);
  const file = parseShell(masked, 'script');
  const commands: ScriptCommand[] = [];
  if (file.file) {
    // mvdan-sh offsets are UTF-8 byte offsets.
    const ascii = !/[^\x00-\x7f]/.test(masked);
    const toChar = ascii ? (b: number) => b : byteToChar(masked);
    // Commands are identified by their start offset (GopherJS wrappers are not stable identities).
    const redirected = new Set<number>();
    const piped = new Set<number>();
    walk(file.file, (node: ShNode) => {
      const t = nodeType(node);
      if (t === 'Stmt' && node.Cmd && node.Redirs.length > 0) redirected.add(node.Cmd.Pos().Offset());
      // mvdan/sh BinCmdOperator: 12 is `|`, 13 is `|&`.
      if (t === 'BinaryCmd' && (node.Op === 12 || node.Op === 13) && node.X?.Cmd) piped.add(node.X.Cmd.Pos().Offset());
      return true;
    });
    walk(file.file, (node: ShNode) => {
      if (nodeType(node) === 'CallExpr' && node.Args.length > 0) {
        const words = node.Args.map((w: ShNode) => ({ start: toChar(w.Pos().Offset()), end: toChar(w.End().Offset()) }));
        const raw = words.map((w: { start: number; end: number }) => text.slice(w.start, w.end));
        commands.push({ args: raw.map(unquote), raw, start: toChar(node.Pos().Offset()), end: toChar(node.End().Offset()), words, redirected: redirected.has(node.Pos().Offset()), piped: piped.has(node.Pos().Offset()) });
      }
      return true;
    });
  }
  const out = { text, commands, parsed: Boolean(file.file) };
  if (cache.size > 2000) cache.clear();
  cache.set(text, out);
  return out;
}

function byteToChar(text: string): (b: number) => number {
  const map: number[] = [];
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) map[b + k] = i;
    b += n;
    if (cp > 0xffff) i++;
  }
  map[b] = text.length;
  return (x: number) => map[x] ?? text.length;
}

/**
 * Map an offset inside a scalar's value back to an offset in the file. Exact for block scalars
 * (`run: |`) and single-line plain or quoted scalars without escapes; otherwise the scalar's start.
 */
export function valueOffsetToFile(node: Scalar, fileText: string, offset: number): number {
  const range = node.range;
  if (!range) return 0;
  const [start, valueEnd] = range;
  const src = fileText.slice(start, valueEnd);
  const value = String(node.value ?? '');
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    const header = src.indexOf('\n');
    if (header < 0) return start;
    const lines = src.slice(header + 1).split('\n');
    const first = lines.find((l) => l.trim() !== '') ?? '';
    const indent = first.length - first.trimStart().length;
    // Which line and column of the value holds the offset?
    const before = value.slice(0, offset);
    const line = before.split('\n').length - 1;
    const col = offset - (before.lastIndexOf('\n') + 1);
    if (node.type === Scalar.BLOCK_FOLDED) return start;
    let off = start + header + 1;
    for (let i = 0; i < line && i < lines.length; i++) off += lines[i].length + 1;
    return Math.min(off + indent + col, valueEnd);
  }
  if (!value.includes('\n')) {
    const q = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
    if (src.length - 2 * q === value.length) return start + q + offset;
  }
  return start;
}
