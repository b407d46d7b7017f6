// A reader for the plain block YAML our templates write: block mappings and sequences, plain and
// one-line quoted scalars, literal and folded block scalars, one-line flow sequences of scalars.
// Reading generated workflows and rule files back (the handoff, the context files, the docs' alert
// tables) with the `yaml` package cost a run ~60 ms plus its garbage: a parser that general,
// started cold, is slow on 50 KB. This one returns exactly what yaml's parse() returns for the same
// text, or undefined at anything outside that subset (anchors, tags, flow mappings, multi-line
// plain or quoted scalars, document markers, ...), where the caller falls back to parse().
// test/generate/block-yaml.test.ts holds it to parse() on every YAML file of the answer matrix.

/** Thrown inside the reader at anything outside the subset; never escapes parseBlockYaml. */
class Unsupported extends Error {}
const unsupported = (): never => {
  throw new Unsupported();
};

interface Line {
  indent: number;
  /** The line without its indentation. */
  text: string;
}

// Core schema (YAML 1.2, yaml's default) for plain scalars; forms we do not resolve bail out.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const OTHER_NUMBER = /^(?:0o|0x|[-+]?\.(?:inf|Inf|INF)$|\.nan$|\.NaN$|\.NAN$|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE])/;

function resolvePlain(s: string): unknown {
  if (NULL.test(s)) return null;
  if (TRUE.test(s)) return true;
  if (FALSE.test(s)) return false;
  if (INT.test(s) || FLOAT.test(s)) return Number(s);
  if (OTHER_NUMBER.test(s)) unsupported();
  return s;
}

/** Plain keys we accept: names, not numbers or booleans, nothing needing a quote or an escape. */
const PLAIN_KEY = /^[A-Za-z_$/.][\w$./-]*$/;
const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };
/** A block sequence entry: `- ` or a lone `-`. */
const ITEM = /^-(?:\s|$)/;
/** Leading spaces of a line (a blank line: all of it). */
function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}
const blank = (line: string) => indentOf(line) === line.length;
/** After a quoted scalar or a flow sequence: nothing but a comment. */
const TRAILER = /^(?:\s*|\s+#.*)$/;

/** A one-line quoted scalar at `s[0]`: its value and the text after it. Copied in runs, not by character. */
function quoted(s: string): { value: string; rest: string } {
  const q = s[0];
  let value = '';
  let from = 1;
  for (;;) {
    const end = s.indexOf(q, from);
    const esc = q === '"' ? s.indexOf('\\', from) : -1;
    if (end < 0) return unsupported(); // not closed on its line
    if (q === "'") {
      value += s.slice(from, end);
      if (s[end + 1] !== "'") return { value, rest: s.slice(end + 1) };
      value += "'";
      from = end + 2;
    } else if (esc < 0 || end < esc) {
      return { value: value + s.slice(from, end), rest: s.slice(end + 1) };
    } else {
      value += s.slice(from, esc);
      const e = s[esc + 1];
      from = esc + 2;
      if (e in SIMPLE_ESCAPES) value += SIMPLE_ESCAPES[e];
      else if (e in HEX_ESCAPES) {
        const hex = s.slice(from, from + HEX_ESCAPES[e]);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== HEX_ESCAPES[e]) unsupported();
        value += String.fromCodePoint(parseInt(hex, 16));
        from += hex.length;
      } else unsupported();
    }
  }
}

