// Certain fixes: apply rules' offset edits to file text, repeat until nothing changes, and show
// the result as a unified diff.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileSource } from '../repo/sources.js';
import type { Finding } from './types.js';

export interface FileFix {
  file: string;
  before: string;
  after: string;
  applied: number;
  skipped: number;
}

/** Apply every non-overlapping edit of the findings' fixes to one file's text. */
export function applyFixes(text: string, findings: Finding[]): { text: string; applied: number; skipped: number } {
  const edits = findings
    .flatMap((f) => (f.fix ? [{ edits: [...f.fix.edits].sort((a, b) => a.start - b.start) }] : []))
    .sort((a, b) => a.edits[0].start - b.edits[0].start);
  let out = '';
  let pos = 0;
  let applied = 0;
  let skipped = 0;
  for (const fix of edits) {
    // A fix is applied whole or not at all. One that overlaps or touches an earlier fix (two
    // rules inserting at the same place, e.g. each adding a `securityContext:`) waits for the
    // next pass, which sees the first fix applied.
    if ((applied > 0 && fix.edits[0].start <= pos) || fix.edits.some((e, i) => i > 0 && e.start < fix.edits[i - 1].end) || fix.edits.some((e) => e.end > text.length || e.end < e.start)) {
      skipped++;
      continue;
    }
    for (const e of fix.edits) {
      out += text.slice(pos, e.start) + e.text;
      pos = e.end;
    }
    applied++;
  }
  return { text: out + text.slice(pos), applied, skipped };
}

/** Lines of a diff that must not be printed: they hold (or may hold) a secret. */
export interface HiddenLines {
  /** 1-based line numbers in the old text. */
  lines: ReadonlySet<number>;
  /** Single-line spans of the findings (1-based, end exclusive): their text is hidden wherever it shows up. */
  spans: Array<{ line: number; column: number; endColumn: number }>;
}

const KEY_MATERIAL = /^\s*[A-Za-z0-9+/]{40,}={0,2}\s*$/;
const HIDDEN = '… (line hidden: it holds a secret)';

/** The old text's lines that carry a secrets-management finding (its whole range), for unifiedDiff. */
export function secretLines(findings: Finding[]): HiddenLines {
  const lines = new Set<number>();
  const spans: HiddenLines['spans'] = [];
  for (const f of findings) {
    if (f.checklistItem !== 'security.secrets-management') continue;
    for (let l = f.line; l <= Math.min(f.endLine, f.line + 100); l++) lines.add(l);
    if (f.endLine === f.line) spans.push({ line: f.line, column: f.column, endColumn: f.endColumn });
  }
  return { lines, spans };
}

/** A unified diff (3 lines of context) between two texts; '' when equal. Hidden lines (and lines that look like key material) are never shown. */
export function unifiedDiff(file: string, a: string, b: string, hidden?: HiddenLines): string {
  if (a === b) return '';
  // Lines keep their terminator, so a last line without one differs from the same line with one,
  // and is printed with git's "\ No newline at end of file" marker: patch and git apply read it.
  const x = a.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const y = b.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  // LCS table on lines; fixes touch small config files, so O(n·m) is fine up to a cap.
  if (x.length * y.length > 25_000_000) return `--- a/${file}\n+++ b/${file}\n@@ file too large to diff @@\n`;
  const n = x.length;
  const m = y.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Array<{ op: ' ' | '-' | '+'; line: string; ai: number; bi: number }> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) ops.push({ op: ' ', line: x[i++], ai: i, bi: ++j });
    else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ op: '-', line: x[i++], ai: i, bi: j });
    else ops.push({ op: '+', line: y[j++], ai: i, bi: j });
  }
  // Old lines are hidden by number; a new line is hidden when it repeats a hidden old line's text.
  // A fix that rewrites a line holding a secret: the value is hidden in the new line too.
  const hiddenText = new Set([...(hidden?.lines ?? [])].map((l) => x[l - 1]).filter((t) => t !== undefined));
  const values = (hidden?.spans ?? []).map((sp) => (x[sp.line - 1] ?? '').slice(sp.column - 1, sp.endColumn - 1)).filter((v) => v.length >= 6);
  const hide = (o: { op: string; line: string; ai: number }) =>
    KEY_MATERIAL.test(o.line) || values.some((v) => o.line.includes(v)) || (o.op === '+' ? hiddenText.has(o.line) : Boolean(hidden?.lines.has(o.ai)));
  const out = [`--- a/${file}`, `+++ b/${file}`];
  const CONTEXT = 3;
  let k = 0;
  while (k < ops.length) {
    if (ops[k].op === ' ') {
      k++;
      continue;
    }
    let start = Math.max(0, k - CONTEXT);
    let end = k;
    // Extend the hunk while changes are within 2×context of each other.
    let lastChange = k;
    while (end < ops.length && (ops[end].op !== ' ' || end - lastChange <= CONTEXT * 2)) {
      if (ops[end].op !== ' ') lastChange = end;
      end++;
    }
    end = Math.min(ops.length, lastChange + CONTEXT + 1);
    const hunk = ops.slice(start, end);
    const aStart = hunk.filter((o) => o.op !== '+').length ? countBefore(ops, start, '+') + 1 : countBefore(ops, start, '+');
    const bStart = hunk.filter((o) => o.op !== '-').length ? countBefore(ops, start, '-') + 1 : countBefore(ops, start, '-');
    out.push(`@@ -${aStart},${hunk.filter((o) => o.op !== '+').length} +${bStart},${hunk.filter((o) => o.op !== '-').length} @@`);
    for (const o of hunk) {
      const eol = o.line.endsWith('\n');
      out.push(`${o.op}${hide(o) ? HIDDEN : eol ? o.line.slice(0, -1) : o.line}`);
      if (!eol) out.push('\\ No newline at end of file');
    }
    k = end;
    start = end;
  }
  return `${out.join('\n')}\n`;
}

