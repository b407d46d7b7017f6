// Turn whatever a rule points at (YAML node, Dockerfile range, tree-sitter node, offset, line)
// into a 1-based Location inside the file.
import type { LineIndex } from '../repo/line-index.js';
import type { At, Location } from './types.js';

export function toLocation(at: At | undefined, lines: LineIndex): Location {
  return sane(rawLocation(at, lines));
}

/** Whole numbers from 1 up, end never before start: NaN, negatives or fractions from a rule never reach a report. */
function sane(l: Location): Location {
  const n = (v: number, min: number) => (Number.isFinite(v) ? Math.max(min, Math.floor(v)) : min);
  const line = n(l.line, 1);
  const column = n(l.column, 1);
  const endLine = n(l.endLine, line);
  const endColumn = endLine === line ? n(l.endColumn, column) : n(l.endColumn, 1);
  return { line, column, endLine, endColumn };
}

/** The 1-based line of what a rule points at; the file's line index is asked for only when needed. */
export function lineOf(at: At, lines: () => LineIndex): number {
  const a = at as Record<string, unknown>;
  const lineOnly = typeof a.line === 'number' && a.offset === undefined && a.range === undefined && a.startPosition === undefined && a.getRange === undefined;
  return lineOnly ? sane({ line: a.line as number, column: 1, endLine: a.line as number, endColumn: 1 }).line : toLocation(at, lines()).line;
}

function rawLocation(at: At | undefined, lines: LineIndex): Location {
  if (!at) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const a = at as Record<string, unknown>;
  if (typeof a.getRange === 'function') {
    const r = (a.getRange as () => { start: { line: number; character: number }; end: { line: number; character: number } } | null)();
    if (r) return { line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
  }
  if (a.startPosition && a.endPosition) {
    const s = a.startPosition as { row: number; column: number };
    const e = a.endPosition as { row: number; column: number };
    return { line: s.row + 1, column: s.column + 1, endLine: e.row + 1, endColumn: e.column + 1 };
  }
  if (Array.isArray(a.range)) {
    const [start, valueEnd] = a.range as number[];
    return fromOffsets(start, valueEnd ?? start, lines);
  }
  if (typeof a.offset === 'number') {
    return fromOffsets(a.offset, a.offset + ((a.length as number | undefined) ?? 0), lines);
  }
  if (typeof a.line === 'number') {
    const line = Math.max(1, a.line);
    const column = Math.max(1, (a.column as number | undefined) ?? 1);
    const endLine = Math.max(line, (a.endLine as number | undefined) ?? line);
    const endColumn = (a.endColumn as number | undefined) ?? (endLine === line ? Math.max(column, lines.lineText(line).length + 1) : 1);
    return { line, column, endLine, endColumn };
  }
  return { line: 1, column: 1, endLine: 1, endColumn: 1 };
}

function fromOffsets(start: number, end: number, lines: LineIndex): Location {
  const s = lines.position(start);
  const e = lines.position(Math.max(start, end));
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}