/** A plain scalar in block context (comment removed), resolved. */
function plain(s: string): unknown {
  if (/^[,[\]{}#&*!|>%@`]/.test(s) || /^[-?:](?:\s|$)/.test(s)) unsupported();
  const hash = s.search(/\s#/);
  const text = (hash < 0 ? s : s.slice(0, hash)).trimEnd();
  if (/:(?:\s|$)/.test(text) || text.includes('\t')) unsupported();
  return resolvePlain(text);
}

/** `[a, "b", c]` on one line: scalars only. */
function flowSequence(s: string): unknown[] {
  const items: unknown[] = [];
  let rest = s.slice(1).trimStart();
  if (rest[0] === ']') return TRAILER.test(rest.slice(1)) ? items : unsupported();
  for (;;) {
    let value: unknown;
    if (rest[0] === '"' || rest[0] === "'") {
      const q = quoted(rest);
      value = q.value;
      rest = q.rest.trimStart();
    } else {
      const m = /^[^,[\]{}#'"\s:?&*!|>%@`-][^,[\]{}#:]*/.exec(rest);
      if (!m) return unsupported();
      value = resolvePlain(m[0].trimEnd());
      rest = rest.slice(m[0].length);
    }
    items.push(value);
    if (rest[0] === ']') return TRAILER.test(rest.slice(1)) ? items : unsupported();
    if (rest[0] !== ',') return unsupported();
    rest = rest.slice(1).trimStart();
    if (rest[0] === ']' || rest === '') unsupported(); // trailing comma, or continued on the next line
  }
}

/** `key: rest` with a plain or quoted key, or undefined when the line is not a mapping entry. */
function splitKey(text: string): { key: string; rest: string } | undefined {
  if (text[0] === '"' || text[0] === "'") {
    const q = quoted(text);
    const m = /^\s*:(?:\s+|$)/.exec(q.rest);
    return m ? { key: q.value, rest: q.rest.slice(m[0].length) } : undefined;
  }
  const m = /:(?:\s+|$)/.exec(text);
  if (!m) return undefined;
  const key = text.slice(0, m.index);
  // A `: ` anywhere else (a `#` before it, a key we do not read) is more than this reader knows.
  if (!PLAIN_KEY.test(key) || resolvePlain(key) !== key) unsupported();
  return { key, rest: text.slice(m.index + m[0].length) };
}

class Reader {
  private i = 0;
  constructor(
    private readonly raw: string[],
    private readonly lines: Array<Line | undefined>,
  ) {}

  /** Index of the next line holding a node (not blank, not a comment), or lines.length. */
  private next(): number {
    while (this.i < this.lines.length && this.lines[this.i] === undefined) this.i++;
    return this.i;
  }

  private peek(): Line | undefined {
    return this.lines[this.next()];
  }

  document(): unknown {
    const first = this.peek();
    if (!first || first.indent !== 0) return unsupported();
    const value = ITEM.test(first.text) ? this.sequence(0) : this.mapping(0);
    if (this.peek()) unsupported();
    return value;
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (let line = this.peek(); line && line.indent >= indent; line = this.peek()) {
      if (line.indent > indent) unsupported();
      if (ITEM.test(line.text)) break; // a sequence at our indentation: the parent's
      const entry = splitKey(line.text) ?? unsupported();
      if (Object.hasOwn(map, entry.key) || entry.key === '__proto__') unsupported();
      this.i++;
      map[entry.key] = this.value(entry.rest, indent, true);
    }
    return map;
  }

  private sequence(indent: number): unknown[] {
    const list: unknown[] = [];
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      const m = /^-( +)(\S.*)$/.exec(line.text);
      if (!m) {
        if (ITEM.test(line.text)) unsupported(); // an item on the next lines
        break;
      }
      const item = m[2];
      if (/^#/.test(item) || ITEM.test(item)) unsupported(); // an empty item, or a nested sequence
      const column = indent + 1 + m[1].length;
      if (splitKey(item)) {
        // `- key: value`: a mapping whose first entry sits on the dash's line.
        this.lines[this.i] = { indent: column, text: item };
        list.push(this.mapping(column));
      } else {
        this.i++;
        list.push(this.value(item, indent, false));
      }
    }
    const after = this.peek();
    if (after && after.indent > indent) unsupported();
    return list;
  }

  /** The value after `key:` or `- ` on a line whose node sits at `indent`. */
  private value(rest: string, indent: number, inMapping: boolean): unknown {
    if (rest === '' || rest[0] === '#') {
      const next = this.peek();
      if (next && next.indent > indent) return ITEM.test(next.text) ? this.sequence(next.indent) : this.mapping(next.indent);
      if (next && inMapping && next.indent === indent && ITEM.test(next.text)) return this.sequence(indent);
      return null;
    }
    let value: unknown;
    if (rest[0] === '|' || rest[0] === '>') return this.blockScalar(rest, indent);
    if (rest[0] === '[') value = flowSequence(rest);
    else if (rest[0] === '"' || rest[0] === "'") {
      const q = quoted(rest);
      if (!TRAILER.test(q.rest)) unsupported();
      value = q.value;
    } else value = plain(rest);
    // A more indented line after a scalar would continue it (or be an error): not ours to read.
    const next = this.peek();
    if (next && next.indent > indent) unsupported();
    return value;
  }

  /** `|`, `|-`, `>`, `>-` whose content starts on the next line, more indented than `parent`. */
  private blockScalar(header: string, parent: number): string {
    const h = /^([|>])(-?)(?:\s+#.*)?\s*$/.exec(header) ?? unsupported();
    const start = this.i;
    let end = start;
    let n = -1;
    for (; end < this.raw.length; end++) {
      const line = this.raw[end];
      const spaces = indentOf(line);
      if (spaces === line.length) continue; // blank: part of the scalar (or trailing, chomped)
      if (spaces <= parent) break;
      if (n < 0) n = spaces;
      else if (spaces < n) unsupported(); // less indented than the first line: yaml's error
    }
    this.i = end;
    if (n < 0) return '';
    let last = end - 1;
    while (blank(this.raw[last])) last--;
    if (last === this.raw.length - 1) unsupported(); // no line break after the last line
    const lines: string[] = [];
    for (let k = start; k < end; k++) {
      const line = this.raw[k];
      if (!blank(line)) lines.push(line.slice(n));
      else if (line.length > n) unsupported(); // spaces beyond the indentation are content: rare
      else if (k < last) lines.push('');
    }
    const text = h[1] === '|' ? lines.join('\n') : fold(lines);
    return h[2] === '-' ? text : `${text}\n`;
  }
}

/** Folded content: lines joined by a space, each run of k blank lines between them a run of k newlines. */
function fold(lines: string[]): string {
  let out = '';
  let blanks = 0;
  let started = false;
  for (const line of lines) {
    if (line === '') {
      blanks++;
      continue;
    }
    if (/^\s/.test(line)) unsupported(); // more-indented lines keep their breaks: not handled
    out += started ? (blanks ? '\n'.repeat(blanks) : ' ') : '\n'.repeat(blanks);
    out += line;
    blanks = 0;
    started = true;
  }
  return out;
}

/** yaml's parse(text) for text in the block subset; undefined for anything else (then use parse()). */
export function parseBlockYaml(text: string): unknown {
  if (/[\r\uFEFF]/.test(text)) return undefined;
  const raw = text.split('\n');
  const lines = raw.map((line): Line | undefined => {
    const indent = indentOf(line);
    const body = line.slice(indent);
    return body === '' || body[0] === '#' ? undefined : { indent, text: body };
  });
  // Tabs in indentation, document markers and directives: not ours (block scalar contents are
  // indented, so a column-0 `---` or `%` is always a marker).
  if (lines.some((l) => l && (l.text[0] === '\t' || (l.indent === 0 && /^(?:---|\.\.\.|%)/.test(l.text))))) return undefined;
  try {
    return new Reader(raw, lines).document();
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}