/** Lines of the old (skip '+') or new (skip '-') file before op index `upTo`. */
function countBefore(ops: Array<{ op: string }>, upTo: number, skip: '+' | '-'): number {
  let c = 0;
  for (let i = 0; i < upTo; i++) if (ops[i].op !== skip) c++;
  return c;
}

/** A file as the fixer reads and writes it: the text rules saw, and a BOM to put back. */
interface FixText {
  text: string;
  bom: boolean;
}

/** The text the audit saw for a file on disk; undefined for encodings the fixer does not write (UTF-16). */
function readForFix(path: string): FixText | undefined {
  const buf = readFileSync(path);
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return undefined;
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  return { text: buf.subarray(bom ? 3 : 0).toString('utf8'), bom };
}

/** The disk, with fixed files' new text laid over it: the next pass audits what a write would leave. */
class OverlaySource implements FileSource {
  constructor(
    readonly root: string,
    readonly files: Map<string, FixText>,
  ) {}
  read(path: string): Buffer {
    const f = this.files.get(path);
    return f ? Buffer.from(f.text, 'utf8') : readFileSync(join(this.root, path));
  }
  absolute(path: string): string {
    return join(this.root, path);
  }
}

export interface FixResult {
  /** Files whose text changed: relative path → before, after, BOM. */
  files: Map<string, { before: string; after: string; bom: boolean }>;
  passes: number;
}

/**
 * Apply the unsuppressed findings' fixes (`first`: the audit already run) in memory, audit again
 * over the fixed text, and repeat until a pass changes
 * nothing (or `maxPasses`): fixes that had to wait for another (same spot) land in a later pass,
 * so one `--fix` leaves nothing a second `--fix` would change. Nothing is written here.
 */
export async function fixUntilStable(root: string, first: Finding[], audit: (source: FileSource) => Promise<Finding[]>, maxPasses = 10): Promise<FixResult> {
  const original = new Map<string, FixText>();
  const current = new Map<string, FixText>();
  const source = new OverlaySource(root, current);
  let passes = 0;
  while (passes < maxPasses) {
    passes++;
    const byFile = new Map<string, Finding[]>();
    for (const f of passes === 1 ? first : await audit(source)) if (f.fix && !f.suppressed) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    let changed = false;
    for (const [file, list] of byFile) {
      let now = current.get(file);
      if (!now) {
        const read = readForFix(join(root, file));
        if (!read) continue;
        now = read;
        original.set(file, read);
      }
      const { text } = applyFixes(now.text, list);
      if (text === now.text) continue;
      current.set(file, { text, bom: now.bom });
      changed = true;
    }
    if (!changed) break;
  }
  const files = new Map<string, { before: string; after: string; bom: boolean }>();
  for (const [file, now] of [...current].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const before = original.get(file)!;
    if (now.text !== before.text) files.set(file, { before: before.text, after: now.text, bom: now.bom });
  }
  return { files, passes };
}
