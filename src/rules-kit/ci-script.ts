// CI scripts (`run:` in GitHub Actions, `script:` in GitLab CI) read as shell: `${{ … }}` expressions
// are masked with same-length placeholders so mvdan-sh parses the script and offsets stay exact,
// and offsets inside the script map back to the file (block scalars keep their line structure).
import { Scalar } from 'yaml';
import { parseShell, walk } from '../repo/parsers/shell.js';

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
    // Commands are identified by their start offset.
    const redirected = new Set<number>();
    const piped = new Set<number>();
    walk(file.file, (node) => {
      if (node.type === 'Stmt' && node.cmd && node.redirs) redirected.add(node.cmd.pos);
      // mvdan/sh BinCmdOperator: 12 is `|`, 13 is `|&`.
      if (node.type === 'BinaryCmd' && (node.op === 12 || node.op === 13) && node.x?.cmd) piped.add(node.x.cmd.pos);
      return true;
    });
    walk(file.file, (node) => {
      if (node.type === 'CallExpr' && node.args?.length) {
        const words = node.args.map((w) => ({ start: w.pos, end: w.end }));
        const raw = words.map((w) => text.slice(w.start, w.end));
        commands.push({ args: raw.map(unquote), raw, start: node.pos, end: node.end, words, redirected: redirected.has(node.pos), piped: piped.has(node.pos) });
      }
      return true;
    });
  }
  const out = { text, commands, parsed: Boolean(file.file) };
  if (cache.size > 2000) cache.clear();
  cache.set(text, out);
  return out;
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
